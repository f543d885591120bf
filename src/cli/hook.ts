// dist/hook.js, what Stackline's git hooks run (copied into the repository as .stackline/hook.js):
// a small loader around the hook's bundle (src/cli/hook/main.ts, inlined as text at build time).
// Parsing and compiling that bundle was a good part of every commit-msg run, so the loader compiles
// it with V8's code cache from .git/stackline/ when there is one, and makes one after a run without.
import { Script } from 'node:vm';
import body, { id } from 'stackline:hook-body';
import { codeCachePath, gitDirOf, readCodeCache, writeCodeCache } from './hook/codeCache';
import { restartWithExtraCerts, restoreExtraCerts } from './hook/extraCerts';

const certsDeferred = restoreExtraCerts();
const gitDir = gitDirOf(process.cwd());
const cachePath = gitDir && codeCachePath(gitDir, id);
const cachedData = cachePath ? readCodeCache(cachePath) : undefined;
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
  filename: __filename,
  cachedData,
});
if (cachePath && (!cachedData || script.cachedDataRejected)) {
  // Made as the process ends, so it holds the functions this run compiled, not just the outer one.
  process.once('exit', () => writeCodeCache(cachePath, script.createCachedData(), id));
}
const bundle: { exports: { runHook(argv: string[], importModule: (url: string) => Promise<unknown>): void } } = {
  exports: {} as never,
};
(script.runInThisContext() as (...args: unknown[]) => void)(bundle.exports, require, bundle, __filename, __dirname);
bundle.exports.runHook(process.argv.slice(2), (url) => {
  if (certsDeferred) restartWithExtraCerts();
  return import(url);
});
