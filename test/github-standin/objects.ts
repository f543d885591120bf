// GitHub's JSON objects (pull request, issue, user, repository…) as the stand-in returns them. The
// fields Stackline reads are set from the stand-in's state; the many other fields GitHub always
// sends (forks_url, node_id…) are filled in from the OpenAPI schema so responses stay complete.
import type { OpenApiValidator } from './openapi';

type Json = Record<string, unknown>;
const EPOCH = '2026-01-01T00:00:00Z';

/** Completes `value` with every required property of `schemaName` that it lacks. */
export function complete(api: OpenApiValidator, schemaName: string, value: Json, baseUrl: string): Json {
  return fill(api, api.schema(schemaName), value, baseUrl) as Json;
}

function fill(api: OpenApiValidator, node: unknown, value: unknown, baseUrl: string): unknown {
  const schema = api.deref<Json>(node);
  const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (variants) {
    if (value === null) return null;
    if (value === undefined && variants.some((v) => api.deref<Json>(v).type === 'null')) return null;
    const objectVariant = variants.map((v) => api.deref<Json>(v)).find((v) => v.type === 'object' || v.properties);
    return fill(api, value !== undefined && objectVariant ? objectVariant : variants[0], value, baseUrl);
  }
  if (schema.allOf) {
    return (schema.allOf as unknown[]).reduce<unknown>((acc, part) => fill(api, part, acc, baseUrl), value);
  }
  if (value === undefined) return defaultFor(api, schema, baseUrl);
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item) => fill(api, schema.items, item, baseUrl));
  if (typeof value !== 'object') return value;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const result: Json = { ...(value as Json) };
  for (const name of (schema.required ?? []) as string[]) {
    if (!(name in result)) result[name] = fill(api, properties[name] ?? {}, undefined, baseUrl);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (name in result && result[name] !== undefined) result[name] = fill(api, property, result[name], baseUrl);
  }
  return result;
}

function defaultFor(api: OpenApiValidator, schema: Json, baseUrl: string): unknown {
  if (schema.enum) return (schema.enum as unknown[])[0];
  switch (schema.type) {
    case 'object':
      return fill(api, schema, {}, baseUrl);
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'date-time') return EPOCH;
      if (schema.format === 'uri') return `${baseUrl}/_`;
      if (schema.format === 'email') return 'nobody@example.com';
      return '';
    default:
      return schema.properties ? fill(api, { ...schema, type: 'object' }, {}, baseUrl) : null;
  }
}

export function userJson(api: OpenApiValidator, baseUrl: string, login: string): Json {
  return complete(
    api,
    'simple-user',
    {
      login,
      id: idOf(login),
      type: 'User',
      html_url: `${baseUrl}/${login}`,
      url: `${baseUrl}/api/users/${login}`,
      avatar_url: `${baseUrl}/_avatars/${login}`,
    },
    baseUrl,
  );
}

export interface RepoInfo {
  owner: string;
  name: string;
  defaultBranch: string;
  /** owner/name of the repository this one is a fork of. */
  parent?: string;
}

export function repoJson(api: OpenApiValidator, baseUrl: string, repo: RepoInfo, canPush: boolean, full = false): Json {
  const value: Json = {
    id: idOf(`${repo.owner}/${repo.name}`),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: userJson(api, baseUrl, repo.owner),
    private: false,
    fork: !!repo.parent,
    html_url: `${baseUrl}/${repo.owner}/${repo.name}`,
    url: `${baseUrl}/api/repos/${repo.owner}/${repo.name}`,
    default_branch: repo.defaultBranch,
    permissions: { admin: canPush, maintain: canPush, push: canPush, triage: true, pull: true },
  };
  return complete(api, full ? 'full-repository' : 'repository', value, baseUrl);
}

/**
 * A GraphQL node id, unique across repositories as GitHub's global ids are: the type's prefix
 * (PR, PRS…) and the base64 of `owner/name#number` (`PR_b2N0by9kZW1vIzE`), not the number alone.
 */
export function nodeIdOf(prefix: string, key: string, number: number): string {
  return `${prefix}_${Buffer.from(`${key}#${number}`).toString('base64url')}`;
}

export function idOf(text: string): number {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash;
}
