// JSON files Stackline keeps in the git dir (<common dir>/stackline/NAME), shared by every worktree:
// read as an empty object when missing or unreadable, written atomically (a reader never sees half).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file's object (its entries unchecked: each reader checks what it uses), or an empty one. */
export function readStateFile<T extends object>(commonDir: string, name: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(commonDir, 'stackline', name), 'utf8'));
  } catch {
    parsed = undefined;
  }
  return (parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}) as T;
}

export function writeStateFile(commonDir: string, name: string, value: object): void {
  mkdirSync(join(commonDir, 'stackline'), { recursive: true });
  const file = join(commonDir, 'stackline', name);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
