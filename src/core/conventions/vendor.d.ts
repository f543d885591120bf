// Types for the untyped packages the conventions area uses (the same ones commitlint itself runs).

declare module 'js-yaml' {
  export function load(input: string, options?: { filename?: string }): unknown;
}

declare module 'conventional-changelog-conventionalcommits/parserOpts.js' {
  export function createParserOpts(config?: unknown): Record<string, unknown>;
}

declare module 'conventional-changelog-angular/parserOpts.js' {
  export function createParserOpts(): Record<string, unknown>;
}
