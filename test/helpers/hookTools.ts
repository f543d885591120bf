// The real husky and lefthook, for hook tests: installed once from the npm registry into the test
// cache (~/.cache/stackline/hook-tools, or $STACKLINE_CACHE/hook-tools) and reused. lefthook's
// binary comes in its platform package (lefthook-linux-x64); its postinstall (which would only run
// `lefthook install` in this folder) is not needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const HUSKY_VERSION = '9.1.7';
export const LEFTHOOK_VERSION = '2.2.2';

export interface HookTools {
  /** Folder with the husky and lefthook executables, to put on PATH. */
  binDir: string;
  husky: string;
  lefthook: string;
}

export function hookTools(): HookTools {
  const dir = join(resolve(process.env.STACKLINE_CACHE || join(homedir(), '.cache', 'stackline')), 'hook-tools');
  const binDir = join(dir, 'node_modules', '.bin');
  const tools = { binDir, husky: join(binDir, 'husky'), lefthook: join(binDir, 'lefthook') };
  const marker = join(dir, `ok-husky-${HUSKY_VERSION}-lefthook-${LEFTHOOK_VERSION}`);
  if (existsSync(marker) && existsSync(tools.husky) && existsSync(tools.lefthook)) return tools;
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `husky@${HUSKY_VERSION}`,
      `lefthook@${LEFTHOOK_VERSION}`,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (result.status !== 0 || !existsSync(tools.lefthook)) {
    throw new Error(
      `Installing husky and lefthook for the hook tests failed (npm install into ${dir}):\n${result.stdout}${result.stderr}`,
    );
  }
  writeFileSync(marker, '');
  return tools;
}
