// Adds Stackline's check to a shell hook file another setup owns (husky's .husky/commit-msg, or a
// hooks folder core.hooksPath already points at), and takes it out again, leaving the rest alone.
import { MARKER, hookBlock, type HookName } from './scripts';

/** The file with Stackline's block in it: after the shebang and husky's old `. husky.sh` line. */
export function addBlock(content: string | undefined, hook: HookName): string {
  const block = hookBlock(hook);
  if (content === undefined || content.trim() === '') return `#!/bin/sh\n${block}`;
  const without = removeBlock(content, hook);
  const lines = without.split('\n');
  let at = 0;
  if (lines[0]?.startsWith('#!')) at = 1;
  // husky 5-8 hooks start by sourcing husky.sh, which re-runs the hook under `sh -e`: stay after it.
  if (/^\.\s+.*husky\.sh"?\s*$/.test(lines[at] ?? '')) at++;
  lines.splice(at, 0, ...block.trimEnd().split('\n'));
  return lines.join('\n');
}

/** The file without Stackline's block (unchanged when it has none). */
export function removeBlock(content: string, hook: HookName): string {
  const lines = content.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${MARKER} ${hook} `));
  if (start === -1) return content;
  lines.splice(start, 2);
  return lines.join('\n');
}

export function hasBlock(content: string | undefined, hook: HookName): boolean {
  if (content === undefined) return false;
  const lines = content.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${MARKER} ${hook} `));
  return start !== -1 && lines[start + 1] === hookBlock(hook).split('\n')[1];
}

/** Nothing left but a shebang, blank lines and comments: the file can go. */
export function isEmptyHook(content: string): boolean {
  return content.split('\n').every((line) => line.trim() === '' || line.startsWith('#'));
}
