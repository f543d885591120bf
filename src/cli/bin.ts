// dist/cli.js, the `stackline` command: a small loader around the CLI's bundle (src/cli/main.ts,
// inlined as text at build time). Compiling that megabyte of JavaScript was about a sixth of a
// `stackline log`, so the loader compiles it with V8's code cache from the user's cache folder when
// there is one, and makes one after a run without. STACKLINE_CODE_CACHE=0 turns that off.
import { homedir } from 'node:os';
import { join } from 'node:path';
import body, { id } from 'stackline:cli-body';
import { codeCachePath, runCachedBundle } from './codeCache';

/** ~/.cache/stackline (XDG_CACHE_HOME), %LOCALAPPDATA%\stackline on Windows, ~/Library/Caches/stackline on macOS. */
function cacheFolder(): string {
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return join(process.env.LOCALAPPDATA, 'stackline');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'stackline');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'stackline');
}

runCachedBundle(
  body,
  process.env.STACKLINE_CODE_CACHE === '0'
    ? undefined
    : { path: codeCachePath(cacheFolder(), 'cli', id), name: 'cli', bundleId: id },
  __filename,
  __dirname,
  require,
);
