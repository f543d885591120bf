// The schema combinators the graph protocol is built from: what each accepts, the one-line error
// naming the field (never the value), and the types they give. The @ts-expect-error lines are the
// compile-time half: `npm run typecheck` fails if one of those mistakes starts to compile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphCommit, HostMessage, RequestHandlers, WebviewMessage } from '../../src/protocol';
import {
  arr,
  bool,
  int,
  matching,
  nullable,
  obj,
  oneOf,
  optional,
  str,
  union,
  validator,
  type Infer,
  type Schema,
} from '../../src/protocol/schema';

const errorOf = (schema: Schema<unknown>, value: unknown) => schema.check(value, 'x');

test('leaves: strings up to a length, patterns, whole numbers in bounds, booleans, fixed words', () => {
  assert.equal(errorOf(str(3), 'abc'), undefined);
  assert.equal(errorOf(str(3), 'abcd'), 'x: expected at most 3 characters', 'oversize strings are refused');
  assert.equal(errorOf(str(), 'a'.repeat(1_000_001)), 'x: expected at most 1000000 characters', 'the default bound');
  assert.equal(errorOf(str(), 3), 'x: expected a string');
  const sha = matching('a hash', /^[0-9a-f]{40}$/);
  assert.equal(errorOf(sha, 'a'.repeat(40)), undefined);
  assert.equal(errorOf(sha, 'HEAD'), 'x: expected a hash');
  const percent = int('a percentage', { min: 0, max: 100 });
  assert.equal(errorOf(percent, 0), undefined);
  assert.equal(errorOf(percent, 100), undefined);
  for (const bad of [-1, 101, 1.5, NaN, Infinity, '5', 2 ** 53, null])
    assert.equal(errorOf(percent, bad), 'x: expected a percentage', String(bad));
  assert.equal(errorOf(bool, false), undefined);
  assert.equal(errorOf(bool, 0), 'x: expected true or false');
  const tone = oneOf('open', 'closed');
  assert.equal(errorOf(tone, 'open'), undefined);
  assert.equal(errorOf(tone, 'toString'), 'x: expected one of open, closed');
});

test('nullable, optional and lists: the item that is wrong is named by its index', () => {
  assert.equal(errorOf(nullable(str()), null), undefined);
  assert.equal(errorOf(nullable(str()), undefined), 'x: expected a string');
  assert.equal(errorOf(optional(str()), undefined), undefined);
  assert.equal(errorOf(optional(str()), null), 'x: expected a string');
  const hashes = arr(matching('a hash', /^[0-9a-f]{4}$/), 2);
  assert.equal(errorOf(hashes, []), undefined);
  assert.equal(errorOf(hashes, ['abcd', 'ABCD']), 'x[1]: expected a hash');
  assert.equal(errorOf(hashes, ['abcd', 'abcd', 'abcd']), 'x: expected at most 2 items', 'oversize lists are refused');
  assert.equal(errorOf(hashes, { length: 0 }), 'x: expected a list');
});

test('objects: every field checked, missing and unexpected fields refused unless extra fields are allowed', () => {
  const point = obj({ x: int('a number'), label: optional(str()) });
  assert.equal(errorOf(point, { x: 1 }), undefined);
  assert.equal(errorOf(point, { x: 1, label: undefined }), undefined, 'undefined is a missing optional field');
  assert.equal(errorOf(point, {}), 'x.x: expected a number');
  assert.equal(errorOf(point, { x: 1, y: 2 }), 'x: unexpected field "y"');
  assert.equal(errorOf(point, { x: 1, ['k'.repeat(500)]: 1 }), `x: unexpected field "${'k'.repeat(40)}"`);
  for (const bad of [null, [], 'x', 3, undefined]) assert.equal(errorOf(point, bad), 'x: expected an object');
  const loose = obj({ x: int('a number') }, { extra: 'ignore' });
  assert.equal(errorOf(loose, { x: 1, y: 2 }), undefined);
  // Keys that are Object.prototype's own are fields like any other, not lookups on a prototype.
  assert.equal(errorOf(point, JSON.parse('{"x":1,"__proto__":{"label":3}}')), 'x: unexpected field "__proto__"');
  assert.equal(errorOf(point, { x: 1, constructor: 1 }), 'x: unexpected field "constructor"');
});

test('unions: the tag picks the variant, paths name it, an unknown tag is not echoed', () => {
  const shape = union('type', {
    circle: obj({ r: int('a radius', { min: 0 }) }),
    call: union('method', { ping: obj({ id: int('an id') }) }),
  });
  const check = validator(shape, '');
  assert.deepEqual(check({ type: 'circle', r: 2 }), { ok: true, value: { type: 'circle', r: 2 } });
  assert.deepEqual(check({ type: 'circle', r: -2 }), { ok: false, error: 'circle.r: expected a radius' });
  assert.deepEqual(check({ type: 'call', method: 'ping', id: 1 }).ok, true);
  assert.deepEqual(check({ type: 'call', method: 'ping', id: 'one' }), {
    ok: false,
    error: 'call.ping.id: expected an id',
  });
  assert.deepEqual(check({ type: 'call', method: 'ping', id: 1, extra: 1 }), {
    ok: false,
    error: 'call.ping: unexpected field "extra"',
  });
  for (const type of ['<script>', 'constructor', '__proto__', 'hasOwnProperty', '', 3, undefined])
    assert.deepEqual(check({ type }), { ok: false, error: 'message.type: unknown type' }, String(type));
  assert.deepEqual(check({ type: 'call', method: 'toString' }), { ok: false, error: 'call.method: unknown method' });
  assert.deepEqual(check([]), { ok: false, error: 'message: expected an object' });
});

test('types: inferred from the schema, optional fields optional, nothing else allowed', () => {
  const point = obj({ x: int('a number'), label: optional(str()), tags: arr(str()), parent: nullable(str()) });
  type Point = Infer<typeof point>;
  const ok: Point = { x: 1, tags: [], parent: null };
  // @ts-expect-error a required field may not be left out
  const missing: Point = { tags: [], parent: null };
  // @ts-expect-error a field has the type of its schema
  const wrong: Point = { x: '1', tags: [], parent: null };
  // @ts-expect-error a field without a schema is not part of the type
  const extra: Point = { x: 1, tags: [], parent: null, y: 2 };
  assert.deepEqual(
    [ok, missing, wrong, extra].map((value) => point.check(value, 'p')),
    [undefined, 'p.x: expected a number', 'p.x: expected a number', 'p: unexpected field "y"'],
    'what does not compile is refused at run time too',
  );
  const shape = union('type', { circle: obj({ r: int('a radius') }) });
  const circle: Infer<typeof shape> = { type: 'circle', r: 1 };
  // @ts-expect-error the tag is one of the variants' names
  const square: Infer<typeof shape> = { type: 'square', r: 1 };
  assert.deepEqual(
    [circle, square].map((value) => shape.check(value, '')),
    [undefined, 'message.type: unknown type'],
  );
});

test('the protocol: a message, field or request handler without a schema does not compile', () => {
  const commit: GraphCommit = {
    hash: 'a'.repeat(40),
    parents: [],
    title: 't',
    author: 'a',
    date: 1,
    branches: [],
    isHead: false,
    // @ts-expect-error GraphCommit has the fields its schema checks, and no others
    secret: true,
  };
  // @ts-expect-error a host message type exists only with its schema
  const preview: HostMessage = { type: 'movePreview', source: commit.hash, destination: commit.hash };
  // @ts-expect-error a request method exists only with its schema
  const request: WebviewMessage = { type: 'request', id: 1, method: 'exec', params: {} };
  // @ts-expect-error every request method needs a handler on the extension's side
  const handlers: RequestHandlers = { details: async () => ({}) as never };
  assert.ok(commit && preview && request && handlers);
});
