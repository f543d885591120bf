// dist/hook.js is a small loader (src/cli/hook.ts) with the hook's bundle (src/cli/hook/main.ts)
// inside it as text, so the loader can compile it with V8's code cache. This esbuild plugin builds
// that bundle and gives it to the loader as the module 'stackline:hook-body' (text and hash).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

const BODY = 'stackline:hook-body';

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

/** `options`: the bundle's esbuild options (platform, format, alias, …), as for the other bundles. */
export function hookBody(options) {
  return {
    name: 'stackline-hook-body',
    setup(build) {
      build.onResolve({ filter: /^stackline:hook-body$/ }, () => ({ path: BODY, namespace: BODY }));
      build.onLoad({ filter: /.*/, namespace: BODY }, async () => {
        const result = await esbuild.build({
          ...options,
          entryPoints: ['src/cli/hook/main.ts'],
          outfile: 'hook-body.js',
          write: false,
          metafile: true,
          plugins: [lazyChildProcess],
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
