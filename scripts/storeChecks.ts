// What the Visual Studio Marketplace and Open VSX look at in an extension, as pure checks over the
// manifest, the package's file list, the icon and the README. scripts/package.ts runs them before
// and after `vsce package`; each problem is one line that says what to change.
import { posix } from 'node:path';

export interface Manifest {
  name: string;
  version: string;
  publisher: string;
  displayName?: string;
  description?: string;
  license?: string;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  categories?: string[];
  keywords?: string[];
  repository?: string | { type?: string; url?: string };
  enableProposedApi?: boolean;
  enabledApiProposals?: string[];
  contributes?: {
    walkthroughs?: {
      id: string;
      steps: { id: string; media: { svg?: string; image?: string | Record<string, string> } }[];
    }[];
  };
}

/** The categories the Marketplace accepts (VS Code's extension manifest reference). */
export const CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];
/** The Marketplace keeps at most this many keywords (as tags). */
export const MAX_KEYWORDS = 30;
/** The smallest icon the stores show sharply. */
export const MIN_ICON_SIZE = 128;

/** What ships in the .vsix besides the README's own images: the bundles, media, manifest, its text and translations, and docs. */
const PACKAGE_FILES = [
  /^dist\/(extension|cli|hook)\.js$/,
  /^dist\/webview\/(webview\.js|webview\.css|codicon\.ttf)$/,
  /^media\/(stackline|review)\.svg$/,
  /^media\/walkthrough\/[\w-]+\.svg$/,
  /^package(\.nls(\.[\w-]+)?)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
];
const REQUIRED_FILES = [
  'dist/extension.js',
  'dist/cli.js',
  'dist/hook.js',
  'dist/webview/webview.js',
  'dist/webview/webview.css',
  'dist/webview/codicon.ttf',
  'package.json',
  'package.nls.json',
  'l10n/bundle.l10n.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

/** The repository URL, from either form of the `repository` field. */
export function repositoryUrl(manifest: Manifest): string | undefined {
  return typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
}

/** A host under `.invalid` (RFC 2606) can never exist: that is how the placeholder is written. */
export function isPlaceholderRepository(url: string | undefined): boolean {
  if (!url) return true;
  try {
    return /(^|\.)invalid$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Where vsce can point README images and links: it knows GitHub's and GitLab's URL layouts. */
export function repositoryHost(url: string): 'github' | 'gitlab' | undefined {
  const host = new URL(url).hostname.toLowerCase();
  return host === 'github.com' ? 'github' : host === 'gitlab.com' ? 'gitlab' : undefined;
}

/** Manifest fields the stores show or refuse; with `publish`, also what only a real upload needs. */
export function checkManifest(manifest: Manifest, { publish }: { publish: boolean }): string[] {
  const problems: string[] = [];
  if (!manifest.displayName) problems.push('package.json has no "displayName": the stores show it as the title.');
  if (!manifest.description) problems.push('package.json has no "description": the stores show it under the title.');
  if (!manifest.license) problems.push('package.json has no "license": Open VSX refuses unlicensed extensions.');
  if (!manifest.icon) problems.push('package.json has no "icon": set it to the PNG the build renders (dist/icon.png).');
  else if (!/\.png$/i.test(manifest.icon))
    problems.push(`package.json "icon" is ${manifest.icon}: the stores need a PNG.`);
  const banner = manifest.galleryBanner;
  if (!banner?.color || !/^#[0-9a-f]{6}$/i.test(banner.color))
    problems.push('package.json "galleryBanner.color" must be a colour like "#14213d".');
  if (banner?.theme !== 'dark' && banner?.theme !== 'light')
    problems.push('package.json "galleryBanner.theme" must be "dark" or "light" (the text colour on the banner).');
  const categories = manifest.categories ?? [];
  if (!categories.length) problems.push('package.json has no "categories": pick from ' + CATEGORIES.join(', ') + '.');
  for (const category of categories) {
    if (!CATEGORIES.includes(category))
      problems.push(
        `package.json category "${category}" is not one the Marketplace knows: pick from ${CATEGORIES.join(', ')}.`,
      );
  }
  const keywords = manifest.keywords ?? [];
  if (!keywords.length) problems.push('package.json has no "keywords": the stores search them.');
  if (keywords.length > MAX_KEYWORDS)
    problems.push(`package.json has ${keywords.length} keywords: the Marketplace keeps at most ${MAX_KEYWORDS}.`);
  if (publish) problems.push(...checkRepositoryForPublishing(manifest));
  return problems;
}

/** The repository field is the one place README images, issues and the stores' source link come from. */
function checkRepositoryForPublishing(manifest: Manifest): string[] {
  const url = repositoryUrl(manifest);
  if (isPlaceholderRepository(url)) {
    return [
      `package.json "repository.url" is still the placeholder ${url ?? '(none)'}: set it to the extension's repository, e.g. https://github.com/OWNER/stackline, before publishing.`,
    ];
  }
  let parsed: URL;
  try {
    parsed = new URL(url!);
  } catch {
    return [
      `package.json "repository.url" ${url} is not a URL: set it to the repository's https address, e.g. https://github.com/OWNER/stackline.`,
    ];
  }
  if (parsed.protocol !== 'https:')
    return [`package.json "repository.url" ${url} must be an https URL, e.g. https://github.com/OWNER/stackline.`];
  if (!repositoryHost(url!))
    return [
      `package.json "repository.url" ${url} is not on github.com or gitlab.com: vsce cannot point the README's images there.`,
    ];
  return [];
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error('not a PNG file');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function checkIcon(path: string, png: Buffer | undefined): string[] {
  if (!png) return [`The icon ${path} is missing: \`npm run build\` renders it from media/icon.svg.`];
  let size: { width: number; height: number };
  try {
    size = pngSize(png);
  } catch {
    return [`The icon ${path} is not a PNG file: the stores need a PNG.`];
  }
  if (size.width !== size.height || size.width < MIN_ICON_SIZE) {
    return [
      `The icon ${path} is ${size.width}×${size.height}: the stores need a square PNG of at least ${MIN_ICON_SIZE}×${MIN_ICON_SIZE}.`,
    ];
  }
  return [];
}

/** Image sources in a README: Markdown `![alt](src "title")` and HTML `<img src>`, outside code. */
export function readmeImages(markdown: string): string[] {
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  const images: string[] = [];
  for (const match of text.matchAll(/!\[[^\]]*\]\(\s*<?([^\s)>]+)>?(?:\s+["'(][^)]*)?\)/g)) images.push(match[1]);
  for (const match of text.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) images.push(match[1]);
  return images;
}

/** A relative image source as a path from the package root (`./a/../b.png#x` → `b.png`). */
export function imagePath(src: string): string {
  return posix.normalize(decodeURI(src.replace(/[?#].*$/, ''))).replace(/^(\.\/)+/, '');
}

export const isAbsoluteUrl = (src: string) => /^[a-z][a-z\d+.-]*:/i.test(src);

/**
 * Every README image must show on the store page. An absolute image must be https and not SVG
 * (the Marketplace refuses both). A relative one must be a file that `available` holds: the
 * package's files for a local build, the files committed in git when publishing (vsce then
 * points it at the repository).
 */
export function checkReadmeImages(images: string[], available: Set<string>, where: string): string[] {
  const problems: string[] = [];
  for (const src of images) {
    if (isAbsoluteUrl(src)) {
      if (!/^https:\/\//i.test(src)) problems.push(`README image ${src} must come from an https URL.`);
      else if (/\.svg([?#]|$)/i.test(src))
        problems.push(`README image ${src} is an SVG: the Marketplace refuses SVG images in a README; use a PNG.`);
      continue;
    }
    const path = imagePath(src);
    if (/\.svg$/i.test(path))
      problems.push(`README image ${src} is an SVG: the Marketplace refuses SVG images in a README; use a PNG.`);
    else if (!available.has(path)) problems.push(`README image ${src} is not ${where}: add the file, or fix the link.`);
  }
  return problems;
}

/** The package holds what the extension runs and the store shows (plus `expected`), and nothing else. */
export function checkPackageFiles(files: string[], expected: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (expected.includes(file) || PACKAGE_FILES.some((pattern) => pattern.test(file))) continue;
    problems.push(
      `${file} would ship in the .vsix: only bundles, media, the manifest and its translations, README, CHANGELOG, LICENSE and the icon belong there (see .vscodeignore).`,
    );
  }
  for (const file of [...REQUIRED_FILES, ...expected]) {
    if (!files.includes(file))
      problems.push(`${file} is missing from the .vsix: build first, or let it through .vscodeignore.`);
  }
  return problems;
}

/** Each walkthrough step's picture is a file in the package, or the Get Started page shows a gap. */
export function checkWalkthroughMedia(manifest: Manifest, files: string[]): string[] {
  const problems: string[] = [];
  for (const walkthrough of manifest.contributes?.walkthroughs ?? []) {
    for (const step of walkthrough.steps) {
      const image = step.media.image;
      const paths = step.media.svg
        ? [step.media.svg]
        : typeof image === 'string'
          ? [image]
          : Object.values(image ?? {});
      for (const path of paths) {
        if (!files.includes(posix.normalize(path)))
          problems.push(`Walkthrough step ${walkthrough.id}/${step.id} shows ${path}, which is not in the .vsix.`);
      }
    }
  }
  return problems;
}

/** A store page shows CHANGELOG.md: it needs an entry for the version being packaged. */
export function checkChangelog(changelog: string | undefined, version: string): string[] {
  if (changelog === undefined) return ['CHANGELOG.md is missing: the stores show it on the extension page.'];
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!new RegExp(`^##\\s+\\[?${escaped}\\]?(\\s|$)`, 'm').test(changelog))
    return [`CHANGELOG.md has no "## ${version}" section: say what users get in this version.`];
  return [];
}

/**
 * What `vsce publish --packagePath` checks in a .vsix's manifest before it asks for a token
 * (vsce's validateManifestForPublishing): no proposed API, a version the Marketplace takes.
 */
export function checkPublishable(manifest: Manifest): string[] {
  const problems: string[] = [];
  if (manifest.enableProposedApi || manifest.enabledApiProposals?.length)
    problems.push('package.json uses proposed API: the Marketplace refuses extensions that do.');
  if (manifest.version.includes('-'))
    problems.push(
      `version ${manifest.version} is a prerelease: the Marketplace takes only x.y.z (publish a pre-release with --pre-release instead).`,
    );
  return problems;
}
