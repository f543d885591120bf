// The CLI's bundle (src/cli/main.ts) as text, with its hash: made at build time by
// scripts/inlinedBundle.mjs for the loader in src/cli/bin.ts.
declare module 'stackline:cli-body' {
  const body: string;
  export default body;
  export const id: string;
}
