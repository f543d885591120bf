// dist/hook.js and dist/cli.js are small loaders (src/cli/hook.ts, src/cli/bin.ts) with their
// bundle (src/cli/hook/main.ts, src/cli/main.ts) inside as text, so the loader can compile it with
// V8's code cache. This esbuild plugin builds such a bundle and gives it to its loader as a module
// ('stackline:hook-body', 'stackline:cli-body': text and hash).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

/** @commitlint/rules gets child_process through src/cli/hook/lazyChildProcess.ts, which loads it on first use. */
const lazyChildProcess = {
  name: 'stackline-lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]@commitlint[\\/]rules[\\/]/.test(args.importer)
        ? { path: resolve('src/cli/hook/lazyChildProcess.ts') }
        : undefined,
    );
  },
};

/**
 * The bundle of `entry` as the module `name`. `options`: the bundle's esbuild options (platform,
 * format, alias, …), as for the other bundles.
 */
export function inlinedBundle(name, entry, options, plugins = []) {
  // Names are plain (letters, ':' and '-'): no character to escape.
  const filter = new RegExp(`^${name}$`);
  return {
    name: `stackline-inlined-${name}`,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: name }));
      build.onLoad({ filter: /.*/, namespace: name }, async () => {
        const result = await esbuild.build({
          ...options,
          entryPoints: [entry],
          outfile: 'body.js',
          write: false,
          metafile: true,
          plugins,
        });
        const text = result.outputFiles[0].text;
        const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
        return {
          contents: `export default ${JSON.stringify(text)};\nexport const id = ${JSON.stringify(id)};\n`,
          loader: 'js',
          watchFiles: Object.keys(result.metafile.inputs).map((input) => resolve(input)),
        };
      });
    },
  };
}

/** The hook's bundle, for src/cli/hook.ts. */
export function hookBody(options) {
  return inlinedBundle('stackline:hook-body', 'src/cli/hook/main.ts', options, [lazyChildProcess]);
}

/** The CLI's bundle, for src/cli/bin.ts. */
export function cliBody(options) {
  return inlinedBundle('stackline:cli-body', 'src/cli/main.ts', options);
}
