// Every git process goes through src/core/git: a scan of src/ for modules that start processes
// (node:child_process) or wrap git (simple-git) outside the runner and the hook's one call.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');

/** Modules that may load node:child_process, and what they start. */
const STARTS_PROCESSES: Record<string, string> = {
  'src/core/git/runner.ts': 'git, for everything',
  'src/core/git/hookGit.ts': "git, for the commit-msg hook's read of core.commentChar",
  'src/core/checks/process.ts': "the user's check commands",
  'src/cli/hook/extraCerts.ts': 'node again, to restart the hook with NODE_EXTRA_CA_CERTS',
  'src/cli/hook/lazyChildProcess.ts': "@commitlint/rules' own child_process, loaded on first use",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const sources = sourceFiles(join(ROOT, 'src')).map((path) => ({
  file: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

describe('who starts git', () => {
  it('only the modules listed load node:child_process', () => {
    const loading = sources.filter(({ text }) => /['"](node:)?child_process['"]/.test(text)).map(({ file }) => file);
    assert.deepEqual(loading.sort(), Object.keys(STARTS_PROCESSES).sort());
  });

  it('no module outside src/core/git names git as the program to spawn', () => {
    const spawnsGit = /\b(spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*['"`]git\b/;
    const found = sources.filter(({ file, text }) => !file.startsWith('src/core/git/') && spawnsGit.test(text));
    assert.deepEqual(
      found.map(({ file }) => file),
      [],
    );
  });

  it('nothing imports simple-git', () => {
    const found = sources.filter(({ text }) => /from ['"]simple-git['"]|require\(['"]simple-git['"]\)/.test(text));
    assert.deepEqual(
      found.map(({ file }) => file),
      [],
    );
  });

  it('the scan sees the runner spawning git (so it would see another module doing it)', () => {
    const runner = sources.find(({ file }) => file === 'src/core/git/runner.ts');
    assert.match(runner?.text ?? '', /spawn\('git'/);
  });
});
