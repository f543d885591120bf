// The store checks `npm run package` and `npm run publish:dry` run: each mistake a store would
// refuse is caught with a line that names what to change, and Stackline's own files pass.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  checkChangelog,
  checkIcon,
  checkManifest,
  checkPackageFiles,
  checkPublishable,
  checkReadmeImages,
  checkWalkthroughMedia,
  imagePath,
  isPlaceholderRepository,
  pngSize,
  readmeImages,
  type Manifest,
} from '../../scripts/storeChecks';
import { removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const published = (changes: Partial<Manifest>): Manifest => ({
  ...manifest,
  repository: { type: 'git', url: 'https://github.com/someone/stackline' },
  ...changes,
});

/** The icon as the build renders it, at `size` pixels, through the build's own renderer. */
async function renderIcon(size: number): Promise<Buffer> {
  const { renderIcon: render } = (await import(pathToFileURL(join(ROOT, 'scripts', 'icon.mjs')).href)) as {
    renderIcon(svg: string, png: string, size?: number): void;
  };
  const png = join(tempDir('stackline-icon-'), 'icon.png');
  render(join(ROOT, 'media', 'icon.svg'), png, size);
  return readFileSync(png);
}

test('the icon renders from media/icon.svg as a 128×128 PNG; a small, oblong or non-PNG icon is refused', async () => {
  const png = await renderIcon(128);
  assert.deepEqual(pngSize(png), { width: 128, height: 128 });
  assert.deepEqual(checkIcon('dist/icon.png', png), []);
  assert.match(
    checkIcon('dist/icon.png', await renderIcon(64)).join('\n'),
    /dist\/icon\.png is 64×64: the stores need a square PNG of at least 128×128/,
  );
  const oblong = Buffer.from(png);
  oblong.writeUInt32BE(200, 16);
  assert.match(checkIcon('i.png', oblong).join('\n'), /200×128/);
  assert.match(checkIcon('i.png', readFileSync(join(ROOT, 'media', 'icon.svg'))).join('\n'), /not a PNG file/);
  assert.match(checkIcon('dist/icon.png', undefined).join('\n'), /missing: `npm run build` renders it/);
});

test("Stackline's manifest has what the stores show; publishing refuses the placeholder repository by name", () => {
  assert.deepEqual(checkManifest(manifest, { publish: false }), []);
  const placeholder = 'https://example.invalid/stackline.git';
  assert.ok(
    isPlaceholderRepository(placeholder) &&
      isPlaceholderRepository(undefined) &&
      !isPlaceholderRepository('https://github.com/someone/stackline'),
  );
  const refused = checkManifest({ ...manifest, repository: { type: 'git', url: placeholder } }, { publish: true });
  assert.equal(refused.length, 1);
  assert.match(
    refused[0],
    /^package\.json "repository\.url" is still the placeholder https:\/\/example\.invalid\/stackline\.git: set it to .*https:\/\/github\.com\/OWNER\/stackline/,
  );
  assert.deepEqual(checkManifest(published({}), { publish: true }), []);
  assert.match(
    checkManifest(published({ repository: 'git@github.com:someone/stackline.git' }), { publish: true }).join('\n'),
    /not a URL/,
  );
  assert.match(
    checkManifest(published({ repository: 'http://github.com/someone/stackline' }), { publish: true }).join('\n'),
    /must be an https URL/,
  );
  assert.match(
    checkManifest(published({ repository: 'https://git.example.com/stackline' }), { publish: true }).join('\n'),
    /not on github\.com or gitlab\.com/,
  );
});

test('manifest mistakes a store refuses are named', () => {
  const problems = (changes: Partial<Manifest>) =>
    checkManifest({ ...manifest, ...changes }, { publish: false }).join('\n');
  assert.match(problems({ icon: 'media/icon.svg' }), /"icon" is media\/icon\.svg: the stores need a PNG/);
  assert.match(problems({ icon: undefined }), /no "icon"/);
  assert.match(
    problems({ galleryBanner: { color: 'navy', theme: 'dark' } }),
    /"galleryBanner\.color" must be a colour/,
  );
  assert.match(
    problems({ galleryBanner: { color: '#14213d', theme: 'blue' } }),
    /"galleryBanner\.theme" must be "dark" or "light"/,
  );
  assert.match(problems({ categories: ['SCM Providers', 'Git'] }), /category "Git" is not one the Marketplace knows/);
  assert.match(problems({ categories: [] }), /no "categories"/);
  assert.match(
    problems({ keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) }),
    /31 keywords: the Marketplace keeps at most 30/,
  );
  assert.match(problems({ license: undefined }), /Open VSX refuses unlicensed extensions/);
});

test('README images: Markdown and HTML sources outside code, each one on the store page or named', () => {
  const readme = [
    '![one](docs/images/a.png)',
    '![two](./docs/images/b%20c.png "title")',
    '<img alt="x" src="https://example.com/d.png">',
    '```md',
    '![in code](docs/images/not-an-image.png)',
    '```',
    'and `![inline](nope.png)` too',
  ].join('\n');
  const images = readmeImages(readme);
  assert.deepEqual(images, ['docs/images/a.png', './docs/images/b%20c.png', 'https://example.com/d.png']);
  assert.equal(imagePath('./docs/images/b%20c.png'), 'docs/images/b c.png');
  assert.deepEqual(
    checkReadmeImages(images, new Set(['docs/images/a.png', 'docs/images/b c.png']), 'in the .vsix'),
    [],
  );
  assert.deepEqual(checkReadmeImages(images, new Set(['docs/images/a.png']), 'in the .vsix'), [
    'README image ./docs/images/b%20c.png is not in the .vsix: add the file, or fix the link.',
  ]);
  assert.match(
    checkReadmeImages(['http://example.com/x.png'], new Set(), 'here').join('\n'),
    /must come from an https URL/,
  );
  assert.match(checkReadmeImages(['https://example.com/x.svg'], new Set(), 'here').join('\n'), /is an SVG/);
  assert.match(checkReadmeImages(['media/x.svg'], new Set(['media/x.svg']), 'here').join('\n'), /is an SVG/);
  const ours = readmeImages(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  assert.ok(ours.length > 0, 'the README shows pictures');
  for (const src of ours) assert.ok(existsSync(join(ROOT, imagePath(src))), `${src} exists`);
});

test('package contents: only what runs and what the store shows; a dev file or a missing part is named', () => {
  const files = [
    'package.json',
    'package.nls.json',
    'l10n/bundle.l10n.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    'media/stackline.svg',
    'media/walkthrough/stacks.svg',
    'dist/icon.png',
    'dist/extension.js',
    'dist/cli.js',
    'dist/hook.js',
    'dist/webview/webview.js',
    'dist/webview/webview.css',
    'dist/webview/codicon.ttf',
  ];
  assert.deepEqual(checkPackageFiles(files, ['dist/icon.png']), []);
  assert.deepEqual(checkPackageFiles([...files, 'docs/images/a.png'], ['dist/icon.png', 'docs/images/a.png']), []);
  const problems = checkPackageFiles(
    [
      ...files.filter((f) => f !== 'CHANGELOG.md'),
      'dist/extension.js.map',
      'src/extension/main.ts',
      'docs/images/unused.png',
    ],
    ['dist/icon.png'],
  );
  assert.deepEqual(
    problems.map((p) => p.split(' ')[0]),
    ['dist/extension.js.map', 'src/extension/main.ts', 'docs/images/unused.png', 'CHANGELOG.md'],
  );
  assert.match(problems[0], /would ship in the \.vsix: only bundles, media/);
  assert.match(problems[3], /missing from the \.vsix/);
});

test('every walkthrough picture is a file in the package', () => {
  const walkthroughs = manifest.contributes?.walkthroughs ?? [];
  assert.ok(walkthroughs.length, 'package.json contributes a walkthrough');
  const media = walkthroughs.flatMap((w) => w.steps.map((s) => s.media.svg!));
  for (const path of media) assert.ok(existsSync(join(ROOT, path)), `${path} exists`);
  assert.deepEqual(checkWalkthroughMedia(manifest, media), []);
  assert.match(
    checkWalkthroughMedia(manifest, media.slice(1)).join('\n'),
    /^Walkthrough step getStarted\/stacks shows media\/walkthrough\/stacks\.svg, which is not in the \.vsix\.$/,
  );
});

test('CHANGELOG.md has a section for the version being packaged; publishing takes no prerelease or proposed API', () => {
  assert.deepEqual(checkChangelog(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), manifest.version), []);
  assert.match(checkChangelog('# Changelog\n\n## 0.0.9\n', '0.1.0').join('\n'), /no "## 0\.1\.0" section/);
  assert.deepEqual(checkChangelog('## [0.1.0] - 2026-12-01\n', '0.1.0'), []);
  assert.deepEqual(checkChangelog('## 0.1.01\n', '0.1.0').length, 1);
  assert.match(checkChangelog(undefined, '0.1.0').join('\n'), /CHANGELOG\.md is missing/);
  assert.deepEqual(checkPublishable(manifest), []);
  assert.match(checkPublishable({ ...manifest, version: '0.2.0-beta.1' }).join('\n'), /is a prerelease/);
  assert.match(checkPublishable({ ...manifest, enabledApiProposals: ['scmValidation'] }).join('\n'), /proposed API/);
});
