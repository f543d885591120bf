// `stackline sparse …`: list, inspect and switch sparse-checkout profiles.
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SparseContext } from '../../core/sparse/context';
import { BlockedSwitchError, DeleteNotConfirmedError, SparseError } from '../../core/sparse/errors';
import { filesIn } from '../../core/sparse/explain';
import { explainProfiles, listProfiles, showProfile, sparseStatus } from '../../core/sparse/inspect';
import type { DoomedDirectory } from '../../core/sparse/model';
import { reapplyIfChanged } from '../../core/sparse/reapply';
import {
  disableProfile,
  enableProfile,
  switchProfiles,
  turnOff,
  type SwitchOptions,
  type SwitchResult,
} from '../../core/sparse/switch';
import { compileTarget } from '../../core/sparse/target';
import {
  defaultProfilePath,
  dependencyClosure,
  readWorkspace,
  workspaceProfileText,
} from '../../core/sparse/workspace';
import { UsageError, type CliCommand, type CliContext } from '../context';
import {
  blockedLines,
  doomedLines,
  formatExplanation,
  formatList,
  formatProfile,
  formatStatus,
  formatSwitch,
} from './sparseFormat';

const HELP = `Usage: stackline sparse <subcommand> [options]

  (no subcommand)                 which profiles are active
  list [--all] [--json]           profiles with title, description and size (--all: hidden ones too)
  show <profile>                  a profile's rules, includes and the git rules it compiles to
  explain <profile>... [--files]  files, share of the repository and bytes, without touching the checkout
  switch <profile>...             check out exactly these profiles
  enable <profile>                add a profile to the active ones
  disable <profile>               remove a profile from the active ones
  off                             full checkout again
  reapply                         apply the active profiles again if their files changed (after a checkout or pull)
  from-workspace <package>        a profile for an npm/yarn/pnpm package and its workspace dependencies
                                  (prints it; --write saves it, --path <file> chooses where)

Options:
  --force               switch even with local changes outside the new checkout (they stay in place)
  --yes, -y             go on when git would delete folders that hold only ignored files
  --profile-dir <dir>   where profiles live (default: git config stackline.sparse.profileDirectory, else .sparse)
  --json                machine-readable output (list, explain, from-workspace)`;

const OPTIONS = {
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  files: { type: 'boolean' },
  force: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  write: { type: 'boolean' },
  path: { type: 'string' },
  'profile-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export const sparseCommand: CliCommand = {
  name: 'sparse',
  synopsis: 'sparse <subcommand>',
  summary: 'sparse-checkout profiles: list, show, explain, switch, enable, disable, off, from-workspace',
  async run(context, argv) {
    const { values, positionals } = parse(argv);
    const [sub = 'status', ...args] = positionals;
    if (values.help || sub === 'help') {
      context.out(HELP);
      return 0;
    }
    const sparse = new SparseContext(await context.git(), await context.repo(), {
      profileDirectory: values['profile-dir'],
    });
    const handler = SUBCOMMANDS[sub];
    if (!handler) throw new UsageError(`Unknown sparse subcommand '${sub}'. Run stackline sparse --help.`);
    try {
      return await handler(context, sparse, args, values);
    } catch (error) {
      throw withDetails(error);
    }
  },
};

type Handler = (context: CliContext, sparse: SparseContext, args: string[], values: Values) => Promise<number>;

const SUBCOMMANDS: Record<string, Handler> = {
  async status(context, sparse, args) {
    expectArgs('status', args, 0, 0);
    const config = await sparse.config();
    const status = await sparseStatus(sparse, config);
    let stale = false;
    if (status.state) {
      const target = await compileTarget(sparse, config, status.state.profiles, status.state.always).catch(
        () => undefined,
      );
      stale =
        !target ||
        target.compiled.rules.join('\n') !== status.state.rules.join('\n') ||
        target.compiled.mode !== status.state.mode;
    }
    const count = (await sparse.profilePaths(config)).length;
    context.out(formatStatus(status, stale, (p) => sparse.displayName(config, p), count));
    return 0;
  },

  async list(context, sparse, args, values) {
    expectArgs('list', args, 0, 0);
    const profiles = await listProfiles(sparse);
    if (values.json) {
      context.out(
        JSON.stringify(
          profiles.filter((p) => values.all || !p.hidden || p.active),
          null,
          2,
        ),
      );
    } else {
      const text = formatList(profiles, !!values.all);
      const dir = sparse.profileDirectory(await sparse.config());
      context.out(
        text ||
          `No profiles in ${dir}/. Write one (see stackline sparse --help) or run stackline sparse from-workspace <package>.`,
      );
    }
    return 0;
  },

  async show(context, sparse, args) {
    expectArgs('show', args, 1, 1);
    const target = await showProfile(sparse, args[0]);
    context.out(formatProfile(target.profiles[0], target.compiled));
    return 0;
  },

  async explain(context, sparse, args, values) {
    expectArgs('explain', args, 1, Infinity);
    const { target, explanation, tree } = await explainProfiles(sparse, args);
    if (values.json) {
      context.out(
        JSON.stringify(
          {
            profiles: target.profiles.map((p) => p.path),
            rules: target.compiled.rules,
            ...explanation,
            ...(values.files ? { paths: filesIn(target.compiled, tree) } : {}),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const label =
      target.profiles.length === 1
        ? `Profile ${target.profiles[0].title}`
        : `Profiles ${target.profiles.map((p) => p.title).join(' + ')}`;
    context.out(formatExplanation(label, explanation));
    if (values.files) context.out(filesIn(target.compiled, tree).join('\n'));
    for (const warning of target.profiles.flatMap((p) => p.warnings)) context.out(`warning: ${warning}`);
    return 0;
  },

  async switch(context, sparse, args, values) {
    expectArgs('switch', args, 1, Infinity);
    return report(context, sparse, await switchProfiles(sparse, args, switchOptions(context, values)));
  },

  async enable(context, sparse, args, values) {
    expectArgs('enable', args, 1, 1);
    return report(context, sparse, await enableProfile(sparse, args[0], switchOptions(context, values)));
  },

  async disable(context, sparse, args, values) {
    expectArgs('disable', args, 1, 1);
    return report(context, sparse, await disableProfile(sparse, args[0], switchOptions(context, values)));
  },

  async off(context, sparse, args, values) {
    expectArgs('off', args, 0, 0);
    return report(context, sparse, await turnOff(sparse, switchOptions(context, values)));
  },

  async reapply(context, sparse, args, values) {
    expectArgs('reapply', args, 0, 0);
    const result = await reapplyIfChanged(sparse, switchOptions(context, values));
    if (result.status === 'inactive') context.out('No Stackline profile is active; nothing to re-apply.');
    else if (result.status === 'unchanged')
      context.out('The active profiles have not changed; the checkout is up to date.');
    else return report(context, sparse, result.result);
    return 0;
  },

  async 'from-workspace'(context, sparse, args, values) {
    expectArgs('from-workspace', args, 1, 1);
    const config = await sparse.config();
    const workspace = await readWorkspace(sparse.git, sparse.root);
    const closure = dependencyClosure(workspace, args[0]);
    const path = values.path ?? defaultProfilePath(sparse.profileDirectory(config), closure[0].name);
    const text = workspaceProfileText(workspace, closure, `stackline sparse from-workspace ${closure[0].name}`);
    const { explanation } = await explainProfiles(sparse, [path], new Map([[path, text]]));
    if (values.write) {
      const file = join(sparse.root, path);
      if (existsSync(file) && !values.force)
        throw new SparseError(
          'exists',
          `${path} exists already. Pass --force to overwrite it, or --path <file> to write elsewhere.`,
        );
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    if (values.json) {
      context.out(
        JSON.stringify(
          {
            kind: workspace.kind,
            path,
            written: !!values.write,
            packages: closure,
            rootPaths: workspace.rootPaths,
            text,
            explanation,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    if (!values.write) context.out(text);
    context.out(
      formatExplanation(
        `${values.write ? `Wrote ${path}: ` : ''}${closure[0].name} with ${closure.length - 1} workspace dependencies`,
        explanation,
      ),
    );
    context.out(
      values.write
        ? `Switch to it with: stackline sparse switch ${sparse.displayName(config, path)}`
        : `Save it with --write (to ${path}).`,
    );
    return 0;
  },
};

function expectArgs(sub: string, args: string[], min: number, max: number): void {
  if (args.length < min)
    throw new UsageError(
      `sparse ${sub} needs ${min === 1 ? 'a profile' : `${min} arguments`}. Run stackline sparse --help.`,
    );
  if (args.length > max) throw new UsageError(`Too many arguments for sparse ${sub}: ${args.slice(max).join(' ')}`);
}

function switchOptions(context: CliContext, values: Values): SwitchOptions {
  return { force: !!values.force, confirmDelete: (dirs) => confirmDelete(context, dirs, !!values.yes) };
}

/** With --yes, go on; on a terminal, ask; otherwise stop (the error lists the folders). */
async function confirmDelete(context: CliContext, dirs: DoomedDirectory[], yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    context.out(
      `Git will delete these folders: once their tracked files leave the checkout, only ignored files remain in them:\n${doomedLines(dirs).join('\n')}`,
    );
    return /^y(es)?$/i.test((await rl.question('Delete them and switch? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

async function report(context: CliContext, sparse: SparseContext, result: SwitchResult): Promise<number> {
  const config = await sparse.config();
  context.out(formatSwitch(result, (p) => sparse.displayName(config, p)));
  return 0;
}

/** Blocked switches list every file, not just the first few the one-line message names. */
function withDetails(error: unknown): unknown {
  if (error instanceof BlockedSwitchError)
    return new SparseError(error.kind, `${error.message}\n${blockedLines(error.blocked).join('\n')}`);
  if (error instanceof DeleteNotConfirmedError)
    return new SparseError(error.kind, `${error.message}\n${doomedLines(error.doomed).join('\n')}`);
  return error;
}
