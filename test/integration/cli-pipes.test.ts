// The `stackline` CLI writing into real pipes (`| jq`, `| less`, `| head`): its output arrives
// whole however slowly the reader reads, and a reader that stops early gets no stack trace.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundledCli } from '../helpers/cli';
import { gitHubFixture, TOKEN } from '../helpers/github';
import { makeRepo, removeTempDirs, tempDir, type TestRepo } from '../helpers/repo';

after(removeTempDirs);

const STACKS = 40;
const COMMITS_PER_STACK = 10;
const PIPE_BUFFER = 64 * 1024;

/** Trunk with one commit and STACKS branches of COMMITS_PER_STACK commits each, written in one git fast-import. */
function manyStacks(): TestRepo {
  const repo = makeRepo();
  // Long ago, so the smartlog's relative ages read the same in two runs.
  const now = 1_600_000_000;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const who = (time: number) => `committer Ada Tester <ada@example.com> ${time} +0000\n`;
  let stream = `commit refs/heads/main\nmark :1\n${who(now)}${data('trunk')}`;
  let mark = 1;
  for (let s = 1; s <= STACKS; s++) {
    let parent = 1;
    for (let c = 1; c <= COMMITS_PER_STACK; c++) {
      mark++;
      stream += `commit refs/heads/stack-${s}\nmark :${mark}\n${who(now + mark)}${data(`feat: stack ${s}, commit ${c}: ${'a title long enough to wrap in a narrow terminal, '.repeat(3)}`)}`;
      stream += `from :${parent}\nM 644 inline stack-${s}/file-${c}.txt\n${data(`stack ${s} commit ${c}\n`)}`;
      parent = mark;
    }
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: stream });
  return repo;
}

let repo: TestRepo;
let scratch: string;

before(() => {
  repo = manyStacks();
  scratch = tempDir('stackline-pipes-');
});

/** What the command prints into a file, where every write is synchronous: the whole output. */
function outputToFile(args: string[]): Buffer {
  const path = join(scratch, 'file-output');
  const fd = openSync(path, 'w');
  try {
    const result = spawnSync(process.execPath, [bundledCli(), ...args], {
      cwd: repo.dir,
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  } finally {
    closeSync(fd);
  }
  return readFileSync(path);
}

/**
 * Runs `stackline <args> | <reader>` in a shell, so stdout is a real pipe (64 KiB of buffer);
 * returns what the reader wrote, the CLI's exit code and everything on stderr. Asynchronous, so
 * a GitHub stand-in in this process keeps serving meanwhile.
 */
async function throughPipe(args: string[], reader: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const rcFile = join(scratch, 'rc');
  const script = `{ "$0" "$@"; echo $? > "${rcFile}"; } | ${reader}`;
  const child = spawn('sh', ['-c', script, process.execPath, bundledCli(), ...args], {
    cwd: options.cwd ?? repo.dir,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, stderr);
  return { stdout: Buffer.concat(stdout), code: Number(readFileSync(rcFile, 'utf8')), stderr };
}

// The reader starts a second late: the CLI has long filled the pipe and finished its command.
const LATE_READER = '{ sleep 1; cat; }';

test('log --json arrives whole through a pipe whose reader is slow, and parses', async () => {
  const whole = outputToFile(['log', '--json']);
  assert.ok(whole.length > 2 * PIPE_BUFFER, `the output (${whole.length} bytes) must be larger than a pipe's buffer`);
  const piped = await throughPipe(['log', '--json'], LATE_READER);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout.length, whole.length);
  const json = JSON.parse(piped.stdout.toString());
  assert.equal(json.commits.filter((c: { phase: string }) => c.phase === 'draft').length, STACKS * COMMITS_PER_STACK);
});

test('the text smartlog arrives whole through a slow pipe', async () => {
  const whole = outputToFile(['log']);
  assert.ok(whole.length > PIPE_BUFFER, `the output (${whole.length} bytes) must be larger than a pipe's buffer`);
  const piped = await throughPipe(['log'], LATE_READER);
  assert.equal(piped.code, 0, piped.stderr);
  assert.deepEqual(piped.stdout, whole);
});

test('a reader that stops after one line (| head -1) ends the CLI quietly', async () => {
  for (const args of [['log', '--json'], ['log']]) {
    const piped = await throughPipe(args, 'head -1');
    assert.equal(piped.stderr, '', 'no stack trace, no EPIPE message');
    assert.equal(piped.code, 0);
    assert.equal(piped.stdout.toString().split('\n').length, 2, 'one line and its newline');
  }
});

test('a command that goes on writing after the reader left (submit | head -1) finishes its work quietly', async () => {
  const github = await gitHubFixture();
  try {
    for (let i = 1; i <= 3; i++) github.repo.commit(`feat: part ${i}`, { [`part-${i}.txt`]: `${i}\n` });
    const env = { ...process.env, GITHUB_TOKEN: TOKEN, STACKLINE_GITHUB_API_URL: github.standin.apiUrl };
    const piped = await throughPipe(['submit'], 'head -1', { cwd: github.repo.dir, env });
    assert.equal(piped.stderr, '', 'no stack trace, no EPIPE message');
    assert.equal(piped.code, 0);
    assert.match(piped.stdout.toString(), /^Added a Stackline-Id trailer to 3 commit\(s\)/);
    assert.equal(github.standin.pulls('octo/demo').length, 3, 'the submit went on to open every PR');
  } finally {
    await github.close();
  }
});
