// Small schema combinators for the graph protocol: each schema checks untrusted data and gives its
// TypeScript type (`type X = Infer<typeof X>`), so a message's type and its check are one thing and
// cannot drift apart. No Node, no DOM: the webview bundles this too.

export interface Schema<T> {
  /**
   * Undefined when `value` fits; else one line naming the field (`path`) and what it should be,
   * with nothing from the value itself. `taken`: keys an enclosing union already checked.
   */
  check(value: unknown, path: string, taken?: readonly string[]): string | undefined;
  /** Type only, never set: what the schema describes. */
  readonly infer?: T;
}

/** A field that may be left out (or undefined). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Fields = Record<string, Schema<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F];
/** An object's type from its fields' schemas: optional fields get `?`. */
export type InferFields<F> = Simplify<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }
>;

/** Generous bounds that still stop a runaway message: a title or message longer than this is not real. */
export const MAX_TEXT = 1_000_000;

const expected = (path: string, what: string) => `${path}: expected ${what}`;

function schema<T>(check: Schema<T>['check']): Schema<T> {
  return { check };
}

/** Any string up to `max` characters. */
export function str(max = MAX_TEXT): Schema<string> {
  return schema((v, p) =>
    typeof v !== 'string'
      ? expected(p, 'a string')
      : v.length > max
        ? expected(p, `at most ${max} characters`)
        : undefined,
  );
}

/** A string `test` accepts, e.g. a commit hash; `what` names it in the error. */
export function text(what: string, test: (value: string) => boolean): Schema<string> {
  return schema((v, p) => (typeof v === 'string' && test(v) ? undefined : expected(p, what)));
}

/** A string matching `pattern` (anchor it). */
export function matching(what: string, pattern: RegExp): Schema<string> {
  return text(what, (v) => pattern.test(v));
}

export const bool: Schema<boolean> = schema((v, p) =>
  typeof v === 'boolean' ? undefined : expected(p, 'true or false'),
);

/** A safe integer within the bounds. */
export function int(what: string, { min = -Infinity, max = Infinity } = {}): Schema<number> {
  return schema((v, p) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : expected(p, what),
  );
}

/** One of these strings. */
export function oneOf<const V extends readonly string[]>(...values: V): Schema<V[number]> {
  return schema((v, p) =>
    typeof v === 'string' && values.includes(v) ? undefined : expected(p, `one of ${values.join(', ')}`),
  );
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema((v, p) => (v === null ? undefined : inner.check(v, p)));
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return { optional: true, check: (v, p) => (v === undefined ? undefined : inner.check(v, p)) };
}

/** A list of up to `max` items. */
export function arr<T>(item: Schema<T>, max = Infinity): Schema<T[]> {
  return schema((v, p) => {
    if (!Array.isArray(v)) return expected(p, 'a list');
    if (v.length > max) return expected(p, `at most ${max} items`);
    for (let i = 0; i < v.length; i++) {
      const error = item.check(v[i], `${p}[${i}]`);
      if (error) return error;
    }
    return undefined;
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An object with these fields. A field it does not list is refused (a message from a newer or a
 * tampered sender), unless `extra: 'ignore'` (data others add to, like VS Code's menu context).
 */
export function obj<F extends Fields>(
  fields: F,
  { extra = 'refuse' }: { extra?: 'refuse' | 'ignore' } = {},
): Schema<InferFields<F>> {
  const entries = Object.entries(fields);
  const known = new Set(Object.keys(fields));
  return schema((v, p, taken = []) => {
    if (!isRecord(v)) return expected(p, 'an object');
    for (const [key, field] of entries) {
      const error = field.check(v[key], `${p}.${key}`);
      if (error) return error;
    }
    if (extra === 'refuse')
      for (const key of Object.keys(v))
        if (!known.has(key) && !taken.includes(key))
          return `${p}: unexpected field ${JSON.stringify(key.slice(0, 40))}`;
    return undefined;
  });
}

type Variants = Record<string, Schema<object>>;
/** Each variant's type with its tag: `{ type: 'smartlog', … } | { type: 'history', … }`. */
type InferUnion<K extends string, V extends Variants> = {
  [N in keyof V & string]: Simplify<{ [P in K]: N } & Infer<V[N]>>;
}[keyof V & string];

/**
 * One of several objects, told apart by the string in `key` (a variant may be a union itself, on
 * another key). Paths name the variant: `smartlog.commits[0].hash`, `request.details.params.hash`.
 */
export function union<K extends string, V extends Variants>(key: K, variants: V): Schema<InferUnion<K, V>> {
  const byTag = new Map(Object.entries(variants));
  return schema((v, p, taken = []) => {
    const where = p || 'message';
    if (!isRecord(v)) return expected(where, 'an object');
    const tag = typeof v[key] === 'string' ? v[key] : undefined;
    const variant = tag === undefined ? undefined : byTag.get(tag);
    if (!tag || !variant) return `${where}.${key}: unknown ${key}`;
    return variant.check(v, p ? `${p}.${tag}` : tag, [...taken, key]);
  });
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks untrusted data at the edge: the value itself when it fits, else the one-line error. */
export function validator<T>(schema: Schema<T>, path: string): (value: unknown) => Validation<T> {
  return (value) => {
    const error = schema.check(value, path);
    return error ? { ok: false, error } : { ok: true, value: value as T };
  };
}
