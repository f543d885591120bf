// The hooks with real git: `stackline hooks install|uninstall|status` (dist/cli.js) and the installed
// commit-msg / pre-push hooks rejecting and accepting real commits and pushes, finding Node without
// PATH, and living beside the real husky (9.1.7) and lefthook (2.2.2) from the npm registry.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hookTools } from '../helpers/hookTools';
import { makeClone, makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function stackline(repo: TestRepo, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: 'utf8' });
  return { code: result.status, out: result.stdout + result.stderr };
}

/** `git commit` as a person runs it (hooks on); returns the exit code and what git and the hook printed. */
function commit(
  repo: TestRepo,
  message: string,
  options: { env?: NodeJS.ProcessEnv; args?: string[] } = {},
): SpawnSyncReturns<string> {
  return spawnSync('git', ['commit', '--allow-empty', '-m', message, ...(options.args ?? [])], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: options.env ?? process.env,
  });
}

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

test('hooks install (own hooks folder): the commit-msg hook rejects a bad message, accepts a good one, honours --no-verify', () => {
  const repo = makeRepo();
  repo.commit('chore: start');
  let status = stackline(repo, 'hooks', 'status');
  assert.equal(status.code, 0);
  assert.match(status.out, /✖ commit-msg: not installed \(in \.stackline\/hooks\/commit-msg\)/);

  const install = stackline(repo, 'hooks', 'install');
  assert.equal(install.code, 0, install.out);
  assert.match(
    install.out,
    /^Wrote \.stackline\/run-hook\.sh, \.stackline\/hook\.js, \.stackline\/\.gitattributes, \.stackline\/hooks\/commit-msg\.$/m,
  );
  assert.match(install.out, /Commit \.stackline\/ so every clone gets the checks\./);
  assert.match(install.out, /Set core\.hooksPath to \.stackline\/hooks in this clone/);
  assert.equal(repo.git('config', 'core.hooksPath').trim(), '.stackline/hooks');
  assert.ok(
    isExecutable(join(repo.dir, '.stackline/hooks/commit-msg')) &&
      isExecutable(join(repo.dir, '.stackline/run-hook.sh')),
  );
  assert.deepEqual(
    readFileSync(join(repo.dir, '.stackline/hook.js')),
    readFileSync(join(ROOT, 'dist/hook.js')),
    'the bundle is copied as is',
  );
  assert.ok(
    !existsSync(join(repo.dir, '.stackline/hooks/pre-push')),
    'no pre-push hook unless the settings ask for it',
  );

  const head = repo.head();
  const bad = commit(repo, 'Fixed the login bug.');
  assert.equal(bad.status, 1, bad.stderr);
  assert.equal(repo.head(), head, 'no commit was made');
  assert.match(bad.stderr, /^✖ subject may not be empty \[subject-empty\]$/m);
  assert.match(bad.stderr, /^✖ type may not be empty \[type-empty\]$/m);
  assert.match(
    bad.stderr,
    /The message breaks the commit rules: 3 errors \(rules: the default rules \(@commitlint\/config-conventional\)/,
  );
  assert.match(
    bad.stderr,
    /Your message is kept in \.git\/COMMIT_EDITMSG: fix it with git commit -e -F \.git\/COMMIT_EDITMSG, or skip this check once with git commit --no-verify\./,
  );

  const warned = commit(repo, 'fix(auth): refresh tokens early\nbody without a blank line');
  assert.equal(warned.status, 0, warned.stderr);
  assert.match(
    warned.stderr,
    /^⚠ body must have leading blank line \[body-leading-blank\]$/m,
    'warnings are shown but do not stop the commit',
  );
  assert.equal(commit(repo, 'feat(api)!: drop the v1 endpoints').status, 0);
  assert.equal(commit(repo, "Merge branch 'x' into main").status, 0, 'merges are ignored by default');
  assert.equal(commit(repo, 'WIP', { args: ['--no-verify'] }).status, 0, '--no-verify skips the hook');
  assert.equal(repo.git('log', '-1', '--format=%s').trim(), 'WIP');

  status = stackline(repo, 'hooks', 'status');
  assert.match(status.out, /^Hook manager: Stackline's hooks folder \(\.stackline\/hooks\/, core\.hooksPath\)$/m);
  assert.match(status.out, /^✔ commit-msg: runs from \.stackline\/hooks\/commit-msg$/m);
  assert.match(status.out, /^– pre-push: off/m);
  assert.match(
    stackline(repo, 'hooks', 'install').out,
    /^✔ commit-msg: runs from/m,
    'installing again changes nothing',
  );

  const uninstall = stackline(repo, 'hooks', 'uninstall');
  assert.match(
    uninstall.out,
    /Removed Stackline's hooks from \.stackline\/hooks\/commit-msg, \.stackline\/run-hook\.sh, \.stackline\/hook\.js, \.stackline\/\.gitattributes\. Commit the change/,
  );
  assert.match(uninstall.out, /Unset core\.hooksPath in this clone\./);
  assert.ok(!existsSync(join(repo.dir, '.stackline')));
  assert.equal(commit(repo, 'Bad again.').status, 0, 'no hook after uninstall');
});

test('the hook uses the repository config, including a JavaScript one, and its settings', () => {
  const repo = makeRepo();
  repo.commit('chore: start');
  repo.write({
    'commitlint.config.mjs':
      "export default { rules: { 'type-enum': [2, 'always', ['deploy']], 'type-empty': [2, 'never'] } };\n",
  });
  assert.equal(stackline(repo, 'hooks', 'install').code, 0);
  const rejected = commit(repo, 'feat: add x');
  assert.equal(rejected.status, 1);
  assert.match(rejected.stderr, /✖ type must be one of \[deploy\] \[type-enum\]/);
  assert.match(rejected.stderr, /\(rules: commitlint\.config\.mjs;/);
  assert.equal(commit(repo, 'deploy: Ship It').status, 0);

  repo.write({ 'commitlint.config.mjs': 'export default { rules: { oops' });
  const broken = commit(repo, 'deploy: again');
  assert.equal(broken.status, 1);
  assert.match(
    broken.stderr,
    /^stackline: commitlint\.config\.mjs failed to load: .*\. Fix the file\.\nFix that, or skip the check once with --no-verify\.$/m,
  );

  repo.write({
    'commitlint.config.mjs': '',
    '.stackline.json': JSON.stringify({ conventions: { hooks: { commitMsg: false } } }),
  });
  assert.equal(commit(repo, 'anything goes').status, 0, 'hooks.commitMsg: false turns the check off');
});

/** A folder with git and the few tools the hook needs, but no node. */
function pathWithoutNode(): string {
  const bin = tempDir('stackline-bin-');
  for (const tool of ['git', 'sh', 'dirname'])
    symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
  return bin;
}

/** A stand-in executable that records its use and runs the real node. */
function loggingNode(path: string, log: string, label: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho ${label} >> "${log}"\nexec "${process.execPath}" "$@"\n`);
  chmodSync(path, 0o755);
}

test("the hook finds Node without PATH: VS Code's VSCODE_GIT_ASKPASS_NODE, then nvm's newest version", () => {
  const repo = makeRepo();
  repo.commit('chore: start');
  assert.equal(stackline(repo, 'hooks', 'install').code, 0);
  const home = tempDir('stackline-home-');
  const log = join(home, 'used.log');
  const bare: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithoutNode(), HOME: home, NVM_DIR: '' };
  delete bare.VSCODE_GIT_ASKPASS_NODE;
  assert.notEqual(spawnSync('sh', ['-c', 'command -v node'], { env: bare }).status, 0, 'node is really off PATH');

  const askpassNode = join(home, 'vscode', 'code');
  loggingNode(askpassNode, log, 'vscode');
  const vscodeEnv = { ...bare, VSCODE_GIT_ASKPASS_NODE: askpassNode };
  const rejected = commit(repo, 'Bad message.', { env: vscodeEnv });
  assert.equal(rejected.status, 1, rejected.stderr);
  assert.match(rejected.stderr, /\[type-empty\]/);
  assert.equal(commit(repo, 'fix: found node through VS Code', { env: vscodeEnv }).status, 0);
  assert.equal(readFileSync(log, 'utf8'), 'vscode\nvscode\n');

  loggingNode(join(home, '.nvm/versions/node/v9.11.2/bin/node'), log, 'nvm-v9');
  loggingNode(join(home, '.nvm/versions/node/v20.19.0/bin/node'), log, 'nvm-v20');
  const nvm = commit(repo, 'Bad message.', { env: bare });
  assert.equal(nvm.status, 1, nvm.stderr);
  assert.match(readFileSync(log, 'utf8'), /nvm-v20\n$/, 'the newest nvm version (by major, not by name) ran the hook');
});

test('without any Node the hook says so and lets the commit through', (t) => {
  const fallbacks = ['/opt/homebrew/bin/node', '/usr/local/bin/node'];
  if (fallbacks.some(existsSync))
    return t.skip(`this machine has node at ${fallbacks.find(existsSync)}, which the hook would use`);
  const repo = makeRepo();
  repo.commit('chore: start');
  assert.equal(stackline(repo, 'hooks', 'install').code, 0);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: pathWithoutNode(),
    HOME: tempDir('stackline-home-'),
    NVM_DIR: '',
  };
  delete env.VSCODE_GIT_ASKPASS_NODE;
  const result = commit(repo, 'Bad message.', { env });
  assert.equal(result.status, 0);
  assert.match(
    result.stderr,
    /^stackline: Node\.js not found \(looked on PATH, in VSCODE_GIT_ASKPASS_NODE, nvm, Volta, \/opt\/homebrew and \/usr\/local\), so the commit-msg check did not run\. Install Node\.js or put it on PATH\.$/m,
  );
});

test('husky (the real husky 9): Stackline adds its check to .husky/commit-msg and keeps core.hooksPath', () => {
  const tools = hookTools();
  const repo = makeRepo();
  repo.write({
    'package.json': '{"name":"app","private":true}\n',
    '.husky/pre-commit': `echo husky-pre-commit-ran >> "${join(repo.dir, '.git', 'ran.log')}"\n`,
  });
  repo.commit('chore: start');
  const husky = spawnSync(tools.husky, [], { cwd: repo.dir, encoding: 'utf8' });
  assert.equal(husky.status, 0, husky.stdout + husky.stderr);
  assert.equal(repo.git('config', 'core.hooksPath').trim(), '.husky/_');
  writeFileSync(
    join(repo.dir, '.husky/commit-msg'),
    `echo team-commit-msg-ran >> "${join(repo.dir, '.git', 'ran.log')}"\n`,
  );

  const install = stackline(repo, 'hooks', 'install');
  assert.equal(install.code, 0, install.out);
  assert.match(
    install.out,
    /^Wrote \.stackline\/run-hook\.sh, \.stackline\/hook\.js, \.stackline\/\.gitattributes, \.husky\/commit-msg\.$/m,
  );
  assert.match(install.out, /^✔ commit-msg: runs from \.husky\/commit-msg$/m);
  assert.equal(repo.git('config', 'core.hooksPath').trim(), '.husky/_', 'husky keeps core.hooksPath');
  assert.ok(!existsSync(join(repo.dir, '.stackline/hooks')));
  assert.equal(
    readFileSync(join(repo.dir, '.husky/commit-msg'), 'utf8'),
    `# stackline: commit-msg check (stackline hooks install)\nsh .stackline/run-hook.sh commit-msg "$@" || exit $?\necho team-commit-msg-ran >> "${join(repo.dir, '.git', 'ran.log')}"\n`,
  );

  const bad = commit(repo, 'Bad message.');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr + bad.stdout, /\[type-empty\]/);
  assert.match(bad.stderr + bad.stdout, /husky - commit-msg script failed \(code 1\)/);
  assert.equal(commit(repo, 'feat: pass through husky').status, 0);
  assert.equal(
    readFileSync(join(repo.dir, '.git', 'ran.log'), 'utf8'),
    'husky-pre-commit-ran\nhusky-pre-commit-ran\nteam-commit-msg-ran\n',
    "the team's husky hooks still run",
  );
  assert.match(stackline(repo, 'hooks', 'status').out, /^Hook manager: husky \(\.husky\/\)$/m);

  const uninstall = stackline(repo, 'hooks', 'uninstall');
  assert.match(uninstall.out, /\.husky\/commit-msg/);
  assert.equal(
    readFileSync(join(repo.dir, '.husky/commit-msg'), 'utf8'),
    `echo team-commit-msg-ran >> "${join(repo.dir, '.git', 'ran.log')}"\n`,
  );
  assert.equal(commit(repo, 'Bad again.').status, 0);
});

test('husky not set up in a fresh clone: the check is committed, status says to run npm install', () => {
  const repo = makeRepo();
  repo.write({ '.husky/pre-commit': 'echo hi\n', '.husky/commit-msg': 'npx --no -- commitlint --edit "$1"\n' });
  repo.commit('chore: start');
  assert.match(
    stackline(repo, 'hooks', 'status').out,
    /^✖ commit-msg: not installed \(in \.husky\/commit-msg\); \.husky\/commit-msg runs commitlint already$/m,
    'VS Code does not offer the hook then',
  );
  const install = stackline(repo, 'hooks', 'install');
  assert.equal(install.code, 0);
  assert.match(install.out, /^✖ commit-msg: in \.husky\/commit-msg, but git does not run it in this clone$/m);
  assert.match(
    install.out,
    /husky is not set up in this clone: run npm install \(husky's "prepare" script\) or npx husky\./,
  );
  assert.equal(
    spawnSync('git', ['config', 'core.hooksPath'], { cwd: repo.dir }).status,
    1,
    'Stackline leaves core.hooksPath to husky',
  );
});

test("lefthook (the real lefthook 2): Stackline adds a command to lefthook.yml, keeping the team's config", () => {
  const tools = hookTools();
  const repo = makeRepo();
  const config = `# Team hooks\npre-commit:\n  commands:\n    say-hi:\n      run: echo lefthook-pre-commit-ran >> .git/ran.log\n`;
  repo.write({ 'lefthook.yml': config });
  repo.commit('chore: start');
  const env = { ...process.env, PATH: `${tools.binDir}:${process.env.PATH}` };
  const lefthook = (...args: string[]) => spawnSync(tools.lefthook, args, { cwd: repo.dir, encoding: 'utf8', env });
  assert.equal(lefthook('install').status, 0);

  const install = stackline(repo, 'hooks', 'install');
  assert.equal(install.code, 0, install.out);
  assert.match(install.out, /lefthook\.yml/);
  assert.equal(
    readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8'),
    `${config}\n# stackline: commit-msg check (stackline hooks install)\ncommit-msg:\n  commands:\n    stackline:\n      run: sh .stackline/run-hook.sh commit-msg {1}\n`,
  );
  assert.match(install.out, /lefthook has not installed this hook in this clone: run npx lefthook install/);
  assert.equal(lefthook('install').status, 0);
  assert.match(stackline(repo, 'hooks', 'status').out, /^✔ commit-msg: runs from lefthook\.yml$/m);

  const bad = commit(repo, 'Bad message.', { env });
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout + bad.stderr, /\[type-empty\]/);
  // lefthook runs pre-commit commands only when files are staged.
  repo.write({ 'staged.txt': 'x\n' });
  repo.git('add', 'staged.txt');
  const good = commit(repo, 'feat: through lefthook', { env });
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(
    readFileSync(join(repo.dir, '.git', 'ran.log'), 'utf8'),
    /lefthook-pre-commit-ran/,
    "the team's lefthook commands still run",
  );

  // A lefthook config that already has a commit-msg section gets one more command in it.
  writeFileSync(
    join(repo.dir, 'lefthook.yml'),
    `${config}commit-msg:\n  commands:\n    spell:\n      run: echo spell-ran >> .git/ran.log\n`,
  );
  assert.equal(stackline(repo, 'hooks', 'install').code, 0);
  assert.equal(
    readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8'),
    `${config}commit-msg:\n  commands:\n    stackline:\n      run: sh .stackline/run-hook.sh commit-msg {1}\n    spell:\n      run: echo spell-ran >> .git/ran.log\n`,
  );
  assert.equal(commit(repo, 'Bad again.', { env }).status, 1);
  assert.equal(stackline(repo, 'hooks', 'uninstall').code, 0);
  assert.equal(
    readFileSync(join(repo.dir, 'lefthook.yml'), 'utf8'),
    `${config}commit-msg:\n  commands:\n    spell:\n      run: echo spell-ran >> .git/ran.log\n`,
  );
});

test('a hooks folder the repository already uses (core.hooksPath): the check goes first in its commit-msg', () => {
  const repo = makeRepo();
  repo.write({ '.githooks/commit-msg': '#!/bin/sh\necho own-hook-ran >> .git/ran.log\nexit 0\n' });
  chmodSync(join(repo.dir, '.githooks/commit-msg'), 0o755);
  repo.commit('chore: start');
  repo.git('config', 'core.hooksPath', '.githooks');
  const install = stackline(repo, 'hooks', 'install');
  assert.match(install.out, /^✔ commit-msg: runs from \.githooks\/commit-msg$/m);
  assert.equal(
    readFileSync(join(repo.dir, '.githooks/commit-msg'), 'utf8'),
    '#!/bin/sh\n# stackline: commit-msg check (stackline hooks install)\nsh .stackline/run-hook.sh commit-msg "$@" || exit $?\necho own-hook-ran >> .git/ran.log\nexit 0\n',
  );
  assert.equal(commit(repo, 'Bad message.').status, 1, "the check runs before the hook's own exit 0");
  assert.equal(commit(repo, 'fix: ok').status, 0);
  assert.equal(readFileSync(join(repo.dir, '.git/ran.log'), 'utf8'), 'own-hook-ran\n');
});

test('install refuses to hide hooks kept in .git/hooks, and names them', () => {
  const repo = makeRepo();
  repo.commit('chore: start');
  writeFileSync(join(repo.dir, '.git/hooks/pre-commit'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(repo.dir, '.git/hooks/pre-commit'), 0o755);
  const install = stackline(repo, 'hooks', 'install');
  assert.equal(install.code, 1);
  assert.equal(
    install.out.trim(),
    'stackline: This clone has its own hooks in .git/hooks (pre-commit), which git would skip once core.hooksPath points at .stackline/hooks. Move them into .stackline/hooks/ (to share them) or delete them, then install the hooks again.\n  To fix: stackline hooks install',
  );
  assert.equal(spawnSync('git', ['config', 'core.hooksPath'], { cwd: repo.dir }).status, 1);
});

test('pre-push size check: warn prints and pushes, block stops the push; --no-verify pushes anyway', () => {
  const { origin, repo } = makeClone(2);
  origin.git('config', 'receive.denyCurrentBranch', 'ignore');
  repo.write({
    '.stackline.json': JSON.stringify({
      conventions: { size: { maxStackCommits: 2, maxCommitLines: 5 }, hooks: { prePush: 'warn' } },
    }),
  });
  repo.git('add', '.stackline.json');
  repo.git('commit', '-q', '-m', 'chore: size limits');
  assert.match(stackline(repo, 'hooks', 'install').out, /^✔ pre-push: runs from \.stackline\/hooks\/pre-push$/m);
  repo.git('add', '.stackline');
  repo.git('commit', '-q', '-m', 'chore: add the hooks');
  repo.git('switch', '-q', '-c', 'big');
  repo.commit('feat: ten lines', { 'a.txt': 'x\n'.repeat(10) });
  repo.commit('feat: one line', { 'b.txt': 'y\n' });
  const push = (branch: string, ...args: string[]) =>
    spawnSync('git', ['push', '-q', 'origin', branch, ...args], { cwd: repo.dir, encoding: 'utf8' });
  const warned = push('big');
  assert.equal(warned.status, 0, warned.stderr);
  assert.match(warned.stderr, /^⚠ big: This stack has 4 commits \(limit 2\)\. Consider landing or splitting it\.$/m);
  assert.match(
    warned.stderr,
    /^⚠ big: [0-9a-f]{9} \(feat: ten lines\): This commit changes 10 lines \(limit 5\)\. Consider splitting it\.$/m,
  );
  assert.doesNotMatch(warned.stderr, /one line/);
  assert.match(warned.stderr, /\(Size limits from \.stackline\.json; advisory\.\)/);

  repo.write({
    '.stackline.json': JSON.stringify({
      conventions: { size: { maxStackCommits: 2, maxCommitLines: 5, exclude: ['a.txt'] }, hooks: { prePush: 'block' } },
    }),
  });
  repo.git('switch', '-q', '-c', 'bigger');
  repo.commit('feat: block mode', { 'c.txt': 'z\n'.repeat(8) });
  const blocked = push('bigger');
  assert.equal(blocked.status, 1);
  assert.match(
    blocked.stderr,
    /The push was stopped \(size limits in \.stackline\.json\)\. Push anyway with git push --no-verify\./,
  );
  assert.doesNotMatch(blocked.stderr, /ten lines/, 'excluded paths do not count');
  assert.equal(
    spawnSync('git', ['rev-parse', '--verify', '-q', 'refs/heads/bigger'], { cwd: origin.dir }).status,
    1,
    'the branch did not reach the remote',
  );
  assert.equal(push('bigger', '--no-verify').status, 0);
});

test('stackline lint: a file, stdin, the current stack, and mistakes in how it is called', () => {
  const { repo } = makeClone(1);
  repo.git('switch', '-q', '-c', 'stack');
  repo.commit('feat(api): add x', { 'x.txt': 'x\n' });
  repo.commit('Update stuff.', { 'y.txt': 'y\n'.repeat(500) });
  const stack = stackline(repo, 'lint');
  assert.equal(stack.code, 1, stack.out);
  const lines = stack.out.split('\n');
  assert.match(lines[0], /^✖ [0-9a-f]{9} {2}Update stuff\.$/);
  assert.ok(lines.includes('    ✖ type may not be empty [type-empty]'), stack.out);
  assert.ok(lines.includes('    ⚠ This commit changes 500 lines (limit 400). Consider splitting it.'), stack.out);
  assert.ok(
    lines.some((l) => /^✔ [0-9a-f]{9} {2}feat\(api\): add x$/.test(l)),
    stack.out,
  );
  assert.match(
    stack.out,
    /1 of 2 commit messages break the commit rules \(the default rules \(@commitlint\/config-conventional\)\)\.\nFix them with git commit --amend/,
  );

  writeFileSync(
    join(repo.dir, 'msg.txt'),
    'feat: fine\n# a comment that would break the header-max-length rule if it counted: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n',
  );
  const file = stackline(repo, 'lint', '--file', 'msg.txt');
  assert.equal(file.code, 0, file.out);
  assert.equal(
    file.out.trim(),
    '✔ The message follows the commit rules (the default rules (@commitlint/config-conventional)).',
  );
  const stdin = spawnSync(process.execPath, [CLI, 'lint', '-'], { cwd: repo.dir, input: 'nope', encoding: 'utf8' });
  assert.equal(stdin.status, 1);
  assert.match(stdin.stdout, /^✖ subject may not be empty \[subject-empty\]$/m);

  const missing = stackline(repo, 'lint', '--file', 'nope.txt');
  assert.equal(missing.code, 1);
  assert.equal(missing.out.trim(), 'stackline: Cannot read nope.txt: no such file.');
  const usage = stackline(repo, 'lint', 'msg.txt');
  assert.equal(usage.code, 2);
  assert.match(usage.out, /^stackline: Unexpected argument msg\.txt: use --file <path> or - for stdin\./);
  assert.equal(stackline(repo, 'hooks', 'reinstall').code, 2);
});

test('an empty, blank or comment-only message names the rules it breaks: stackline lint and the commit-msg hook', () => {
  const repo = makeRepo();
  repo.commit('chore: start');
  const brokenRules = (out: string, what: string) => {
    assert.match(out, /^✖ subject may not be empty \[subject-empty\]$/m, what);
    assert.match(out, /^✖ type may not be empty \[type-empty\]$/m, what);
    assert.doesNotMatch(out, /raw commit/, what);
  };
  for (const input of ['', '   \n\t\n']) {
    const stdin = spawnSync(process.execPath, [CLI, 'lint', '-'], { cwd: repo.dir, input, encoding: 'utf8' });
    assert.equal(stdin.status, 1, JSON.stringify(input));
    brokenRules(stdin.stdout + stdin.stderr, JSON.stringify(input));
  }
  writeFileSync(
    join(repo.dir, 'msg.txt'),
    "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored.\n",
  );
  const file = stackline(repo, 'lint', '--file', 'msg.txt');
  assert.equal(file.code, 1, file.out);
  brokenRules(file.out, 'a message file of comments');

  assert.equal(stackline(repo, 'hooks', 'install').code, 0);
  const head = repo.head();
  const empty = commit(repo, '', { args: ['--allow-empty-message'] });
  assert.equal(empty.status, 1, empty.stderr);
  brokenRules(empty.stderr, 'git commit --allow-empty-message -m ""');
  assert.equal(repo.head(), head, 'no commit was made');
});
