// Repository text reaching the terminal through the CLI: control characters in commit titles,
// branch names, file names and error messages show as \uXXXX escapes and never act on the
// terminal; --json stays JSON that reads back to the exact text.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runCli } from '../helpers/cli';
import { makeRepo, removeTempDirs } from '../helpers/repo';
import { escapeControls } from '../../src/cli/terminalText';

after(removeTempDirs);

// ESC (an OSC that retitles the window), BEL, a lone CR, SOH, VT, FF, DEL, and C1's CSI (U+009B)
// and OSC (U+009D); the tab stays.
const TITLE = 'feat: \x1b]0;pwned\x07 title\rfake\x01\x0b\x0c\x7f\u009b2J\u009d0;x\tend';
const SHOWN = 'feat: \\u001b]0;pwned\\u0007 title\\u000dfake\\u0001\\u000b\\u000c\\u007f\\u009b2J\\u009d0;x\tend';
// Git refuses C0 controls and DEL in branch names, but not C1 ones.
const BRANCH = 'feat\u009b31m';
const FILE = 'docs/\x1b[31mred\x07.txt';

/** Controls a terminal would act on: everything C0 but tab and newline, DEL, C1. */
const RAW_CONTROL = /[\0-\x08\x0b-\x1f\x7f-\x9f]/;

function repoWithControls() {
  const repo = makeRepo();
  repo.commit('chore: trunk', { '.sparse/docs.sparse': '[include]\ndocs\n', [FILE]: 'x\n' });
  repo.git('switch', '-q', '-c', BRANCH);
  repo.commit(TITLE, { 'feature.txt': 'y\n' });
  return repo;
}

test('escapeControls: every C0 control but tab and newline, DEL and C1 as \\uXXXX; CRLF stays', () => {
  assert.equal(escapeControls(TITLE), SHOWN);
  assert.equal(escapeControls('one\r\ntwo\nthree\tfour'), 'one\r\ntwo\nthree\tfour');
  assert.equal(escapeControls('\0\x1f\x80\x9f\xa0é…'), '\\u0000\\u001f\\u0080\\u009f\xa0é…');
  const json = JSON.stringify({ title: TITLE });
  assert.equal(JSON.parse(escapeControls(json)).title, TITLE, 'JSON passing through stays the same JSON');
});

test('log shows control characters in titles and branch names escaped; --json keeps them exact', () => {
  const repo = repoWithControls();
  const log = runCli(repo.dir, ['log']);
  assert.equal(log.code, 0, log.stderr);
  assert.doesNotMatch(log.stdout, RAW_CONTROL);
  assert.ok(
    log.stdout.split('\n').some((line) => line.endsWith(`  ${SHOWN}`)),
    log.stdout,
  );
  assert.match(log.stdout, /  feat\\u009b31m\*\n/);

  const json = runCli(repo.dir, ['log', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const top = JSON.parse(json.stdout).commits[0];
  assert.equal(top.title, TITLE);
  assert.equal(top.branches[0].name, BRANCH);
});

test('operation messages, file lists and errors escape repository text too', () => {
  const repo = repoWithControls();
  const lint = runCli(repo.dir, ['lint']);
  assert.doesNotMatch(lint.stdout + lint.stderr, RAW_CONTROL);
  assert.ok(lint.stdout.includes(SHOWN), lint.stdout);

  repo.git('switch', '-q', 'main');
  const goto = runCli(repo.dir, ['goto', BRANCH]);
  assert.equal(goto.code, 0, goto.stderr);
  assert.match(goto.stdout, /^Now at [0-9a-f]{9} \(feat\\u009b31m\)\.\n$/);

  repo.git('switch', '-q', 'main');
  const files = runCli(repo.dir, ['sparse', 'explain', 'docs', '--files']);
  assert.equal(files.code, 0, files.stderr);
  assert.doesNotMatch(files.stdout, RAW_CONTROL);
  assert.ok(files.stdout.split('\n').includes('docs/\\u001b[31mred\\u0007.txt'), files.stdout);

  const error = runCli(repo.dir, ['goto', `${BRANCH}\x1b[2J`]);
  assert.equal(error.code, 1);
  assert.equal(error.stdout, '');
  assert.match(error.stderr, /^stackline: 'feat\\u009b31m\\u001b\[2J' is not a commit/);
  assert.doesNotMatch(error.stderr, RAW_CONTROL);
});
