// The .vsix holds only bundles, media, package.json, README and LICENSE.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const VSIX = join(__dirname, '..', '..', 'dist', 'stackline.vsix');

/** Names in a zip file, read from its central directory. */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

test('the packaged .vsix holds only bundles, media, package.json, README and LICENSE', () => {
  const files = zipEntries(VSIX).filter((name) => name.startsWith('extension/'));
  const allowed = [/^extension\/dist\/(extension|cli|hook)\.js$/, /^extension\/dist\/webview\/(webview\.(js|css)|codicon\.ttf)$/, /^extension\/media\//, /^extension\/package\.json$/, /^extension\/readme\.md$/i, /^extension\/LICENSE(\.txt)?$/i];
  const unexpected = files.filter((name) => !allowed.some((pattern) => pattern.test(name)));
  assert.deepEqual(unexpected, [], `unexpected files in the .vsix: ${unexpected.join(', ')}`);
  for (const needed of ['extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/hook.js', 'extension/dist/webview/webview.js', 'extension/dist/webview/webview.css', 'extension/dist/webview/codicon.ttf', 'extension/package.json']) {
    assert.ok(files.includes(needed), `${needed} is in the .vsix`);
  }
  assert.ok(!files.some((name) => name.includes('node_modules') || name.endsWith('.ts') || name.endsWith('.map')));
});
