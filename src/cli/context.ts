// What every CLI command gets: where to run, output, and lazy access to the repository.
import { discoverRepository, type RepoLocation } from '../core/git/repository';
import { GitRunner } from '../core/git/runner';
import { buildSmartlog } from '../core/smartlog/build';
import type { Smartlog } from '../core/smartlog/model';
import { escapeControls } from './terminalText';

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliCommand {
  name: string;
  aliases?: string[];
  /** One line for the help's command list, e.g. `goto <rev>`. */
  synopsis: string;
  summary: string;
  /** More lines for the help, under the command list (how the arguments read). */
  details?: string[];
  run(context: CliContext, argv: string[]): Promise<number>;
}

export class CliContext {
  private location: Promise<RepoLocation> | undefined;

  constructor(
    readonly cwd: string,
    readonly trunk: string | undefined,
    /** Prints a result; control characters in it (from commits, branch and file names) show escaped. */
    readonly out: (text: string) => void = (text) => console.log(escapeControls(text)),
  ) {}

  repo(): Promise<RepoLocation> {
    this.location ??= discoverRepository(this.cwd);
    return this.location;
  }

  async git(): Promise<GitRunner> {
    return new GitRunner((await this.repo()).root);
  }

  async smartlog(): Promise<Smartlog> {
    const repo = await this.repo();
    return buildSmartlog(new GitRunner(repo.root), repo, { trunk: this.trunk });
  }
}
