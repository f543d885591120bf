// A merge-heavy repository shaped like git/git's history, written with `git fast-import`: a
// maintainer merges topic branches into master (most first-parent steps are merges), topics fork
// from master or maint a long way back, a few build on another topic, maint gets the fixes and is
// merged into master now and then, and some topics are still in flight (branches not merged yet).
// Deterministic: the same options give the same commits, hashes included.
import { execFileSync } from 'node:child_process';

export interface MergeHeavyOptions {
  /** First-parent steps on master. */
  steps: number;
  /** How far back (in master steps) a topic may fork. Concurrent lanes grow with it. */
  forkBack: number;
  /** Most commits in one topic. */
  topicMax: number;
  seed?: number;
  /** Topics left unmerged, each on a branch of its own. */
  inFlight?: number;
}

export interface MergeHeavyRepo {
  dir: string;
  commits: number;
  merges: number;
  /** Branches created besides master and maint. */
  topics: string[];
}

const NAMES = ['ab', 'jc', 'ps', 'en', 'tb', 'jk', 'ds', 'rs', 'pw', 'js', 'ew', 'kn'];
const WORDS = [
  'config',
  'refs',
  'index',
  'pack',
  'merge',
  'diff',
  'fsck',
  'bundle',
  'prune',
  'grep',
  'log',
  'rebase',
  'worktree',
  'sparse',
  'hooks',
  'remote',
];

export function writeMergeHeavyRepo(dir: string, options: MergeHeavyOptions): MergeHeavyRepo {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const chunks: string[] = [];
  let mark = 0;
  let time = 1_600_000_000;
  let merges = 0;
  /** A commit changing `path` (a merge takes its first parent's tree, as fast-import does). */
  const commit = (ref: string, message: string, parents: number[], path?: string): number => {
    mark++;
    time += 60 + Math.floor(random() * 600);
    const [from, ...merge] = parents;
    chunks.push(
      `commit ${ref}\nmark :${mark}\nauthor Ada Tester <ada@example.com> ${time} +0000\ncommitter Ada Tester <ada@example.com> ${time} +0000\n` +
        `data ${Buffer.byteLength(message)}\n${message}\n${from ? `from :${from}\n` : ''}${merge.map((m) => `merge :${m}\n`).join('')}` +
        (path ? `M 644 inline ${path}\ndata ${Buffer.byteLength(message) + 1}\n${message}\n` : '') +
        '\n',
    );
    if (merge.length > 0) merges++;
    return mark;
  };
  const topic = (base: number, name: string): number => {
    let tip = base;
    const length = 1 + Math.floor(random() * options.topicMax);
    const path = `${name.split('/')[1].replace(/-\d+$/, '')}/${name.replace('/', '-')}.c`;
    for (let k = 1; k <= length; k++) tip = commit('refs/heads/topic', `${name}: part ${k}`, [tip], path);
    return tip;
  };
  const topicName = (step: number) => `${pick(NAMES)}/${pick(WORDS)}-${step}`;

  const master = [commit('refs/heads/master', 'Initial revision', [], 'README')];
  const maint = [master[0]];
  /** Topics merged into maint, not yet into master: the next maint merge brings them. */
  let maintAhead = false;
  /** Recent topic tips, for topics that build on another topic. */
  const tips: number[] = [];
  const back = (line: number[]) =>
    line[Math.max(0, line.length - 1 - Math.floor(random() * Math.min(options.forkBack, line.length)))];
  for (let step = 1; step < options.steps; step++) {
    const tip = master[master.length - 1];
    const roll = random();
    if (roll < 0.08) {
      master.push(
        commit(
          'refs/heads/master',
          `Sync with maint (step ${step})`,
          maintAhead ? [tip, maint[maint.length - 1]] : [tip],
        ),
      );
      maintAhead = false;
    } else if (roll < 0.2) {
      // A fix for maint: forks from maint, merged there (master gets it with the next sync).
      const name = topicName(step);
      const fix = topic(back(maint), name);
      maint.push(commit('refs/heads/maint', `Merge branch '${name}' into maint`, [maint[maint.length - 1], fix]));
      maintAhead = true;
    } else if (roll < 0.26) {
      master.push(commit('refs/heads/master', `Update the release notes (step ${step})`, [tip], 'RelNotes'));
    } else {
      const name = topicName(step);
      const onTopic = tips.length > 0 && random() < 0.15;
      const branch = topic(onTopic ? pick(tips.slice(-options.forkBack)) : back(master), name);
      tips.push(branch);
      master.push(commit('refs/heads/master', `Merge branch '${name}'`, [tip, branch]));
    }
  }
  const topics: string[] = [];
  for (let i = 0; i < (options.inFlight ?? 0); i++) {
    const name = topicName(options.steps + i);
    chunks.push(`reset refs/heads/${name}\nfrom :${topic(back(master), name)}\n\n`);
    topics.push(name);
  }
  chunks.push('reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n');
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: dir,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 1 << 28,
    });
  git(['init', '-q', '-b', 'master']);
  git(['fast-import', '--quiet'], chunks.join(''));
  git(['update-ref', '-d', 'refs/heads/topic']);
  git(['checkout', '-q', 'master']);
  return { dir, commits: mark, merges, topics };
}

/** The widest `git log --graph` draws this history: columns of its graph (two characters each). */
export function gitGraphColumns(dir: string, revs: string[]): number {
  const out = execFileSync('git', ['log', '--graph', '--format=%x01', ...revs], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  let widest = 0;
  for (const line of out.split('\n')) widest = Math.max(widest, Math.ceil(line.split('\x01')[0].trimEnd().length / 2));
  return widest;
}

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
