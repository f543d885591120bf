// From profile names to compiled git rules: load each profile (following %include), build the
// skeleton, and look up just the paths whose type decides between cone and non-cone mode.
import { compileProfiles, type CompiledSparse, type PathTypes } from './compile';
import type { SparseConfig } from './config';
import type { SparseContext } from './context';
import { hasGlobChars } from './glob';
import { loadProfile, type ProfileReader } from './load';
import type { Profile } from './model';
import { queryPathTypes } from './tree';

export interface Target {
  profiles: Profile[];
  compiled: CompiledSparse;
  /** The always-needed setting used, recorded with the state. */
  always: string[];
}

export async function compileTarget(
  context: SparseContext,
  config: SparseConfig,
  paths: string[],
  always: string[],
  types?: PathTypes,
  read: ProfileReader = context.reader(),
): Promise<Target> {
  const profiles = await Promise.all(paths.map((path) => loadProfile(path, read)));
  const skeleton = context.skeleton(config, always);
  const plain = [...profiles.flatMap((p) => [...p.include, ...p.always]), ...skeleton.always]
    .filter((rule) => rule.pattern !== '' && !hasGlobChars(rule.pattern))
    .map((rule) => rule.pattern);
  const known = types ?? (await queryPathTypes(context.git, plain, skeleton.ifPresent));
  return { profiles, compiled: compileProfiles(profiles, skeleton, known), always };
}
