// The hook's bundle (src/cli/hook/main.ts) as text, with its hash: made at build time by
// scripts/inlinedBundle.mjs for the loader in src/cli/hook.ts.
declare module 'stackline:hook-body' {
  const body: string;
  export default body;
  export const id: string;
}
