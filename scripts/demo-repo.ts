// Builds the demo repository: a small monorepo with trunk history on a local "origin" and two
// stacks of draft commits. Used by `npm start` and by the real-VS-Code tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DemoRepo {
  /** The work tree to open. */
  dir: string;
  /** The bare repository that plays "origin". */
  origin: string;
  stacks: { name: string; commits: string[] }[];
}

const PEOPLE = [
  ['Grace Hopper', 'grace@example.com'],
  ['Alan Turing', 'alan@example.com'],
  ['Barbara Liskov', 'barbara@example.com'],
];

export function createDemoRepo(parent: string): DemoRepo {
  const dir = join(parent, 'monorepo');
  const origin = join(parent, 'origin.git');
  mkdirSync(dir, { recursive: true });
  let clock = Math.floor(Date.now() / 1000) - 60 * 60 * 24 * 5;
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const commit = (message: string, files: Record<string, string>, who = 0, step = 60 * 60 * 8) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    git(['add', '-A']);
    clock += step;
    const [name, email] = PEOPLE[who % PEOPLE.length];
    const date = `${clock} +0000`;
    git(['commit', '-q', '-m', message], {
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    });
    return git(['rev-parse', 'HEAD']).trim();
  };

  git(['init', '-q', '-b', 'main']);
  // Commits made in the demo are yours; not the machine's global identity.
  git(['config', 'user.name', 'Demo User']);
  git(['config', 'user.email', 'demo@example.com']);
  commit('chore: initial monorepo layout', {
    'package.json':
      JSON.stringify({ name: 'demo-monorepo', private: true, workspaces: ['packages/*'] }, null, 2) + '\n',
    'README.md': '# Demo monorepo\n',
    'packages/web/package.json': '{ "name": "@demo/web" }\n',
    'packages/api/package.json': '{ "name": "@demo/api" }\n',
    'packages/shared/package.json': '{ "name": "@demo/shared" }\n',
  });
  const trunkWork: [string, string][] = [
    ['feat(web): landing page', 'packages/web/src/landing.ts'],
    ['feat(api): health endpoint', 'packages/api/src/health.ts'],
    ['fix(shared): date parsing off by one', 'packages/shared/src/dates.ts'],
    ['docs: contributing guide', 'docs/CONTRIBUTING.md'],
    ['feat(api): list orders', 'packages/api/src/orders.ts'],
    ['refactor(web): extract layout', 'packages/web/src/layout.ts'],
    ['test(api): orders contract', 'packages/api/test/orders.test.ts'],
    ['ci: cache dependencies', '.github/workflows/ci.yml'],
    ['feat(shared): money type', 'packages/shared/src/money.ts'],
    ['fix(web): focus ring on buttons', 'packages/web/src/button.ts'],
    ['perf(api): index orders by customer', 'packages/api/src/orders.ts'],
    ['chore: bump dependencies', 'package.json'],
  ];
  const content = (message: string, path: string, i: number) =>
    path.endsWith('.json')
      ? JSON.stringify(
          { name: 'demo-monorepo', private: true, version: `1.${i}.0`, workspaces: ['packages/*'] },
          null,
          2,
        ) + '\n'
      : `// ${message}\nexport const v${i} = ${i};\n`;
  trunkWork.forEach(([message, path], i) => commit(message, { [path]: content(message, path, i) }, i));

  execFileSync('git', ['clone', '-q', '--bare', dir, origin]);
  git(['remote', 'add', 'origin', origin]);
  git(['fetch', '-q', 'origin']);
  git(['branch', '-q', '--set-upstream-to=origin/main', 'main']);
  git(['remote', 'set-head', 'origin', 'main']);

  // Stack 1: based a few commits back on trunk, one branch at its top, pushed.
  git(['switch', '-q', '-c', 'checkout-flow', 'main~4']);
  const checkout = [
    commit(
      'feat(shared): cart model',
      { 'packages/shared/src/cart.ts': 'export interface Cart { items: string[] }\n' },
      0,
      60 * 40,
    ),
    commit('feat(api): cart endpoints', { 'packages/api/src/cart.ts': 'export const cartRoutes = [];\n' }, 0, 60 * 40),
    commit(
      'feat(web): checkout page',
      { 'packages/web/src/checkout.ts': 'export const checkout = () => "pay";\n' },
      0,
      60 * 40,
    ),
  ];
  git(['push', '-q', '-u', 'origin', 'checkout-flow']);

  // Stack 2: on trunk tip, without branches except its top; HEAD in the middle of it.
  git(['switch', '-q', '--detach', 'main']);
  const rateLimit = [
    commit('feat(api): token bucket', { 'packages/api/src/bucket.ts': 'export class TokenBucket {}\n' }, 1, 60 * 30),
    commit(
      'feat(api): rate-limit middleware',
      { 'packages/api/src/rate-limit.ts': 'export const rateLimit = () => {};\n' },
      1,
      60 * 30,
    ),
    commit('docs(api): document limits', { 'docs/rate-limits.md': '# Rate limits\n' }, 1, 60 * 30),
  ];
  git(['branch', 'rate-limit', rateLimit[2]]);
  git(['switch', '-q', '--detach', rateLimit[1]]);
  writeFileSync(join(dir, 'packages/api/src/rate-limit.ts'), 'export const rateLimit = (max = 100) => max;\n');
  writeFileSync(join(dir, 'NOTES.md'), 'ideas for the next stack\n');

  return {
    dir,
    origin,
    stacks: [
      { name: 'checkout-flow', commits: checkout },
      { name: 'rate-limit', commits: rateLimit },
    ],
  };
}
