// Read-only questions about profiles: which exist, what one contains, what it would check out,
// and what is active now. None of them changes the working copy, the index or git's rules.
import type { CompiledSparse } from './compile';
import type { SparseConfig } from './config';
import type { SparseContext } from './context';
import { explain, type Explanation } from './explain';
import type { ProfileReader } from './load';
import { readState, type SparseState } from './state';
import { compileTarget, type Target } from './target';
import { listTree, TreeListing } from './tree';
import { resolveCommit } from '../git/resolveCommit';

export interface ProfileSummary {
  path: string;
  /** Short name: the path inside the profile folder, without `.sparse`. */
  name: string;
  title: string;
  description: string;
  hidden: boolean;
  active: boolean;
  mode?: CompiledSparse['mode'];
  explanation?: Explanation;
  /** Set when the profile cannot be read; the other fields are then defaults. */
  error?: string;
}

export interface SparseStatus {
  /** Paths of the active profiles (empty with a full checkout or rules set outside Stackline). */
  profiles: string[];
  /** 'full' when git is not sparse; 'unmanaged' when git is sparse but not through Stackline. */
  mode: CompiledSparse['mode'] | 'full' | 'unmanaged';
  state?: SparseState;
  profileDirectory: string;
}

export async function sparseStatus(context: SparseContext, config?: SparseConfig): Promise<SparseStatus> {
  const known = config ?? (await context.config());
  const state = known.sparse ? readState(context.location) : undefined;
  const mode = !known.sparse ? 'full' : state ? state.mode : 'unmanaged';
  return { profiles: state?.profiles ?? [], mode, state, profileDirectory: context.profileDirectory(known) };
}

/** Every profile in the profile folder, each explained against the tree at HEAD. */
export async function listProfiles(
  context: SparseContext,
  options: { counts?: boolean } = {},
): Promise<ProfileSummary[]> {
  const config = await context.config();
  const [paths, status, tree] = await Promise.all([
    context.profilePaths(config),
    sparseStatus(context, config),
    options.counts === false ? undefined : headTree(context, config),
  ]);
  const always = context.alwaysSetting(config);
  return Promise.all(
    paths.map(async (path): Promise<ProfileSummary> => {
      const base = {
        path,
        name: context.displayName(config, path),
        title: context.displayName(config, path),
        description: '',
        hidden: false,
        active: status.profiles.includes(path),
      };
      try {
        const target = await compileTarget(context, config, [path], always, tree);
        const [profile] = target.profiles;
        return {
          ...base,
          title: profile.title,
          description: profile.description,
          hidden: profile.hidden,
          mode: target.compiled.mode,
          explanation: tree ? explain(target.compiled, tree) : undefined,
        };
      } catch (error) {
        return { ...base, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** A profile as loaded and compiled, without looking at the tree's files. */
export async function showProfile(context: SparseContext, name: string): Promise<Target> {
  const config = await context.config();
  return compileTarget(context, config, [await context.resolveProfile(config, name)], context.alwaysSetting(config));
}

export interface ExplainResult {
  target: Target;
  explanation: Explanation;
  tree: TreeListing;
}

/**
 * What checking out these profiles together would give. `preview` supplies the text of profile
 * files that are not written yet (from-workspace previews).
 */
export async function explainProfiles(
  context: SparseContext,
  names: string[],
  preview?: Map<string, string>,
): Promise<ExplainResult> {
  const config = await context.config();
  const paths = preview ? names : await Promise.all(names.map((name) => context.resolveProfile(config, name)));
  // Asking git for the few paths that decide the mode is cheaper than indexing the whole listing.
  const [tree, target] = await Promise.all([
    headTree(context, config),
    compileTarget(
      context,
      config,
      paths,
      context.alwaysSetting(config),
      undefined,
      preview && withPreview(context.reader(), preview),
    ),
  ]);
  return { target, explanation: explain(target.compiled, tree), tree };
}

function withPreview(read: ProfileReader, preview: Map<string, string>): ProfileReader {
  return async (path) => preview.get(path) ?? read(path);
}

/** The tree at HEAD; empty before the first commit. */
async function headTree(context: SparseContext, config: SparseConfig): Promise<TreeListing> {
  const head = await resolveCommit(context.git, { rev: 'HEAD' });
  return head === undefined ? new TreeListing([]) : listTree(context.git, 'HEAD', config.partialClone);
}
