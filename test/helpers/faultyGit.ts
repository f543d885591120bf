// A `git` wrapper for fault injection: put its folder first on PATH and every git call goes through
// it. It counts calls; at call number STACKLINE_FAULT_AT it is SIGKILLed before running git
// ('before'), after git finished ('after'), or while git runs ('during', after
// STACKLINE_FAULT_DELAY seconds); or it kills its parent, the stackline process itself ('parent').
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './repo';

export type FaultMode = 'before' | 'after' | 'during' | 'parent';

export interface FaultyGit {
  /** Folder to put first on PATH. */
  bin: string;
  /** Environment for a process whose Nth git call fails in `mode` (N = 0: count only). */
  env(at: number, mode: FaultMode, delaySeconds?: number): NodeJS.ProcessEnv;
  /** How many git calls the last process made. */
  calls(): number;
}

export function faultyGit(): FaultyGit {
  const bin = tempDir('stackline-faulty-git-');
  const counter = join(bin, 'count');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh
n=$(( $(cat "$STACKLINE_FAULT_COUNTER" 2>/dev/null || echo 0) + 1 ))
echo $n > "$STACKLINE_FAULT_COUNTER"
if [ "$n" = "$STACKLINE_FAULT_AT" ]; then
  case "$STACKLINE_FAULT_MODE" in
    before) kill -9 $$ ;;
    after) "${real}" "$@"; kill -9 $$ ;;
    during) "${real}" "$@" & child=$!; sleep "$STACKLINE_FAULT_DELAY"; kill -9 $child 2>/dev/null; kill -9 $$ ;;
    parent) kill -9 $PPID ;;
  esac
fi
exec "${real}" "$@"
`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return {
    bin,
    env(at, mode, delaySeconds = 0.002) {
      writeFileSync(counter, '0');
      return {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STACKLINE_FAULT_COUNTER: counter,
        STACKLINE_FAULT_AT: String(at),
        STACKLINE_FAULT_MODE: mode,
        STACKLINE_FAULT_DELAY: String(delaySeconds),
      };
    },
    calls: () => Number(execFileSync('cat', [counter], { encoding: 'utf8' }).trim()),
  };
}
