// The fast-import side of the bench generator: a `git fast-import` process fed in large chunks, and
// deterministic pseudo-random history that reads like a real project's (trunk, merged topics, stacks).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** A `git fast-import` run in `dir`; write records, then `finish()`. */
export class FastImport {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<[number | null]>;
  private stderr = '';
  private buffered: string[] = [];
  private size = 0;

  /** With `force`, refs may move backwards (a shape puts local main behind the trunk it was built on). */
  constructor(dir: string, { force = false } = {}) {
    this.child = spawn('git', ['fast-import', '--quiet', '--done', ...(force ? ['--force'] : [])], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.resume();
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = once(this.child, 'close') as Promise<[number | null]>;
  }

  async write(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length;
    if (this.size < 1 << 20) return;
    const chunk = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    if (!this.child.stdin.write(chunk)) await once(this.child.stdin, 'drain');
  }

  /** Points `ref` at a commit (`:mark` or a hash). */
  reset(ref: string, commit: string): Promise<void> {
    return this.write(`reset ${ref}\nfrom ${commit}\n\n`);
  }

  async finish(): Promise<void> {
    this.child.stdin.end(`${this.buffered.join('')}done\n`);
    const [code] = await this.exited;
    if (code !== 0) throw new Error(`git fast-import failed (${code}): ${this.stderr}`);
  }
}

/** A trunk of `steps` first-parent commits; with merges, most steps merge a topic branch. */
export interface TrunkSpec {
  steps: number;
  merges: boolean;
}

/** Share of first-parent steps that merge a topic; topics average 3.5 commits, so about 1 commit in 5 is a merge (as in git/git). */
const MERGE_SHARE = 0.8;
const TOPIC_MAX = 6;
/** How far back (in first-parent steps) a topic forks from trunk. */
const TOPIC_FORK_MAX = 30;

/** Writes a trunk to refs/heads/main. Marks are 1..n in stream order. */
export class TrunkWriter {
  private random = mulberry32(0x5eed);
  private time = START;
  private readonly hot = new Map<string, string[]>();
  /** Committer time of each commit, by mark. */
  private readonly times: number[] = [];
  /** The mark of each first-parent step. */
  private readonly stepMarks: number[] = [];
  private mark = 0;
  merges = 0;
  commits = 0;

  constructor(private readonly spec: TrunkSpec) {}

  async writeTo(out: FastImport): Promise<void> {
    for (let step = 1; step <= this.spec.steps; step++) {
      if (this.spec.merges && step > 1 && this.random() < MERGE_SHARE) await this.mergeTopic(out, step);
      else await out.write(this.directCommit(step));
    }
    await out.write('reset refs/stackline-bench/topic\n\n');
  }

  /** A commit made on trunk itself: small changes to a handful of hot files, sometimes a cold one. */
  private directCommit(step: number): string {
    this.time += 600 + Math.floor(this.random() * 6600);
    const changes: string[] = [];
    let message: string;
    if (step === 1) {
      message = 'Initial commit\n';
      for (const path of [...HOT_FILES, ...allColdFiles()]) changes.push(modify(path, this.content(path, 'initial')));
    } else {
      message = this.message(step);
      const touched = 1 + Math.floor(this.random() * 2.4);
      for (let t = 0; t < touched; t++) {
        const path = HOT_FILES[Math.floor(this.random() * HOT_FILES.length)];
        changes.push(modify(path, this.content(path, `${firstLine(message)} (#${step})`)));
      }
      if (this.random() < 0.1) {
        const path = pick(this.random, allColdFiles());
        changes.push(modify(path, `// ${path}\n// last touched by change ${step}\nexport const revision = ${step};\n`));
      }
    }
    const [name, email] = AUTHORS[Math.floor(this.random() * AUTHORS.length)];
    return this.record('refs/heads/main', step, name, email, this.time, message, [], changes);
  }

  /**
   * A topic of 1–6 commits forked from an older trunk step and dated between its fork and its merge
   * (as topics cooked for a while are), then merged with a merge commit that brings its files.
   */
  private async mergeTopic(out: FastImport, step: number): Promise<void> {
    const forkStep = Math.max(1, step - 1 - Math.floor(this.random() * TOPIC_FORK_MAX));
    const forkMark = this.stepMarks[forkStep];
    const length = 1 + Math.floor(this.random() * TOPIC_MAX);
    this.time += 600 + Math.floor(this.random() * 6600);
    const [name, email] = pick(this.random, AUTHORS);
    const slug = `${pick(this.random, VERBS).replace(/ /g, '-')}-${pick(this.random, NOUNS).split(' ').at(-1)}-${step}`;
    const topic = `${name.split(' ')[0].toLowerCase()}/${slug}`;
    const files = new Map<string, string>();
    const span = this.time - this.times[forkMark];
    for (let k = 0; k < length; k++) {
      const path = pick(this.random, allColdFiles());
      files.set(
        path,
        `// ${path}\n// changed by topic ${topic}, part ${k + 1}\nexport const revision = ${step * 10 + k};\n`,
      );
      const time = this.times[forkMark] + Math.floor((span * (k + 1)) / (length + 1));
      const title = `${pick(this.random, TYPES)}(${pick(this.random, SCOPES)}): ${slug.replace(/-/g, ' ')} part ${k + 1}`;
      await out.write(
        this.record(
          'refs/stackline-bench/topic',
          undefined,
          name,
          email,
          time,
          `${title}\n`,
          k === 0 ? [forkMark] : [],
          [modify(path, files.get(path)!)],
        ),
      );
    }
    const topicTop = this.mark;
    const changes = [...files].map(([path, content]) => modify(path, content));
    const message = `Merge branch '${topic}'\n\n* ${topic}:\n  ${length} commit${length === 1 ? '' : 's'}\n`;
    await out.write(
      this.record(
        'refs/heads/main',
        step,
        'Ada Lovelace',
        'ada@acme.dev',
        this.time,
        message,
        [this.stepMarks[step - 1], topicTop],
        changes,
      ),
    );
    this.merges++;
  }

  /** One commit record; `step` set for first-parent trunk steps. A merge lists both parents. */
  private record(
    ref: string,
    step: number | undefined,
    name: string,
    email: string,
    time: number,
    message: string,
    parents: number[],
    changes: string[],
  ): string {
    const mark = ++this.mark;
    this.times[mark] = time;
    if (step !== undefined) this.stepMarks[step] = mark;
    this.commits++;
    const [from, ...merges] = parents;
    return commitRecord(
      ref,
      mark,
      name,
      email,
      time,
      message,
      from === undefined ? undefined : `:${from}`,
      changes,
      merges.map((m) => `:${m}`),
    );
  }

  private message(step: number): string {
    const title = `${pick(this.random, TYPES)}(${pick(this.random, SCOPES)}): ${pick(this.random, VERBS)} ${pick(this.random, NOUNS)}`;
    if (this.random() < 0.6) return `${title}\n`;
    return `${title}\n\nPreviously this could fail under load. Reported in #${1000 + (step % 9000)}.\n\nReviewed-by: ${pick(this.random, AUTHORS)[0]}\n`;
  }

  /** Hot files keep HOT_LINES lines; each change rewrites one of them, so blobs stay small and delta well. */
  private content(path: string, line: string): string {
    let lines = this.hot.get(path);
    if (!lines) {
      lines = Array.from({ length: HOT_LINES }, (_, n) => `${path} line ${n}`);
      this.hot.set(path, lines);
    }
    if (line !== 'initial') lines[Math.floor(this.random() * HOT_LINES)] = line;
    if (path.endsWith('.json'))
      return `${JSON.stringify({ name: 'platform', private: true, notes: lines }, null, 2)}\n`;
    const prefix = path.endsWith('.md') ? '- ' : '// ';
    return `${lines.map((l) => prefix + l).join('\n')}\n`;
  }
}

/** Draft commits: one stack's commits, each adding a small file of its own. */
export class StackWriter {
  private readonly random: () => number;
  private mark = 0;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  /**
   * `length` commits on `base` (a hash), dated shortly after `baseTime` (never rebased since). The
   * top goes to `branches[length - 1]`; with one branch per commit, `branches[k]` is commit k's.
   * Returns the marks of the commits, bottom first.
   */
  async write(
    out: FastImport,
    stack: number,
    base: string,
    baseTime: number,
    length: number,
    branches: string[],
  ): Promise<number[]> {
    const [name, email] = AUTHORS[stack % AUTHORS.length];
    const top = branches[branches.length - 1];
    const slug = top.split('/').at(-1)!;
    const marks: number[] = [];
    for (let k = 0; k < length; k++) {
      const mark = ++this.mark;
      const title = `${pick(this.random, TYPES)}(${pick(this.random, SCOPES)}): ${slug.replace(/-/g, ' ')} part ${k + 1}`;
      const path = `${pick(this.random, DIRS)}/${slug}-${k}.ts`;
      const changes = [modify(path, `// ${title}\nexport function step${k}(): number {\n  return ${k};\n}\n`)];
      const message = `${title}\n\nPart ${k + 1} of the ${top} stack.\n`;
      await out.write(
        commitRecord(
          `refs/heads/${top}`,
          mark,
          name,
          email,
          baseTime + 3600 + k * 1800,
          message,
          k === 0 ? base : `:${mark - 1}`,
          changes,
          [],
        ),
      );
      marks.push(mark);
    }
    for (let k = 0; k < branches.length - 1; k++) await out.reset(`refs/heads/${branches[k]}`, `:${marks[k]}`);
    return marks;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary and record helpers.

export const AUTHORS = [
  ['Ada Lovelace', 'ada@acme.dev'],
  ['Grace Hopper', 'grace@acme.dev'],
  ['Linus Torvalds', 'linus@acme.dev'],
  ['Margaret Hamilton', 'margaret@acme.dev'],
  ['Ken Thompson', 'ken@acme.dev'],
  ['Barbara Liskov', 'barbara@acme.dev'],
  ['Dennis Ritchie', 'dmr@acme.dev'],
  ['Frances Allen', 'fran@acme.dev'],
  ['José Valim', 'jose@acme.dev'],
  ['Zhang Wei', 'zhang.wei@acme.dev'],
  ['Søren Kierkegaard', 'soren@acme.dev'],
  ['Priya Raman', 'priya@acme.dev'],
  ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
];
const TYPES = ['fix', 'feat', 'refactor', 'chore', 'docs', 'test', 'perf', 'fix', 'feat', 'fix'];
const SCOPES = ['core', 'api', 'ui', 'db', 'auth', 'cli', 'net', 'deps', 'build', 'parser'];
const VERBS = [
  'handle',
  'support',
  'simplify',
  'rename',
  'speed up',
  'guard against',
  'clean up',
  'retry',
  'log',
  'validate',
];
export const NOUNS = [
  'empty responses',
  'timeouts in the sync loop',
  'the session cache',
  'unicode file names',
  'stale lock files',
  'large payloads',
  'the retry policy',
  'null user ids',
  'pagination cursors',
  'config reloads',
  'the schema migration',
  'flaky CI on macOS',
];
const DIRS = [
  'src/core',
  'src/api',
  'src/ui',
  'src/db',
  'src/auth',
  'src/cli',
  'src/net',
  'src/util',
  'docs',
  'test',
  'scripts',
  'config',
];
const FILES_PER_DIR = 20;
const HOT_FILES = [
  'src/core/engine.ts',
  'src/api/routes.ts',
  'src/db/schema.ts',
  'src/ui/app.tsx',
  'test/engine.test.ts',
  'CHANGELOG.md',
  'README.md',
  'package.json',
];
const HOT_LINES = 16;
/** 2012-01-02, a Monday: trunk tip lands mid-2024. */
const START = 1_325_462_400;

let coldFiles: string[] | undefined;
function allColdFiles(): string[] {
  coldFiles ??= DIRS.flatMap((dir) =>
    Array.from({ length: FILES_PER_DIR }, (_, n) => `${dir}/module${String(n).padStart(2, '0')}.ts`),
  );
  return coldFiles;
}

function commitRecord(
  ref: string,
  mark: number,
  name: string,
  email: string,
  time: number,
  message: string,
  from: string | undefined,
  changes: string[],
  merges: string[],
): string {
  const zone = ['+0000', '+0100', '-0700', '+0530', '+0800'][mark % 5];
  return (
    `commit ${ref}\nmark :${mark}\n` +
    `author ${name} <${email}> ${time} ${zone}\ncommitter ${name} <${email}> ${time + (mark % 7) * 60} ${zone}\n` +
    data(message) +
    (from === undefined ? '' : `from ${from}\n`) +
    merges.map((m) => `merge ${m}\n`).join('') +
    changes.join('') +
    '\n'
  );
}

function modify(path: string, content: string): string {
  return `M 100644 inline ${path}\n${data(content)}`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
