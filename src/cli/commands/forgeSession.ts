// The GitHub session of a CLI command, from the environment: the token from GITHUB_TOKEN or GH_TOKEN,
// the API from STACKLINE_GITHUB_API_URL, git config stackline.github.apiUrl, or the remote's host.
import { ForgeError } from '../../core/forge/errors';
import { baseRemote, openForgeSession, type ForgeSession } from '../../core/forge/session';
import { isLoopbackApi } from '../../core/forge/settings';
import type { CliContext } from '../context';
import { escapeControls } from '../terminalText';
import { configValue } from '../../core/git/configValue';

export async function forgeSession(context: CliContext): Promise<ForgeSession> {
  const git = await context.git();
  // Which GitHub repository comes first: without one, no token helps.
  await baseRemote(git);
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  if (!token) {
    throw new ForgeError(
      'auth',
      'No GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a token with the repo scope, e.g. export GITHUB_TOKEN=$(gh auth token).',
    );
  }
  const apiUrl =
    process.env.STACKLINE_GITHUB_API_URL || (await configValue(git, { key: 'stackline.github.apiUrl' })) || undefined;
  const debug = !!process.env.STACKLINE_DEBUG;
  return openForgeSession(git, {
    token,
    apiUrl,
    // GitHub's spacing between writes guards against its secondary rate limits; a local stand-in has none.
    spaceWrites: !(apiUrl && isLoopbackApi(apiUrl)),
    log: (line) => debug && console.error(escapeControls(line)),
    notify: (message) => console.error(escapeControls(message)),
  });
}
