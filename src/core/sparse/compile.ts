// Compiles active profiles to what `git sparse-checkout set` takes, plus a matcher that answers
// "will this path be in the checkout?" the same way git will (for explain and the safety checks).
//
// A profile made only of folders (and top-level files, which cone mode keeps anyway) compiles to
// cone mode, which git switches several times faster. Anything else compiles to non-cone
// patterns where the last match wins: includes, then excludes, then the skeleton. Every rule is
// emitted as `/x` and `/x/**` so each file is matched by its own path, never only through a
// parent folder; that is what lets excludes win over includes at any depth.
import { escapeGitPattern, expandBraces, globToRegexSource, hasGlobChars, escapeRegex } from './glob';
import type { Profile, Rule } from './model';

export type SparseMode = 'cone' | 'non-cone';

/** What is in the tree at HEAD, as far as compiling needs to know. */
export interface PathTypes {
  typeOf(path: string): 'tree' | 'blob' | undefined;
}

/** Kept in every checkout whatever the profiles say. */
export interface Skeleton {
  /** Always kept, present or not: the profile folder (a new profile must never fall outside). */
  dirs: string[];
  /** Hook and convention folders: kept when the tree has them. */
  ifPresent: string[];
  /** Always-needed rules from settings, on top of the profiles' `always`. */
  always: Rule[];
}

export interface PathMatcher {
  matches(path: string): boolean;
}

export interface CompiledSparse {
  mode: SparseMode;
  /** Arguments for `git sparse-checkout set`: folders in cone mode, patterns otherwise. */
  rules: string[];
  matcher: PathMatcher;
}

export function compileProfiles(profiles: Profile[], skeleton: Skeleton, types: PathTypes): CompiledSparse {
  const include = profiles.flatMap((p) => p.include);
  const exclude = profiles.flatMap((p) => p.exclude);
  const skeletonDirs = [...skeleton.dirs, ...skeleton.ifPresent.filter((dir) => types.typeOf(dir) === 'tree')];
  const always = [
    ...skeletonDirs.map((dir): Rule => ({ kind: 'path', pattern: dir, file: '(skeleton)', line: 0 })),
    ...profiles.flatMap((p) => p.always),
    ...skeleton.always,
  ];
  const kept = [...include, ...always];
  if (exclude.length === 0 && kept.every((rule) => coneCompatible(rule, types))) {
    const dirs = minimalDirs(kept.filter((rule) => types.typeOf(rule.pattern) !== 'blob').map((rule) => rule.pattern));
    return { mode: 'cone', rules: dirs, matcher: new ConeMatcher(dirs) };
  }
  const rules = [
    ...include.flatMap((rule) => gitPatterns(rule, '')),
    ...exclude.flatMap((rule) => gitPatterns(rule, '!')),
    '/*',
    '!/*/',
    ...always.flatMap((rule) => gitPatterns(rule, '')),
  ];
  return { mode: 'non-cone', rules, matcher: new RuleMatcher(include, exclude, always) };
}

/** A plain folder, a missing path (taken as a folder), or a top-level file. */
function coneCompatible(rule: Rule, types: PathTypes): boolean {
  // A literal `path:` with glob characters in its name cannot be a cone folder either.
  if (rule.pattern === '' || hasGlobChars(rule.pattern)) return false;
  return types.typeOf(rule.pattern) !== 'blob' || !rule.pattern.includes('/');
}

/** Sorted, without duplicates and without folders inside another listed folder. */
function minimalDirs(dirs: string[]): string[] {
  const sorted = [...new Set(dirs)].sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

function gitPatterns(rule: Rule, sign: '' | '!'): string[] {
  if (rule.pattern === '') return [`${sign}*`];
  const alternatives = rule.kind === 'path' ? [escapeGitPattern(rule.pattern)] : expandBraces(rule.pattern);
  return alternatives.flatMap((alt) =>
    alt.endsWith('**') ? [`${sign}/${alt}`] : [`${sign}/${alt}`, `${sign}/${alt}/**`],
  );
}

/** Regex for "the path, or something under it, matches one of the rules". */
function rulesRegex(rules: Rule[]): RegExp | undefined {
  if (rules.length === 0) return undefined;
  if (rules.some((rule) => rule.pattern === '')) return /^/;
  const sources = rules.flatMap((rule) =>
    rule.kind === 'path' ? [escapeRegex(rule.pattern)] : expandBraces(rule.pattern).map(globToRegexSource),
  );
  return new RegExp(`^(?:${[...new Set(sources)].join('|')})(?:/|$)`);
}

/** Non-cone semantics: top-level files and `always` rules, else included and not excluded. */
class RuleMatcher implements PathMatcher {
  private readonly include: RegExp | undefined;
  private readonly exclude: RegExp | undefined;
  private readonly always: RegExp | undefined;

  constructor(include: Rule[], exclude: Rule[], always: Rule[]) {
    this.include = rulesRegex(include);
    this.exclude = rulesRegex(exclude);
    this.always = rulesRegex(always);
  }

  matches(path: string): boolean {
    if (!path.includes('/')) return true;
    if (this.always?.test(path)) return true;
    return !!this.include?.test(path) && !this.exclude?.test(path);
  }
}

/**
 * Git's cone semantics: everything under a cone folder, plus the files directly inside the root
 * and inside every folder on the way down to a cone folder.
 */
class ConeMatcher implements PathMatcher {
  private readonly recursive: Set<string>;
  private readonly parents = new Set<string>(['']);

  constructor(dirs: string[]) {
    this.recursive = new Set(dirs);
    for (const dir of dirs) {
      for (let i = dir.indexOf('/'); i >= 0; i = dir.indexOf('/', i + 1)) this.parents.add(dir.slice(0, i));
    }
  }

  matches(path: string): boolean {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    if (this.parents.has(dir)) return true;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      if (this.recursive.has(path.slice(0, i))) return true;
    }
    return false;
  }
}
