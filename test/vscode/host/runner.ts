// A minimal sequential test runner for the extension host: no dependency, one file.
// Tests share state (one repository, one window) and run in the order they are declared.

export interface TestResult {
  name: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

export interface HostResults {
  passed: number;
  failed: number;
  tests: TestResult[];
}

interface TestCase {
  name: string;
  fn: () => unknown;
  timeoutMs: number;
}

export class Runner {
  private readonly cases: TestCase[] = [];

  /** Declares a test; it fails when `fn` throws, rejects or takes longer than `timeoutMs`. */
  test(name: string, fn: () => unknown, timeoutMs = 30_000): void {
    this.cases.push({ name, fn, timeoutMs });
  }

  /** Runs every test, in order, even after a failure. `onResult` sees each result as it comes. */
  async run(onResult: (result: TestResult) => void = () => undefined): Promise<HostResults> {
    const tests: TestResult[] = [];
    for (const { name, fn, timeoutMs } of this.cases) {
      const start = Date.now();
      let timer: NodeJS.Timeout | undefined;
      let result: TestResult;
      try {
        await Promise.race([
          Promise.resolve().then(fn),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        result = { name, ok: true, durationMs: Date.now() - start };
      } catch (error) {
        result = { name, ok: false, error: describeError(error), durationMs: Date.now() - start };
      } finally {
        clearTimeout(timer);
      }
      tests.push(result);
      onResult(result);
    }
    const passed = tests.filter((t) => t.ok).length;
    return { passed, failed: tests.length - passed, tests };
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // node:assert puts the diff in the message; the stack adds where it was thrown.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 4);
  return [error.message, ...frames].join('\n');
}

/** One line per test plus a summary, for a terminal. */
export function formatResults(results: HostResults): string {
  const lines = results.tests.map(
    (t) => `${t.ok ? 'ok  ' : 'FAIL'} ${t.name} (${t.durationMs} ms)${t.ok ? '' : `\n${indent(t.error ?? '')}`}`,
  );
  lines.push(`${results.passed} passed, ${results.failed} failed`);
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `       ${line}`)
    .join('\n');
}
