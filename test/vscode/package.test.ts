// The .vsix `npm run package` made: only bundles, media, the manifest and its English text, the
// code's English bundle, README (and its images), CHANGELOG, LICENSE and the icon; the store metadata and the Get Started walkthrough in its
// manifest; and `npm run publish:dry`, which refuses the placeholder repository and, once one is
// set, makes a .vsix whose README images point into the repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'stackline.vsix');

const temp = mkdtempSync(join(tmpdir(), 'stackline-package-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** Files in a zip, by name, read through its central directory. */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    assert.equal(zip.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Width and height from a PNG's IHDR chunk, the first after the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const vsix = unzip(VSIX);
const manifest = JSON.parse(vsix.get('extension/package.json')!.toString('utf8'));
// package.json names its text as %key%; VS Code reads the English from package.nls.json.
const nls = JSON.parse(vsix.get('extension/package.nls.json')!.toString('utf8')) as Record<string, string>;
const text = (value: string) => nls[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;
const readmeImages = (readme: string) => [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);

test('the packaged .vsix holds only bundles, media, package.json and its text, the l10n bundle, README and its images, CHANGELOG, LICENSE and the icon', () => {
  const files = [...vsix.keys()].filter((name) => name.startsWith('extension/'));
  const images = readmeImages(vsix.get('extension/readme.md')!.toString('utf8')).map((src) => `extension/${src}`);
  const allowed = [
    /^extension\/dist\/(extension|cli|hook)\.js$/,
    /^extension\/dist\/webview\/(webview\.(js|css)|codicon\.ttf)$/,
    /^extension\/dist\/icon\.png$/,
    /^extension\/media\/(stackline|review|walkthrough\/\w+)\.svg$/,
    /^extension\/package(\.nls)?\.json$/,
    /^extension\/l10n\/bundle\.l10n\.json$/,
    /^extension\/(readme|changelog)\.md$/i,
    /^extension\/LICENSE(\.txt)?$/i,
  ];
  const unexpected = files.filter((name) => !images.includes(name) && !allowed.some((pattern) => pattern.test(name)));
  assert.deepEqual(unexpected, [], `unexpected files in the .vsix: ${unexpected.join(', ')}`);
  for (const needed of [
    'extension/dist/extension.js',
    'extension/dist/cli.js',
    'extension/dist/hook.js',
    'extension/dist/webview/webview.js',
    'extension/dist/webview/webview.css',
    'extension/dist/webview/codicon.ttf',
    'extension/package.json',
    'extension/package.nls.json',
    'extension/l10n/bundle.l10n.json',
    'extension/changelog.md',
    'extension/dist/icon.png',
    ...images,
  ]) {
    assert.ok(files.includes(needed), `${needed} is in the .vsix`);
  }
  assert.ok(images.length >= 3, 'the README shows its pictures from the package');
  assert.ok(
    !files.some(
      (name) =>
        name.includes('node_modules') || name.endsWith('.ts') || name.endsWith('.map') || name.endsWith('icon.svg'),
    ),
  );
});

test('store metadata: a 128×128 PNG icon, banner, categories, keywords, repository, changelog for this version', () => {
  assert.equal(manifest.icon, 'dist/icon.png');
  assert.deepEqual(pngSize(vsix.get('extension/dist/icon.png')!), { width: 128, height: 128 });
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.equal(manifest.galleryBanner.theme, 'dark');
  assert.deepEqual(manifest.categories, ['SCM Providers', 'Visualization']);
  assert.ok(
    manifest.keywords.length >= 5 && manifest.keywords.length <= 30,
    'keywords, at most the 30 the Marketplace keeps',
  );
  assert.ok(manifest.keywords.includes('stacked diffs'));
  assert.match(manifest.repository.url, /^https:\/\//);
  assert.match(
    vsix.get('extension/changelog.md')!.toString('utf8'),
    new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'),
  );
  // The store page reads these from the XML manifest vsce writes, not from package.json.
  const xml = vsix.get('extension.vsixmanifest')!.toString('utf8');
  assert.match(xml, /<Property Id="Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#[0-9a-f]{6}" \/>/i);
  assert.match(xml, /<Icon>extension\/dist\/icon\.png<\/Icon>/);
  assert.match(
    xml,
    /<Asset Type="Microsoft\.VisualStudio\.Services\.Content\.Changelog" Path="extension\/changelog\.md"/,
  );
});

test('the Get Started walkthrough: six steps, each with text, a picture in the .vsix, a button that runs a Stackline command, and events that tick it off', () => {
  const walkthroughs = manifest.contributes.walkthroughs as {
    id: string;
    title: string;
    steps: {
      id: string;
      title: string;
      description: string;
      media: { svg: string; altText: string };
      completionEvents: string[];
    }[];
  }[];
  assert.equal(walkthroughs.length, 1);
  const [walkthrough] = walkthroughs;
  assert.equal(walkthrough.id, 'getStarted');
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['stacks', 'navigate', 'edit', 'submit', 'sparse', 'conventions'],
  );
  const commands = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
  const views = new Set(
    Object.values(manifest.contributes.views as Record<string, { id: string }[]>)
      .flat()
      .map((v) => v.id),
  );
  // A view's focus command exists for every contributed view.
  const runnable = (command: string) =>
    commands.has(command) || (command.endsWith('.focus') && views.has(command.slice(0, -'.focus'.length)));
  for (const step of walkthrough.steps) {
    const description = text(step.description);
    assert.ok(text(step.title) && description.length > 80, `${step.id} has a title and a short text`);
    const svg = vsix.get(`extension/${step.media.svg}`);
    assert.ok(svg, `${step.id}'s picture ${step.media.svg} is in the .vsix`);
    assert.match(svg.toString('utf8'), /^<svg [^>]*viewBox=/, `${step.id}'s picture is an SVG`);
    assert.match(svg.toString('utf8'), /var\(--vscode-foreground/, `${step.id}'s picture takes the theme's colours`);
    assert.ok(text(step.media.altText).length > 20, `${step.id}'s picture has alt text`);
    // A link alone on its line is drawn as a button.
    const buttons = [...description.matchAll(/^\[[^\]]+\]\(command:([\w.]+)\)$/gm)].map((m) => m[1]);
    assert.ok(buttons.length >= 1, `${step.id} has a button`);
    for (const command of buttons)
      assert.ok(
        command.startsWith('stackline.') && runnable(command),
        `${step.id}'s button runs ${command}, a Stackline command`,
      );
    assert.ok(step.completionEvents.length >= 1, `${step.id} ticks off`);
    for (const event of step.completionEvents) {
      const [kind, id] = event.split(':');
      assert.ok(
        (kind === 'onCommand' && commands.has(id)) || (kind === 'onView' && views.has(id)),
        `${step.id}: ${event} names a contributed command or view`,
      );
    }
  }
  assert.ok(
    text(walkthrough.steps.find((s) => s.id === 'submit')!.description).includes('(command:stackline.signInToGitHub)'),
    'the submit step signs in',
  );
  assert.ok(commands.has('stackline.getStarted'), 'Stackline: Get Started opens it from the palette');
});

/** Runs an npm script or node in `cwd`; returns its exit code and output. */
function run(cwd: string, command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A copy of what `npm run publish:dry` reads, in a fresh git repository, with package.json's
 * repository set to `url`: the real scripts, README, changelog, the manifest's text and the code's
 * bundle, media and the built dist/.
 */
function publishable(name: string, url: string): { dir: string; version: string; commit: () => string } {
  const dir = join(temp, name);
  for (const path of [
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    '.vscodeignore',
    'package.nls.json',
    'l10n',
    'media',
    'docs/images',
    'dist',
    'scripts/package.ts',
    'scripts/storeChecks.ts',
  ]) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, repository: { type: 'git', url } }, null, 2));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n');
  const git = (...args: string[]) =>
    run(dir, 'git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args]).output.trim();
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'release');
  return { dir, version: pkg.version, commit: () => git('rev-parse', 'HEAD') };
}

/** `npm run publish:dry` on dist/ as built (the build itself is `npm run package`'s, before this test). */
const publishDry = (dir: string) => run(dir, 'npm', ['run', '--silent', 'publish:dry', '--', '--no-build']);

test('npm run publish:dry refuses the placeholder repository, naming the field to set', () => {
  const { dir } = publishable('placeholder', 'https://example.invalid/stackline.git');
  const { status, output } = publishDry(dir);
  assert.equal(status, 1, output);
  assert.match(
    output,
    /package: package\.json "repository\.url" is still the placeholder https:\/\/example\.invalid\/stackline\.git: set it to the extension's repository, e\.g\. https:\/\/github\.com\/OWNER\/stackline, before publishing\./,
  );
  assert.match(output, /package: not ready to publish \(1 problem\)/);
});

test('with a repository set, publish:dry passes vsce and ovsx up to the token, and README images point into the repository at this commit', () => {
  const { dir, version, commit } = publishable('publish', 'https://github.com/someone/stackline.git');
  const { status, output } = publishDry(dir);
  assert.equal(status, 0, output);
  assert.match(output, /package: vsce: stackline\.stackline \d+\.\d+\.\d+ is publishable to the Marketplace/);
  assert.match(output, /package: ovsx: license ok; would publish to the Open VSX namespace "stackline"/);
  assert.match(output, /npx vsce publish --packagePath dist\/stackline-\d+\.\d+\.\d+\.vsix {2}and {2}npx ovsx publish/);

  const published = unzip(join(dir, 'dist', `stackline-${version}.vsix`));
  const images = readmeImages(published.get('extension/readme.md')!.toString('utf8'));
  assert.ok(images.length >= 3);
  for (const src of images)
    assert.match(src, new RegExp(`^https://github\\.com/someone/stackline/raw/${commit()}/docs/images/[\\w-]+\\.png$`));
  assert.ok(
    ![...published.keys()].some((name) => name.includes('docs/images')),
    'the published .vsix carries no README images: the store loads them from the repository',
  );

  // An image changed since the commit would not be what the link shows: refused, by name.
  writeFileSync(join(dir, 'docs', 'images', 'graph.png'), 'changed');
  const dirty = publishDry(dir);
  assert.equal(dirty.status, 1, dirty.output);
  assert.match(dirty.output, /README image docs\/images\/graph\.png is not committed in git unchanged/);
});
