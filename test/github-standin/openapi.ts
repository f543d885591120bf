// Checks requests and responses of the GitHub stand-in against GitHub's official OpenAPI
// description (@octokit/openapi), so the stand-in cannot drift from what github.com accepts and returns.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}
type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: Schema }> } | { $ref: string };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
}

export interface MatchedOperation {
  operationId: string;
  template: string;
  method: string;
  params: Record<string, string>;
}

interface Route {
  template: string;
  method: string;
  segments: string[];
  operation: Operation;
  pointer: string;
}

const SPEC_ID = 'github';

/** Loads the spec once per process: it is 13 MB of JSON. */
let shared: OpenApiValidator | undefined;
export function githubOpenApi(): OpenApiValidator {
  shared ??= new OpenApiValidator(require.resolve('@octokit/openapi/generated/api.github.com.json'));
  return shared;
}

export class OpenApiValidator {
  private readonly spec: Spec;
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file: string) {
    this.spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
    rewriteNullable(this.spec);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false, logger: false });
    addFormats(this.ajv);
    // GitHub's own formats: a repository's owner/name, and numeric widths ajv-formats does not know.
    this.ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
    for (const name of ['int64', 'int32', 'double', 'binary', 'timestamp']) this.ajv.addFormat(name, true);
    this.ajv.addSchema(this.spec as unknown as Schema, SPEC_ID);
    for (const [template, methods] of Object.entries(this.spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (typeof operation !== 'object' || !('operationId' in operation)) continue;
        this.routes.push({
          template,
          method: method.toUpperCase(),
          segments: template.split('/').slice(1),
          operation,
          pointer: `#/paths/${escapePointer(template)}/${method}`,
        });
      }
    }
    // Literal segments before parameters: /pulls/comments must not match /pulls/{pull_number}.
    this.routes.sort((a, b) => specificity(b) - specificity(a));
  }

  /** The operation a request is for, with its path parameters decoded. Git ref params swallow slashes. */
  match(method: string, path: string): MatchedOperation | undefined {
    const parts = path.split('/').slice(1);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { operationId: route.operation.operationId, template: route.template, method, params };
    }
    return undefined;
  }

  /** Problems with a request's path, query and JSON body; empty when it is one GitHub accepts. */
  validateRequest(op: MatchedOperation, query: URLSearchParams, body: unknown): string[] {
    const route = this.route(op);
    const problems: string[] = [];
    const parameters = (route.operation.parameters ?? []).map((p) => this.deref<Parameter>(p));
    for (const parameter of parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      const raw = parameter.in === 'path' ? op.params[parameter.name] : (query.get(parameter.name) ?? undefined);
      if (raw === undefined) {
        if (parameter.required) problems.push(`missing ${parameter.in} parameter ${parameter.name}`);
        continue;
      }
      const value = coerce(raw, parameter.schema);
      const validate = this.compile(`${route.pointer}/param/${parameter.in}/${parameter.name}`, parameter.schema);
      if (!validate(value))
        problems.push(`${parameter.in} parameter ${parameter.name}=${raw}: ${this.ajv.errorsText(validate.errors)}`);
    }
    const known = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) if (!known.has(name)) problems.push(`unknown query parameter ${name}`);
    if (route.operation.requestBody) {
      const requestBody = this.deref<{ content: Record<string, { schema: Schema }> }>(route.operation.requestBody);
      const schema = requestBody.content['application/json']?.schema;
      if (schema && body !== undefined) {
        const validate = this.compile(
          `${route.pointer}/requestBody`,
          { $ref: `${SPEC_ID}${route.pointer}/requestBody/content/application~1json/schema` },
          true,
        );
        if (!validate(body))
          problems.push(`request body: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
      }
    } else if (body !== undefined && body !== null && Object.keys(body as object).length > 0) {
      problems.push('request body sent to an operation that takes none');
    }
    return problems;
  }

  /** Problems with a response; statuses the spec does not list must carry GitHub's basic error shape. */
  validateResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    const route = this.route(op);
    const declared = route.operation.responses[String(status)];
    let pointer: string | undefined;
    if (declared) {
      const ref = declared.$ref;
      const content = ref ? this.deref<{ content?: Record<string, unknown> }>({ $ref: ref }).content : declared.content;
      if (!content || !content['application/json']) {
        return body === undefined || body === ''
          ? []
          : [`status ${status} of ${op.operationId} has no body in the spec`];
      }
      pointer = ref
        ? `${ref}/content/application~1json/schema`
        : `${route.pointer}/responses/${status}/content/application~1json/schema`;
    } else if (status >= 400) {
      pointer = '#/components/schemas/basic-error';
    } else {
      return [`status ${status} is not a response of ${op.operationId}`];
    }
    const validate = this.compile(pointer, { $ref: `${SPEC_ID}${pointer}` }, true);
    return validate(body)
      ? []
      : [`response ${status}: ${this.ajv.errorsText(validate.errors, { dataVar: 'response' })}`];
  }

  /** A component schema, e.g. 'pull-request', for building objects that match it. */
  schema(name: string): Schema {
    return this.spec.components.schemas[name] as Schema;
  }

  deref<T>(node: unknown): T {
    let current = node as { $ref?: string };
    while (current && typeof current === 'object' && typeof current.$ref === 'string') {
      const path = current.$ref.replace(/^#\//, '').split('/').map(unescapePointer);
      current = path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], this.spec) as {
        $ref?: string;
      };
    }
    return current as T;
  }

  private route(op: MatchedOperation): Route {
    return this.routes.find((r) => r.template === op.template && r.method === op.method)!;
  }

  private compile(key: string, schema: Schema, byRef = false): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      // Inline parameter schemas may still $ref components; point them at the spec document.
      validate = this.ajv.compile(byRef ? schema : rebase(schema));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** OpenAPI 3.0's `nullable: true` becomes JSON Schema's "or null", which ajv understands everywhere. */
function rewriteNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteNullable(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  for (const value of Object.values(object)) rewriteNullable(value);
  if (object.nullable === true) {
    const rest = { ...object };
    delete rest.nullable;
    for (const key of Object.keys(object)) delete object[key];
    object.anyOf = [rest, { type: 'null' }];
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const segment = template[i];
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (!name) {
      if (parts[i] !== segment) return undefined;
      continue;
    }
    const last = i === template.length - 1;
    if (last && (name === 'ref' || name === 'path')) {
      if (parts.length <= i) return undefined;
      params[name] = parts.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    if (parts[i] === undefined || parts[i] === '') return undefined;
    params[name] = decodeURIComponent(parts[i]);
  }
  return parts.length === template.length ? params : undefined;
}

function specificity(route: Route): number {
  return route.segments.reduce((score, s, i) => score + (s.startsWith('{') ? 0 : 2 ** (20 - i)), 0);
}

function coerce(raw: string, schema: Schema): unknown {
  const type = schema.type;
  if (type === 'integer' || type === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function rebase(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${SPEC_ID}#/`)) as Schema;
}

function escapePointer(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(text: string): string {
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}
