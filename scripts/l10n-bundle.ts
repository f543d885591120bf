// `npm run l10n`: writes l10n/bundle.l10n.json, the English of every `l10n.t('…')` in src/extension,
// which translators copy to bundle.l10n.<lang>.json. test/unit/l10n.test.ts fails when it is stale.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { englishBundle, type SourceFile } from './l10nChecks';

export const ROOT = join(__dirname, '..');
export const BUNDLE_PATH = join(ROOT, 'l10n', 'bundle.l10n.json');

/** The extension's TypeScript sources, paths relative to the repository. */
export function extensionSources(): SourceFile[] {
  const dir = join(ROOT, 'src', 'extension');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(dir, name))
    .map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
}

/** The bundle file's text: 2-space JSON and a final newline. */
export function bundleText(bundle: Record<string, string>): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

if (require.main === module) {
  const { bundle, problems } = englishBundle(extensionSources());
  for (const problem of problems)
    console.error(`${problem.path}:${problem.line}: l10n.t needs a literal message: ${problem.text}`);
  if (problems.length > 0) process.exit(1);
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  writeFileSync(BUNDLE_PATH, bundleText(bundle));
  console.log(`${relative(ROOT, BUNDLE_PATH)}: ${Object.keys(bundle).length} messages`);
}
