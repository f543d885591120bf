// Puts an existing clone and its bare "origin" behind the stand-in: the clone's origin URL becomes
// https://<host>/<owner>/<name>.git (what Stackline parses), and git reaches the bare repository
// through url.<path>.insteadOf, so pushes land where the stand-in reads branches.
import { execFileSync } from 'node:child_process';
import type { GitHubStandin } from './server';

export interface AttachOptions {
  workDir: string;
  bareDir: string;
  owner: string;
  name: string;
  /** Host in the remote URL; any name works, the API URL comes from the stackline.github.apiUrl setting. */
  host?: string;
}

export function attachToStandin(standin: GitHubStandin, options: AttachOptions): string {
  const url = `https://${options.host ?? 'github.example.test'}/${options.owner}/${options.name}.git`;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: options.workDir, encoding: 'utf8' });
  git('config', `url.${options.bareDir}.insteadOf`, url);
  git('remote', 'set-url', 'origin', url);
  standin.addRepo(options.owner, options.name, options.bareDir);
  return url;
}
