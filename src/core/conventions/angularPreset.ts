// Stands in for conventional-changelog-angular inside the bundles (esbuild.mjs aliases it here).
// @commitlint/parse calls that preset on every message only for its parser options; the real
// package also reads changelog templates from files beside it, which a bundle does not have.
// These are the angular preset's parser options (a unit test checks them against the package).
export function createParserOpts(): Record<string, unknown> {
  return {
    headerPattern: /^(\w*)(?:\((.*)\))?: (.*)$/,
    headerCorrespondence: ['type', 'scope', 'subject'],
    noteKeywords: ['BREAKING CHANGE'],
    revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i,
    revertCorrespondence: ['header', 'hash'],
  };
}

export default async function createPreset(): Promise<{ parserOpts: Record<string, unknown> }> {
  return { parserOpts: createParserOpts() };
}
