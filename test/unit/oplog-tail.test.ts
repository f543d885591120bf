// readTail: the last whole lines of a log within a byte budget, whether the cut falls mid-line or
// exactly on a line boundary; and the oplog's windowed read skips records of an entry cut off.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OplogStore } from '../../src/core/oplog/store';
import { readTail } from '../../src/core/oplog/tail';
import { removeTempDirs, tempDir } from '../helpers/repo';

after(removeTempDirs);

test('readTail keeps whole lines only, and every line that fits', () => {
  const file = join(tempDir(), 'log');
  writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
  assert.equal(readTail(file), 'aaaa\nbbbb\ncccc\n');
  assert.equal(readTail(file, 100), 'aaaa\nbbbb\ncccc\n');
  assert.equal(readTail(file, 10), 'bbbb\ncccc\n', 'the cut falls exactly on a line start: that line is kept');
  assert.equal(readTail(file, 9), 'cccc\n', 'the cut falls mid-line: that line is dropped');
  assert.equal(readTail(file, 0), '');
  assert.equal(readTail(join(tempDir(), 'missing')), undefined);
});

test('a windowed oplog read skips the records of an entry whose begin lies before the window', () => {
  const dir = tempDir();
  const store = new OplogStore(dir);
  const before = { refs: {}, head: {} };
  for (const id of [1, 2]) {
    store.append({
      type: 'begin',
      id,
      time: id,
      kind: 'operation',
      command: `op ${id}`,
      worktree: dir,
      pid: 1,
      before,
    });
    store.append({ type: 'end', id, time: id, status: 'done', rewrites: [[`old${id}`, `new${id}`]] });
  }
  assert.deepEqual(
    store.entries().map((e) => e.id),
    [1, 2],
  );
  // A window that starts at entry 1's end record: entry 1's begin is outside it.
  const text = readFileSync(store.file, 'utf8');
  const window = store.entries(Buffer.byteLength(text.slice(text.indexOf('{"type":"end","id":1'))));
  assert.deepEqual(
    window.map((e) => [e.id, e.status, e.rewrites]),
    [[2, 'done', [['old2', 'new2']]]],
  );
  assert.equal(store.last()?.id, 2);
});
