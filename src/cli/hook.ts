// dist/hook.js, what Stackline's git hooks run (copied into the repository as .stackline/hook.js):
// a small loader around the hook's bundle (src/cli/hook/main.ts, inlined as text at build time).
// Parsing and compiling that bundle was a good part of every commit-msg run, so the loader compiles
// it with V8's code cache from .git/stackline/ when there is one, and makes one after a run without.
import { join } from 'node:path';
import body, { id } from 'stackline:hook-body';
import { codeCachePath, gitDirOf, runCachedBundle } from './codeCache';
import { restartWithExtraCerts, restoreExtraCerts } from './hook/extraCerts';

const certsDeferred = restoreExtraCerts();
const gitDir = gitDirOf(process.cwd());
const bundle = runCachedBundle(
  body,
  gitDir ? { path: codeCachePath(join(gitDir, 'stackline'), 'hook', id), name: 'hook', bundleId: id } : undefined,
  __filename,
  __dirname,
  require,
) as { exports: { runHook(argv: string[], importModule: (url: string) => Promise<unknown>): void } };
bundle.exports.runHook(process.argv.slice(2), (url) => {
  if (certsDeferred) restartWithExtraCerts();
  return import(url);
});
