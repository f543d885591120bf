// The shapes sparse profiles take once read: rules, profile files, merged profiles, and what a
// switch finds in the way.

/** `glob:` rules (the default) may use wildcards; `path:` rules are literal paths. */
export type RuleKind = 'glob' | 'path';

export interface Rule {
  kind: RuleKind;
  /** Repository-relative, no prefix, no leading or trailing slash; '' means the whole repository. */
  pattern: string;
  /** Where the rule was written, for messages. */
  file: string;
  line: number;
}

/** One profile file as written: its own rules and the files it includes, not yet followed. */
export interface ProfileFile {
  path: string;
  metadata: Record<string, string>;
  /** Where each metadata key was written (for error messages about its value). */
  metadataLines: Record<string, number>;
  includes: { path: string; line: number }[];
  include: Rule[];
  exclude: Rule[];
  always: Rule[];
}

/** A profile with its `%include`s followed: what a switch applies. */
export interface Profile {
  path: string;
  title: string;
  description: string;
  hidden: boolean;
  include: Rule[];
  exclude: Rule[];
  /** Rules from `[metadata] always = …`: kept in the checkout whatever the excludes say. */
  always: Rule[];
  /** The profile file and every file it includes, in the order they were read. */
  files: string[];
  /** Problems that did not stop loading, e.g. a missing `%include`. */
  warnings: string[];
}

export type LocalChange = 'modified' | 'staged' | 'deleted' | 'untracked' | 'conflicted';

/** A file the person made or changed that would end up outside the new checkout. */
export interface BlockedFile {
  path: string;
  change: LocalChange;
}

/** A folder git deletes on the switch because, once its tracked files go, only ignored files remain. */
export interface DoomedDirectory {
  path: string;
  /** The ignored files and folders inside it, as git status lists them. */
  ignored: string[];
  files: number;
  bytes: number;
}
