// Bundles the extension, the CLI, the hook and the webview into dist/, and renders the store icon.
// Only these outputs ship in the .vsix.
import * as esbuild from 'esbuild';
import { cliBody, hookBody } from './scripts/inlinedBundle.mjs';
import { renderIcon } from './scripts/icon.mjs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // @commitlint/parse loads this preset for its parser options only; the real one reads template files at runtime.
  alias: { 'conventional-changelog-angular': './src/core/conventions/angularPreset.ts' },
};

const builds = [
  { ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The `stackline` command: a loader with the CLI's bundle inside as text, compiled with V8's code
  // cache from the user's cache folder (scripts/inlinedBundle.mjs, src/cli/bin.ts).
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cliBody({ ...common, sourcemap: false })],
  },
  // What git hooks run, copied into repositories: one file, minified, no source map, loads fast
  // (a loader with the hook's bundle inside as text, compiled with V8's code cache: scripts/inlinedBundle.mjs).
  {
    ...common,
    entryPoints: ['src/cli/hook.ts'],
    outfile: 'dist/hook.js',
    minify: true,
    sourcemap: false,
    plugins: [hookBody({ ...common, minify: true, sourcemap: false })],
  },
  // The commit-graph webview: browser code, its CSS and the codicon font, all in dist/webview (the only folder it may load from).
  {
    entryPoints: { webview: 'webview-ui/main.ts' },
    outdir: 'dist/webview',
    bundle: true,
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
    minify: true,
    logLevel: 'warning',
    legalComments: 'none',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
];

renderIcon();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
