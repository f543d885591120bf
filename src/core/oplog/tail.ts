// Reads the end of an append-only log file (the oplog, a reflog): whole lines only, so a log that
// grows for years costs the same to read as a young one.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last whole lines within `maxBytes` of the file's end; undefined when there is no file. */
export function readTail(path: string, maxBytes = Infinity): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= maxBytes) return readAt(fd, 0, size);
    // One byte more than asked: when it is the newline ending the line before, no whole line is cut.
    const text = readAt(fd, size - maxBytes - 1, maxBytes + 1);
    return text.slice(text.indexOf('\n') + 1);
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): string {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done).toString('utf8');
}
