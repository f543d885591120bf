// The hooks' own output, and exiting once it has been written. A hook that printed nothing exits at
// once: touching process.stderr would load Node's stream and TTY code just to flush nothing.
import { escapeControls } from '../terminalText';

let printed = false;

/** Prints lines for the person committing or pushing (git shows a hook's output as it runs). */
export function print(lines: string[]): void {
  printed = true;
  console.error(escapeControls(lines.join('\n')));
}

/** Exits with `code` once what was printed has left: output to a pipe (GUI clients) can be asynchronous. */
export function exit(code: number): void {
  if (printed) process.stderr.write('', () => process.exit(code));
  else process.exit(code);
}
