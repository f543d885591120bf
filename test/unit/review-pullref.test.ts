// What a reviewer may type to open a stack: PR addresses on github.com and on Enterprise Server
// hosts (with a path prefix, on the Files tab, with a fragment), owner/name#N, #N and N.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePullRef } from '../../src/core/review/pullRef';

describe('parsePullRef', () => {
  it('reads PR addresses of github.com and of GHES hosts', () => {
    assert.deepEqual(parsePullRef('https://github.com/octo/demo/pull/12'), {
      owner: 'octo',
      name: 'demo',
      number: 12,
      host: 'github.com',
    });
    assert.deepEqual(parsePullRef(' https://GHE.corp.example/tools/git/octo/demo/pull/7/files#diff-1 '), {
      owner: 'octo',
      name: 'demo',
      number: 7,
      host: 'ghe.corp.example',
    });
    assert.deepEqual(parsePullRef('http://127.0.0.1:4123/octo/demo/pull/3'), {
      owner: 'octo',
      name: 'demo',
      number: 3,
      host: '127.0.0.1:4123',
    });
  });

  it('reads owner/name#N, #N and N', () => {
    assert.deepEqual(parsePullRef('octo/demo#5'), { owner: 'octo', name: 'demo', number: 5 });
    assert.deepEqual(parsePullRef('#5'), { number: 5 });
    assert.deepEqual(parsePullRef('5'), { number: 5 });
  });

  it('answers undefined for anything else', () => {
    for (const text of [
      '',
      '#0',
      'pull 5',
      'https://github.com/octo/demo/issues/5',
      'ssh://github.com/octo/demo/pull/5',
    ])
      assert.equal(parsePullRef(text), undefined, text);
  });
});
