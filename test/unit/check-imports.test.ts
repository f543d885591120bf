// The import checker run by `npm run lint`: finds cycles (type-only imports too) and layer breaks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importCycles, importSpecifiers, layerViolations } from '../../scripts/check-imports';

test('type-only imports, re-exports and import() all count as imports', () => {
  const source = [
    "import type { A } from './a';",
    "import { b } from '../b';",
    "export { c } from './c';",
    "type D = import('./d').D;",
    "const e = () => import('./e');",
    "import * as vscode from 'vscode';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source), ['./a', '../b', './c', './d', './e', 'vscode']);
});

test('a loop through three modules is one cycle; a chain is none', () => {
  const edges = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
    ['e', ['d']],
  ]);
  assert.deepEqual(importCycles(edges), [['a', 'b', 'c']]);
  assert.deepEqual(
    importCycles(
      new Map([
        ['x', ['y']],
        ['y', []],
      ]),
    ),
    [],
  );
});

test('oplog importing operations and core importing vscode are layer breaks', () => {
  const edges = new Map([
    ['src/core/oplog/store', ['src/core/operations/rewrite', 'src/core/git/runner']],
    ['src/core/operations/move', ['src/core/oplog/store']],
    ['src/core/smartlog/build', []],
  ]);
  const packages = new Map([['src/core/smartlog/build', ['vscode']]]);
  assert.deepEqual(layerViolations({ edges, packages }), [
    'src/core/oplog/store imports src/core/operations/rewrite: src/core/oplog/ never imports src/core/operations/ (operations → oplog → git).',
    'src/core/smartlog/build imports vscode: src/core runs in the CLI too.',
  ]);
});
