// Reading and writing git objects for in-memory rewrites: raw commits read in one `cat-file --batch`,
// new objects hashed here and written in one `hash-object` call, trees merged in one
// `merge-tree --stdin` call. Bytes round-trip exactly: headers are handled as latin1, messages as bytes.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitError } from '../git/errors';
import type { RepoLocation } from '../git/repository';
import type { GitRunner } from '../git/runner';
import { scratchDir } from '../oplog/files';

export interface RawCommit {
  hash: string;
  tree: string;
  parents: string[];
  /** Header lines other than tree and parent (author, committer, encoding, …), latin1, continuation lines included. */
  headers: string[];
  message: Buffer;
}

export interface CommitFields {
  tree: string;
  parents: string[];
  headers: string[];
  message: Buffer;
}

export interface MergeResult {
  clean: boolean;
  tree: string;
  conflicts: string[];
}

export function parseCommit(hash: string, body: Buffer): RawCommit {
  const split = body.indexOf('\n\n');
  const head = (split < 0 ? body : body.subarray(0, split)).toString('latin1');
  const message = split < 0 ? Buffer.alloc(0) : body.subarray(split + 2);
  let tree = '';
  const parents: string[] = [];
  const headers: string[] = [];
  for (const line of head.split('\n')) {
    if (line.startsWith(' ') && headers.length > 0) headers[headers.length - 1] += `\n${line}`;
    else if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else headers.push(line);
  }
  return { hash, tree, parents, headers, message };
}

export function formatCommit(fields: CommitFields): Buffer {
  const lines = [`tree ${fields.tree}`, ...fields.parents.map((p) => `parent ${p}`), ...fields.headers];
  return Buffer.concat([Buffer.from(`${lines.join('\n')}\n\n`, 'latin1'), fields.message]);
}

/** A header's value, e.g. header(commit, 'author') → "Ada <ada@example.com> 1700000000 +0000". */
export function header(commit: { headers: string[] }, name: string): string | undefined {
  return commit.headers.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1);
}

/** Replaces a header in place (or appends it). `value` is latin1 text, see toHeaderText. */
export function withHeader(headers: string[], name: string, value: string): string[] {
  const out = [...headers];
  const at = out.findIndex((line) => line.startsWith(`${name} `));
  if (at >= 0) out[at] = `${name} ${value}`;
  else out.push(`${name} ${value}`);
  return out;
}

/** Headers hold bytes as latin1 text; this turns ordinary (UTF-8) text into that form. */
export function toHeaderText(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A signature no longer matches rewritten content, so rewritten commits drop it. */
export function withoutSignature(headers: string[]): string[] {
  return headers.filter((line) => !line.startsWith('gpgsig ') && !line.startsWith('gpgsig-sha256 '));
}

/** First line of a commit message, for people. */
export function titleOf(commit: { message: Buffer }): string {
  return commit.message.toString('utf8').split('\n')[0];
}

type ObjectType = 'commit' | 'tree' | 'blob';

const EMPTY_TREE_SHA1 = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const EMPTY_TREE_SHA256 = '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321';

export class ObjectStore {
  private readonly cache = new Map<string, RawCommit>();
  private readonly pending = new Map<string, { type: ObjectType; content: Buffer }>();
  private readonly algorithm: 'sha1' | 'sha256';

  private readonly scratchDir: string;

  constructor(
    private readonly git: GitRunner,
    private readonly repo: RepoLocation,
    sampleHash: string,
  ) {
    this.algorithm = sampleHash.length === 64 ? 'sha256' : 'sha1';
    this.scratchDir = scratchDir(repo);
  }

  /**
   * The empty tree. Git reads it without it being stored, but `git fsck` wants it stored when a
   * commit uses it: written when there is no loose copy (once per repository, again after a gc).
   */
  emptyTree(): string {
    const hash = this.algorithm === 'sha256' ? EMPTY_TREE_SHA256 : EMPTY_TREE_SHA1;
    if (!existsSync(join(this.repo.commonDir, 'objects', hash.slice(0, 2), hash.slice(2))))
      this.write('tree', Buffer.alloc(0));
    return hash;
  }

  /** How many bytes a hash takes inside a tree object. */
  hashBytes(): number {
    return this.algorithm === 'sha256' ? 32 : 20;
  }

  async read(hashes: string[]): Promise<Map<string, RawCommit>> {
    const missing = [...new Set(hashes)].filter((hash) => !this.cache.has(hash));
    if (missing.length > 0) {
      const { raw } = await this.git.exec(['cat-file', '--batch'], { input: `${missing.join('\n')}\n` });
      let offset = 0;
      for (const hash of missing) {
        const eol = raw.indexOf(0x0a, offset);
        const [name, type, size] = raw.subarray(offset, eol).toString('latin1').split(' ');
        if (type !== 'commit')
          throw new GitError('bad-revision', `${hash.slice(0, 9)} is not a commit (${name} is ${type ?? 'missing'}).`);
        const body = raw.subarray(eol + 1, eol + 1 + Number(size));
        this.cache.set(hash, parseCommit(hash, body));
        offset = eol + 1 + Number(size) + 1;
      }
    }
    return new Map(hashes.map((hash) => [hash, this.cache.get(hash)!]));
  }

  async commit(hash: string): Promise<RawCommit> {
    return (await this.read([hash])).get(hash)!;
  }

  /** A commit already read or written. */
  known(hash: string): RawCommit {
    const commit = this.cache.get(hash);
    if (!commit) throw new Error(`Commit ${hash} was not read before use.`);
    return commit;
  }

  /** Hashes an object now and queues it; flush() writes everything queued in one git call. */
  write(type: ObjectType, content: Buffer): string {
    const hash = createHash(this.algorithm).update(`${type} ${content.length}\0`).update(content).digest('hex');
    if (type === 'commit') this.cache.set(hash, parseCommit(hash, content));
    this.pending.set(hash, { type, content });
    return hash;
  }

  writeCommit(fields: CommitFields): string {
    return this.write('commit', formatCommit(fields));
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    mkdirSync(this.scratchDir, { recursive: true });
    const batch = join(this.scratchDir, `objects-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(batch);
    try {
      for (const type of ['blob', 'tree', 'commit'] as const) {
        const objects = [...this.pending].filter(([, o]) => o.type === type);
        if (objects.length === 0) continue;
        const paths = objects.map(([hash, o]) => {
          const path = join(batch, hash);
          writeFileSync(path, o.content);
          return path;
        });
        // --no-filters: blobs are stored as given, not passed through the clean filters of their paths.
        const { stdout } = await this.git.exec(['hash-object', '-w', '-t', type, '--no-filters', '--stdin-paths'], {
          input: `${paths.join('\n')}\n`,
        });
        const written = stdout.trim().split('\n');
        objects.forEach(([hash], i) => {
          if (written[i] !== hash)
            throw new GitError('failed', `git stored object ${written[i]} where Stackline expected ${hash}.`);
        });
      }
      this.pending.clear();
    } finally {
      rmSync(batch, { recursive: true, force: true });
    }
  }

  /**
   * Three-way merges in one git process. Each request merges `ours` and `theirs`, two commits whose
   * merge base is the intended base (see syntheticSide).
   */
  async mergeTrees(requests: { ours: string; theirs: string }[]): Promise<MergeResult[]> {
    if (requests.length === 0) return [];
    await this.flush();
    const input = requests.map((r) => `${r.ours} ${r.theirs}\n`).join('');
    const { stdout } = await this.git.exec(
      ['merge-tree', '--stdin', '--write-tree', '-z', '--name-only', '--no-messages', '--allow-unrelated-histories'],
      { input },
    );
    const fields = stdout.split('\0');
    const results: MergeResult[] = [];
    let i = 0;
    for (let n = 0; n < requests.length; n++) {
      const status = fields[i++];
      const tree = fields[i++];
      const conflicts: string[] = [];
      while (i < fields.length && fields[i] !== '') conflicts.push(fields[i++]);
      i++;
      if (status !== '0' && status !== '1')
        throw new GitError('failed', `Unexpected git merge-tree output (status '${status}').`);
      results.push({ clean: status === '1', tree, conflicts: [...new Set(conflicts)] });
    }
    return results;
  }

  /**
   * A throwaway commit with `tree` whose parent is `base`: merging it with a child of `base` makes
   * `base` the merge base, which is how a cherry-pick is expressed to `merge-tree` (git 2.39 has no --merge-base).
   */
  syntheticSide(tree: string, base: string | undefined): string {
    return this.writeCommit({
      tree,
      parents: base ? [base] : [],
      headers: ['author Stackline <stackline@localhost> 0 +0000', 'committer Stackline <stackline@localhost> 0 +0000'],
      message: Buffer.from('stackline: merge side\n'),
    });
  }
}
