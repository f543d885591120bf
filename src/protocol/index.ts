// The graph protocol between the extension and the commit-graph webview, imported by both sides
// (no Node, no vscode): the messages and their checks (messages.ts, built from the schema
// combinators of schema.ts), what the extension checks beyond their shape
// (guards.ts), and requests answered by id (requests.ts).
export * from './messages';
export * from './guards';
export * from './requests';
export type { Validation } from './schema';
