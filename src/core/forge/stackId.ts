// A commit's stable identity across amend, rebase and reorder: a `Stackline-Id:` trailer added to
// its message the first time it is submitted. Its generated branch name derives from it alone.
export const TRAILER = 'Stackline-Id';
const TRAILER_LINE = new RegExp(`^${TRAILER}:[ \\t]*(\\S+)[ \\t]*$`, 'm');

/** The id in a commit message's trailer block, if any. */
export function stackIdOf(message: string): string | undefined {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  return TRAILER_LINE.exec(paragraphs[paragraphs.length - 1] ?? '')?.[1];
}

/**
 * A new id: a slug of the title (readable in branch lists) plus the first 6 hex digits of the
 * commit's hash when it got the id (unique enough; the same for a dry run and the submit after it).
 */
export function newStackId(title: string, commit: string): string {
  const slug = title
    .toLowerCase()
    .replace(/^[a-z]+(\([^)]*\))?!?:\s*/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'commit'}-${commit.slice(0, 6)}`;
}

/** The message with the trailer appended: into its trailer block when it has one, else as a new one. */
export function withStackId(message: string, id: string): string {
  const trimmed = message.trimEnd();
  const paragraphs = trimmed.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1];
  const isTrailerBlock = paragraphs.length > 1 && last.split('\n').every((line) => /^[A-Za-z0-9-]+:\s/.test(line));
  return `${trimmed}${isTrailerBlock ? '\n' : '\n\n'}${TRAILER}: ${id}\n`;
}

/** The message without Stackline's trailer, for PR bodies. */
export function withoutStackId(message: string): string {
  return message.replace(new RegExp(`^${TRAILER}:.*(\\n|$)`, 'gm'), '').trimEnd();
}

/** The branch a commit without its own local branch is pushed to. */
export function generatedBranch(id: string): string {
  return `stackline/${id}`;
}
