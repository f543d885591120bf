// The GitHub stand-in for `npm start`: serves the demo repository's bare origin as octo/demo,
// points the demo clone at it, and accepts whatever token the person types when Submit asks.
import { join } from 'node:path';
import { attachToStandin } from './attach';
import { seedTeammateStack, TEAMMATE, TEAMMATE_TOKEN } from './demoReview';
import { startGitHubStandin, type GitHubStandin } from './server';

export interface DemoGitHub {
  standin: GitHubStandin;
  /** VS Code user settings that point Stackline at the stand-in. */
  settings: Record<string, unknown>;
  /** Lines to print for the person running the demo. */
  instructions: string[];
}

export async function startDemoGitHub(demo: { dir: string; origin: string }, port?: number): Promise<DemoGitHub> {
  const standin = await startGitHubStandin({ tokens: { [TEAMMATE_TOKEN]: TEAMMATE }, anyToken: 'you', port });
  attachToStandin(standin, { workDir: demo.dir, bareDir: demo.origin, owner: 'octo', name: 'demo' });
  const teammate = await seedTeammateStack(standin, demo.origin);
  return {
    standin,
    settings: { 'stackline.github.apiUrl': standin.apiUrl },
    instructions: [
      `GitHub stand-in (PRs of octo/demo): ${standin.url}/`,
      'The first Submit says there is no token: press Set Token and type anything (the stand-in accepts it); the submit then goes on.',
      `To review ${TEAMMATE}'s stack (#${teammate[0]}–#${teammate[teammate.length - 1]}): run "Stackline: Review Stack…" and type ${teammate[teammate.length - 1]}.`,
      `CLI: GITHUB_TOKEN=demo STACKLINE_GITHUB_API_URL=${standin.apiUrl} node ${join(__dirname, '..', '..', 'dist', 'cli.js')} -C ${demo.dir} submit`,
    ],
  };
}
