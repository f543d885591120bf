// `l10n.t` for the modules that build text without importing vscode, so unit tests read every
// sentence: activate() hands VS Code's translator over; until then (and in tests) a message is its
// English with the {0} placeholders filled, which is what VS Code shows when it has no translation.
type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** VS Code's l10n.t fills {0}, {1}… from the arguments and leaves any other braces as they are. */
function english(message: string, ...args: Array<string | number | boolean>): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (placeholder, index: string) =>
    Number(index) < args.length ? String(args[Number(index)]) : placeholder,
  );
}

let translate: Translate = english;

export const l10n = {
  t: (message: string, ...args: Array<string | number | boolean>): string => translate(message, ...args),
};

/** Called once by activate() with vscode.l10n.t, which reads the bundle of the user's language; no argument: English again. */
export function translateWith(t: Translate = english): void {
  translate = t;
}
