// The seam the git hook uses to load repository code (setModuleImporter): trust is decided before it,
// so an untrusted workspace never reaches it, and a trusted one loads JavaScript configs through it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { loadLintConfig } from '../../src/core/conventions/commitlintConfig';
import { setModuleImporter } from '../../src/core/conventions/configFile';
import { ConventionsError } from '../../src/core/conventions/errors';
import { removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

test('repository code loads only through the module importer, and only when trusted', async () => {
  const dir = tempDir('stackline-importer-');
  writeFileSync(
    join(dir, 'commitlint.config.mjs'),
    "export default { rules: { 'type-enum': [2, 'always', ['deploy']] } };\n",
  );
  const loaded: string[] = [];
  setModuleImporter((url) => {
    loaded.push(url);
    return import(url);
  });
  try {
    await assert.rejects(
      loadLintConfig(dir, { trusted: false }),
      (error: ConventionsError) => error.kind === 'untrusted',
    );
    assert.equal(loaded.length, 0, 'nothing was imported for an untrusted workspace');

    const config = await loadLintConfig(dir, { trusted: true });
    assert.deepEqual(config.rules['type-enum'], [2, 'always', ['deploy']]);
    assert.equal(loaded.length, 1);
    assert.ok(loaded[0].startsWith(`${pathToFileURL(join(dir, 'commitlint.config.mjs')).href}?`), loaded[0]);
  } finally {
    setModuleImporter((url) => import(url));
  }
});
