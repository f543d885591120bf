// `npm run package` builds dist/stackline.vsix after checking what the Marketplace and Open VSX
// check; `npm run publish:dry` (--publish) makes the .vsix to upload and runs vsce's and ovsx's
// own checks up to where each would ask for a token. Nothing here talks to the network.
// Options: --publish, --no-build (package dist/ as it is). Runs in the current directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isLicenseOk } from 'ovsx';
import { readVSIXPackage as ovsxReadVsix } from 'ovsx/lib/zip';
import {
  checkChangelog,
  checkIcon,
  checkManifest,
  checkPackageFiles,
  checkPublishable,
  checkReadmeImages,
  checkWalkthroughMedia,
  imagePath,
  isAbsoluteUrl,
  readmeImages,
  repositoryHost,
  repositoryUrl,
  type Manifest,
} from './storeChecks';

interface VsceZip {
  readZip(file: string, filter: (name: string) => boolean): Promise<Map<string, Buffer>>;
  readVSIXPackage(file: string): Promise<{ manifest: Manifest }>;
}

class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const root = process.cwd();
const publish = process.argv.includes('--publish');
const build = !process.argv.includes('--no-build');
const requireHere = createRequire(join(root, 'package.json'));
const vsceBin = requireHere.resolve('@vscode/vsce/vsce');
const vsceZip = requireHere('@vscode/vsce/out/zip') as VsceZip;

const say = (line: string) => console.log(`package: ${line}`);
const read = (file: string) => (existsSync(join(root, file)) ? readFileSync(join(root, file)) : undefined);
const fail = (problems: string[]) => {
  if (problems.length) throw new PackageError(problems);
};

function run(command: string, args: string[], capture: boolean): string {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
  });
  if (result.status !== 0) {
    const output = capture ? `${result.stderr}${result.stdout}`.trim().split('\n').slice(-5).join('\n') : '';
    throw new PackageError([
      `${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})${output ? `:\n${output}` : ''}`,
    ]);
  }
  return result.stdout ?? '';
}
const vsce = (args: string[], capture = false) => run(process.execPath, [vsceBin, ...args], capture);
const git = (...args: string[]) => run('git', args, true);

/** Files committed and unchanged in the work tree: what a link into the repository at HEAD shows. */
function committedFiles(): Set<string> {
  const tracked = git('ls-files', '-z').split('\0').filter(Boolean);
  const changed = new Set(git('diff', '--name-only', '-z', 'HEAD').split('\0').filter(Boolean));
  return new Set(tracked.filter((file) => !changed.has(file)));
}

/** The name vsce gives a file inside the .vsix (lower-cased, as vsce's zip reader reports it). */
const vsixName = (file: string) => `extension/${/^license$/i.test(file) ? `${file}.txt` : file}`.toLowerCase();

async function main(): Promise<void> {
  const manifest = JSON.parse(read('package.json')!.toString('utf8')) as Manifest;
  const readme = read('README.md')?.toString('utf8') ?? '';
  const relativeImages = [
    ...new Set(
      readmeImages(readme)
        .filter((src) => !isAbsoluteUrl(src))
        .map(imagePath),
    ),
  ];
  fail([
    ...checkManifest(manifest, { publish }),
    ...checkChangelog(read('CHANGELOG.md')?.toString('utf8'), manifest.version),
  ]);

  if (build) {
    say('building');
    run(process.execPath, ['esbuild.mjs'], false);
  }
  fail(checkIcon(manifest.icon!, read(manifest.icon!)));

  // A local .vsix keeps README images as relative links, so it carries them; a published one
  // links them into the repository at this commit, and carries none.
  const listArgs = ['--no-dependencies'];
  const linkArgs: string[] = [];
  if (publish) {
    fail(
      checkReadmeImages(
        readmeImages(readme),
        committedFiles(),
        'committed in git unchanged (vsce links it into the repository at this commit)',
      ),
    );
    const commit = git('rev-parse', 'HEAD').trim();
    linkArgs.push(
      repositoryHost(repositoryUrl(manifest)!) === 'github' ? '--githubBranch' : '--gitlabBranch',
      commit,
      '--no-gitHubIssueLinking',
      '--no-gitLabIssueLinking',
    );
  } else {
    const ignoreFile = join('dist', '.vscodeignore');
    writeFileSync(
      join(root, ignoreFile),
      `${read('.vscodeignore')?.toString('utf8') ?? ''}\n${relativeImages.map((path) => `!${path}`).join('\n')}\n`,
    );
    listArgs.push('--ignoreFile', ignoreFile);
    linkArgs.push('--no-rewrite-relative-links');
  }

  const files = vsce(['ls', ...listArgs], true)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const inPackage = new Set(files);
  fail([
    ...checkPackageFiles(files, [manifest.icon!, ...(publish ? [] : relativeImages)]),
    ...(publish ? [] : checkReadmeImages(readmeImages(readme), inPackage, 'in the .vsix')),
    ...checkWalkthroughMedia(manifest, files),
  ]);
  say(`vsce ls: ${files.length} files, all expected`);

  const out = join('dist', publish ? `${manifest.name}-${manifest.version}.vsix` : `${manifest.name}.vsix`);
  vsce(['package', ...listArgs, ...linkArgs, '--out', out]);
  await checkVsix(join(root, out), manifest);
  if (publish) await checkLikePublishers(join(root, out));
  say(`${out} passed every check${publish ? ' a publish runs before it needs a token' : ''}`);
  if (publish) {
    say(`README images point at commit ${git('rev-parse', '--short', 'HEAD').trim()}: push it before publishing.`);
    say(
      `publish with: npx vsce publish --packagePath ${out}  and  npx ovsx publish ${out}  (each asks for its own token)`,
    );
  }
}

/** The .vsix as written: its icon, the images its README shows, and its changelog. */
async function checkVsix(vsix: string, manifest: Manifest): Promise<void> {
  const entries = await vsceZip.readZip(vsix, () => true);
  const icon = vsixName(manifest.icon!);
  fail(checkIcon(`${icon} in the .vsix`, entries.get(icon)));
  const readme = entries.get('extension/readme.md')?.toString('utf8') ?? '';
  const images = readmeImages(readme);
  if (publish) {
    // vsce rewrote every relative image into the repository; anything still relative would break on the store page.
    fail(
      images
        .filter((src) => !isAbsoluteUrl(src))
        .map((src) => `README image ${src} is still relative in the .vsix: the store page could not show it.`),
    );
  } else {
    const inVsix = new Set(
      [...entries.keys()]
        .filter((name) => name.startsWith('extension/'))
        .map((name) => name.slice('extension/'.length)),
    );
    fail(
      checkReadmeImages(
        images.map((src) => (isAbsoluteUrl(src) ? src : imagePath(src).toLowerCase())),
        inVsix,
        'in the .vsix',
      ),
    );
  }
  fail(
    entries.has('extension/changelog.md')
      ? []
      : ['CHANGELOG.md did not make it into the .vsix: let it through .vscodeignore.'],
  );
}

/**
 * What `vsce publish --packagePath` and `ovsx publish` do with a .vsix before they need a token:
 * vsce re-reads and validates the packaged manifest and checks it is publishable; ovsx checks
 * for a license (with the publisher, name and version it needs) and reads the publisher it would
 * ask a token for.
 */
async function checkLikePublishers(vsix: string): Promise<void> {
  const { manifest } = await vsceZip.readVSIXPackage(vsix);
  fail(checkPublishable(manifest));
  say(`vsce: ${manifest.publisher}.${manifest.name} ${manifest.version} is publishable to the Marketplace`);
  if (!(await isLicenseOk(root))) fail(['ovsx: no license: set "license" in package.json or add a LICENSE file.']);
  const namespace = (await ovsxReadVsix(vsix)).publisher;
  say(`ovsx: license ok; would publish to the Open VSX namespace "${namespace}"`);
}

main().catch((error: unknown) => {
  const problems =
    error instanceof PackageError ? error.problems : [error instanceof Error ? error.message : String(error)];
  for (const problem of problems) console.error(`package: ${problem}`);
  console.error(
    `package: ${publish ? 'not ready to publish' : 'no .vsix made'} (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  );
  process.exitCode = 1;
});
