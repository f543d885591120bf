// Text for a terminal that may hold the repository's own text: commit titles, branch and file
// names, git's messages. Control characters in it act on the terminal instead of showing
// (`feat: \e]0;pwned\a` retitles the window, a lone CR lets a line overwrite itself), so each is
// shown as its \uXXXX escape. Newline, tab and CRLF stay. The escapes are JSON's own, so JSON
// passing through comes out as the same JSON (JSON.stringify leaves DEL and C1 controls raw).

// C0 controls but tab and newline, a CR not starting a CRLF, DEL, and the C1 controls.
const CONTROLS = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
