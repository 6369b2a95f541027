// Fuzzes every route of the HTTP API with fast-check: thousands of malformed and random requests from
// every kind of caller, on both databases. No answer is a 5xx, every refusal carries a stable error
// code, a 401 or a 403 means what it says, and afterwards the database is still consistent.
// A failure prints fast-check's seed; SWITCHBOARD_FUZZ_SEED=<seed> replays the same requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createHttpApp } from '../../src/api/http-app.ts';
import type { SwitchboardApp } from '../../src/api/auth/app-env.ts';
import { isSelfAuthenticatingPath } from '../../src/api/auth/authenticate.ts';
import { dashboardPaths } from '../../src/api/routes/dashboard.ts';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys.ts';
import { login, sessionPrincipal } from '../../src/auth/sessions.ts';
import { createUser } from '../../src/auth/users.ts';
import type { Switchboard } from '../../src/app/switchboard.ts';
import type { NewTask } from '../../src/app/task-creation.ts';
import { canonicalJson } from '../../src/domain/canonical-json.ts';
import { errorCodes, isErrorCode } from '../../src/domain/errors.ts';
import { humanTaskStatuses, openTaskStatuses } from '../../src/domain/human-task.ts';
import type { Logger } from '../../src/domain/logger.ts';
import { roles, type Role } from '../../src/domain/roles.ts';
import { runStatuses } from '../../src/domain/run.ts';
import { ticketStatuses } from '../../src/domain/ticket.ts';
import { verifyAuditChain } from '../../src/store/audit-verify.ts';
import { fromJson } from '../../src/store/json.ts';
import { dialectsUnderTest, type DialectName } from '../support/dialects.ts';
import { demoConfigWith } from '../support/model-switchboard.ts';
import { testSwitchboard, type TestSwitchboard } from '../support/switchboard.ts';

/** PostgreSQL answers more slowly; together the two stay above 10,000 requests. */
const runsPerDialect: Record<DialectName, number> = { sqlite: 7_000, postgres: 3_000 };
const seedFromEnv = process.env['SWITCHBOARD_FUZZ_SEED'] === undefined ? undefined : Number(process.env['SWITCHBOARD_FUZZ_SEED']);
const bodyLimitBytes = 1024 * 1024;
/** Rate limits high enough that the fuzzer reaches the handlers instead of a wall of 429s. */
const unlimitedYaml = 'limits:\n  requests_per_minute_per_key: 1000000\n  requests_per_minute_per_ip: 1000000\n  logins_per_minute_per_ip: 1000000\n';
const projectId = 'default';
/** config/switchboard.yaml: `issue_refund` needs a reviewer once a run pays out more than $25.00. */
const autoApprovedCentsPerRun = 2500;
/** The pages that answer HTML when they succeed (the API reference and the dashboard's); everything else answers JSON. */
const htmlPages = ['/docs', ...dashboardPaths].map((path) => new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/]+')}$`));
/** How often a route is drawn, against 4 for the others: each valid body of the first two costs a
 * scrypt hash (about 0.1 s); the others move tickets, runs and tasks, so later requests meet more states. */
const routeWeights: Record<string, number> = {
  'POST /auth/login': 1,
  'POST /api/projects/{projectId}/users': 1,
  'POST /chat': 10,
  'POST /api/projects/{projectId}/human-tasks': 6,
  'POST /api/projects/{projectId}/human-tasks/{taskId}/resolve': 6,
  'POST /api/projects/{projectId}/respond/{ref}': 6,
};
/** Its 401 is about the email and password in the body, whoever sends them. */
const signInRoute = 'POST /auth/login';

// ---------------------------------------------------------------------------------------------------
// The routes, as the OpenAPI document describes them (plus the few plain routes it leaves out).

interface JsonSchema {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  example?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  schema?: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RouteSpec {
  method: string;
  /** With `{name}` placeholders, as in the OpenAPI document. */
  template: string;
  pathParams: string[];
  query: Parameter[];
  body: JsonSchema | null;
}

const routeName = (route: { method: string; template: string }) => `${route.method} ${route.template}`;

function documentOf(app: SwitchboardApp): OpenApiDocument {
  return JSON.parse(JSON.stringify(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'x', version: '1' } }))) as OpenApiDocument;
}

function routesOf(app: SwitchboardApp, document: OpenApiDocument): RouteSpec[] {
  const documented = Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => documentedRoute(method.toUpperCase(), template, operation)),
  );
  const known = new Set(documented.map(routeName));
  const plain = app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({ method: route.method, template: route.path.replace(/:(\w+)/g, '{$1}') }))
    .filter((route) => !known.has(routeName(route)));
  const undocumented = [...new Map(plain.map((route) => [routeName(route), route])).values()];
  return [...documented, ...undocumented.map((route) => ({ ...route, pathParams: [], query: [], body: null }))];
}

function documentedRoute(method: string, template: string, operation: Operation): RouteSpec {
  const parameters = operation.parameters ?? [];
  return {
    method,
    template,
    pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
    query: parameters.filter((p) => p.in === 'query'),
    body: operation.requestBody?.content?.['application/json']?.schema ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Placeholders. Requests are generated before the state they refer to exists, and some are too big to
// print: a string "\uE000pool:task:7" becomes the 7th known task id (modulo the pool) when the request
// is sent, and "\uE000raw:deep:5000" is replaced, in a JSON body, by raw JSON text.

type PoolName = 'thread' | 'ticket' | 'task' | 'run' | 'key';
type Pools = Record<PoolName, string[]>;

const poolRef = (pool: PoolName) => fc.nat().map((index) => `\uE000pool:${pool}:${index}`);
const raw = (token: string) => `\uE000raw:${token}`;

function fromPool(pools: Pools, pool: string, index: string): string {
  const values = pools[pool as PoolName];
  return values[Number(index) % values.length] ?? 'missing';
}

function rawText(token: string): string {
  const [kind, size = '0'] = token.split(':');
  const n = Number(size);
  if (kind === 'deep') return `${'['.repeat(n)}${']'.repeat(n)}`;
  if (kind === 'deepObject') return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  if (kind === 'huge') return JSON.stringify('x'.repeat(n));
  return token;
}

/** In a path or a query string, every pool reference becomes an id. */
function resolveText(text: string, pools: Pools): string {
  return text.replace(/\uE000pool:(\w+):(\d+)/g, (_, pool: string, index: string) => fromPool(pools, pool, index));
}

function serialiseJson(value: unknown, pools: Pools): string {
  return JSON.stringify(value).replace(/"\uE000(pool|raw):([^"\\]*)"/g, (_, kind: string, rest: string) => {
    if (kind === 'raw') return rawText(rest);
    const [pool = '', index = '0'] = rest.split(':');
    return JSON.stringify(fromPool(pools, pool, index));
  });
}

// ---------------------------------------------------------------------------------------------------
// Values: hostile strings and numbers, and values shaped by a JSON schema.

const hostileStrings = [
  '', ' ', '..', '../..', '../../etc/passwd', '%00', '\u0000', '%', '%zz', '%E0%A4%A', '%2e%2e', '%2F', '/', '//', '?', '#', '&',
  "' OR 1=1 --", "'; DROP TABLE tickets; --", '" OR ""="', '1; SELECT pg_sleep(0)', '\\', 'null', 'undefined', 'NaN', '-1', '0',
  '1e999', 'TKT-0', 'TKT-99999999999999999999', '__proto__', 'constructor', '{{7*7}}', '${{7*7}}', '<script>alert(1)</script>',
  'ü', '💥', '\u202e', '\ud800', 'a'.repeat(100), 'a'.repeat(101), 'a'.repeat(5000),
];
const extremeNumbers = ['1e999', '-1e999', '1e-999', '-0', '9007199254740993', '123456789012345678901234567890', '1E+308', '-1.7976931348623157e308', '5e-324'];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 101, max: 20_000 }).map((n) => 'é'.repeat(n)) },
);

/** Arrays or objects nested a little, or thousands of levels deep. */
const deepValue = fc
  .tuple(fc.constantFrom('deep', 'deepObject'), fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1_000, max: 200_000 })))
  .map(([kind, depth]) => raw(`${kind}:${depth}`));

const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, '', [], {}, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE, Number.MIN_VALUE),
  fc.constantFrom(...extremeNumbers).map(raw),
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  deepValue,
);

/** What a field typed `unknown` (a task's context, a resolution's fields) may hold. */
const unknownValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: junkValue }, { weight: 1, arbitrary: deepValue });

const poolsByName: ReadonlyArray<[RegExp, PoolName[]]> = [
  [/^thread/i, ['thread']],
  [/^ticket/i, ['ticket', 'thread']],
  [/^task/i, ['task']],
  [/^ref$/, ['run', 'thread', 'ticket']],
  [/^keyId$/, ['key']],
  [/^run/i, ['run']],
];

function poolsFor(name: string): PoolName[] {
  return poolsByName.find(([pattern]) => pattern.test(name))?.[1] ?? [];
}

class SchemaValues {
  readonly #components: Record<string, JsonSchema>;

  constructor(document: OpenApiDocument) {
    this.#components = document.components?.schemas ?? {};
  }

  /** A value that satisfies the schema, or nearly: random within the declared types and bounds. */
  of(schema: JsonSchema, name: string, depth = 0): fc.Arbitrary<unknown> {
    if (depth > 6) return fc.constant(null);
    const resolved = this.#deref(schema);
    const union = resolved.anyOf ?? resolved.oneOf;
    if (union) return fc.oneof(...union.map((member) => this.of(member, name, depth + 1)));
    if (resolved.enum) return fc.constantFrom(...resolved.enum);
    const types = resolved.type === undefined ? [] : [resolved.type].flat();
    if (types.length === 0) return unknownValue;
    return fc.oneof(...types.map((type) => this.#typed(type, resolved, name, depth)));
  }

  #deref(schema: JsonSchema): JsonSchema {
    const name = schema.$ref?.replace('#/components/schemas/', '');
    return name === undefined ? schema : this.#deref(this.#components[name] ?? {});
  }

  #typed(type: string, schema: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'object': return this.#object(schema, depth);
      case 'array': return fc.array(this.of(schema.items ?? {}, name, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'string': return stringFor(schema, name);
      case 'integer': return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 });
      case 'number': return fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum ?? -Number.MAX_VALUE, max: schema.maximum ?? Number.MAX_VALUE });
      case 'boolean': return fc.boolean();
      case 'null': return fc.constant(null);
      default: return unknownValue;
    }
  }

  #object(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const properties = Object.entries(schema.properties ?? {});
    const extra = schema.additionalProperties;
    if (properties.length === 0 && typeof extra === 'object') return fc.dictionary(fc.string({ maxLength: 12 }), this.of(extra, '', depth + 1), { maxKeys: 4 });
    const model = Object.fromEntries(properties.map(([key, property]) => [key, this.of(property, key, depth + 1)]));
    const required = schema.required ?? [];
    const optional = Object.keys(model).filter((key) => !required.includes(key));
    // A few optional fields at a time: each one is a chance to break a cross-field rule.
    return fc.tuple(fc.record(model), fc.subarray(optional, { maxLength: Math.min(2, optional.length) })).map(([value, kept]) => pick(value, [...required, ...kept]));
  }
}

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => keys.includes(key)));
}

function stringFor(schema: JsonSchema, name: string): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === 'email') return fc.oneof(fc.constant('customer@example.com'), fc.emailAddress());
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const random = fc.string({ minLength, maxLength: Math.min(schema.maxLength ?? 40, Math.max(40, minLength)) });
  const known = [...(typeof schema.example === 'string' ? [fc.constant(schema.example)] : []), ...poolsFor(name).map(poolRef)];
  return known.length === 0 ? random : fc.oneof(random, ...known);
}

// ---------------------------------------------------------------------------------------------------
// Callers: every kind of credential, good and bad.

type Caller =
  | { kind: 'anonymous' }
  | { kind: 'key'; role: Role }
  | { kind: 'dead-key'; which: 'revoked' | 'expired' }
  | { kind: 'garbage-bearer'; token: string }
  | { kind: 'other-scheme'; value: string }
  | { kind: 'session'; csrf: 'echoed' | 'missing' | 'wrong' }
  | { kind: 'stale-cookie'; token: string };

interface Credentials {
  keys: Map<Role, string>;
  deadKeys: Record<'revoked' | 'expired', string>;
  session: { token: string; csrf: string };
}

const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 80 });

const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: 'key', role: 'admin' } as const) },
  { weight: 20, arbitrary: fc.constantFrom<Role>(...roles).map((role) => ({ kind: 'key', role }) as const) },
  { weight: 12, arbitrary: fc.constant({ kind: 'anonymous' } as const) },
  { weight: 12, arbitrary: fc.constantFrom('echoed', 'echoed', 'missing', 'wrong').map((csrf) => ({ kind: 'session', csrf }) as const) },
  { weight: 3, arbitrary: fc.constantFrom('revoked', 'expired').map((which) => ({ kind: 'dead-key', which }) as const) },
  { weight: 5, arbitrary: fc.oneof(printable, printable.map((token) => `sbk_${token}`)).map((token) => ({ kind: 'garbage-bearer', token }) as const) },
  { weight: 3, arbitrary: otherSchemeArb().map((value) => ({ kind: 'other-scheme', value }) as const) },
  { weight: 3, arbitrary: printable.map((token) => ({ kind: 'stale-cookie', token }) as const) },
);

/** An Authorization header that is not a bearer token: the caller stays anonymous. */
function otherSchemeArb(): fc.Arbitrary<string> {
  const scheme = fc.constantFrom('Basic', 'Digest', 'Token', 'Negotiate', 'sbk_live');
  return fc.oneof(fc.constantFrom('', 'Bearer', 'Bearer:x'), fc.tuple(scheme, printable).map(([name, value]) => `${name} ${value}`));
}

function callerHeaders(caller: Caller, credentials: Credentials): Record<string, string> {
  const { session } = credentials;
  switch (caller.kind) {
    case 'anonymous': return {};
    case 'key': return { authorization: `Bearer ${credentials.keys.get(caller.role) ?? ''}` };
    case 'dead-key': return { authorization: `Bearer ${credentials.deadKeys[caller.which]}` };
    case 'garbage-bearer': return { authorization: `Bearer ${caller.token}` };
    case 'other-scheme': return { authorization: caller.value };
    case 'session': return { cookie: `sb_session=${session.token}; sb_csrf=${session.csrf}`, ...csrfHeader(caller.csrf, session.csrf) };
    case 'stale-cookie': return { cookie: `sb_session=${caller.token}` };
  }
}

function csrfHeader(csrf: 'echoed' | 'missing' | 'wrong', token: string): Record<string, string> {
  if (csrf === 'missing') return {};
  return { 'x-csrf-token': csrf === 'echoed' ? token : `${token.slice(1)}x` };
}

const hasValidCredentials = (caller: Caller) => caller.kind === 'key' || caller.kind === 'session';
const presentsBadBearer = (caller: Caller) => caller.kind === 'dead-key' || caller.kind === 'garbage-bearer';

// ---------------------------------------------------------------------------------------------------
// Requests.

type BodySpec = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'huge'; bytes: number; unit: string; json: boolean };

interface RequestSpec {
  route: string;
  method: string;
  template: string;
  segments: Record<string, { value: string; encode: boolean }>;
  query: string;
  caller: Caller;
  contentType: string | null;
  body: BodySpec;
}

const otherMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'post', 'PROPFIND'];
const contentTypes = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'garbage'];

const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom<string | null>(null, ...contentTypes) },
);

function pathValueArb(name: string): fc.Arbitrary<{ value: string; encode: boolean }> {
  const known = name === 'projectId' ? [fc.constant(projectId)] : poolsFor(name).map(poolRef);
  const value = known.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...known) }, { weight: 2, arbitrary: hostileString }) : hostileString;
  return fc.record({ value, encode: fc.boolean() });
}

function queryArb(params: Parameter[], values: SchemaValues): fc.Arbitrary<string> {
  const knownValue = (param: Parameter) => fc.oneof(values.of(param.schema ?? {}, param.name).map(String), hostileString);
  const known = fc.subarray(params).chain((chosen) => fc.tuple(...chosen.map((param) => knownValue(param).map((value) => [param.name, value] as const))));
  const random = fc.array(fc.tuple(hostileString, hostileString), { maxLength: 3 });
  return fc.tuple(known, random, fc.boolean()).map(([a, b, encode]) => queryString([...a, ...b], encode));
}

function queryString(pairs: ReadonlyArray<readonly [string, string]>, encode: boolean): string {
  if (pairs.length === 0) return '';
  return `?${encode ? new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString() : pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/** Valid-shaped bodies, the same with a field dropped, added or mistyped, junk, text, nothing, too much. */
function bodyArb(schema: JsonSchema | null, values: SchemaValues): fc.Arbitrary<BodySpec> {
  const valid = schema ? values.of(schema, 'body') : fc.constant({});
  const json = (value: fc.Arbitrary<unknown>) => value.map((v): BodySpec => ({ kind: 'json', value: v }));
  return fc.oneof(
    { weight: 40, arbitrary: json(valid) },
    { weight: 25, arbitrary: json(valid.chain(mutated)) },
    { weight: 10, arbitrary: json(junkValue) },
    { weight: 8, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,]', "{'a':1}", 'undefined', '\u0000', '{"a":1}{"b":2}', 'NaN')).map((text): BodySpec => ({ kind: 'text', text })) },
    { weight: 5, arbitrary: fc.constant<BodySpec>({ kind: 'none' }) },
    { weight: 4, arbitrary: hugeBodyArb() },
    { weight: 3, arbitrary: deepValue.map((value): BodySpec => ({ kind: 'json', value })) },
  );
}

function hugeBodyArb(): fc.Arbitrary<BodySpec> {
  const bytes = fc.oneof(fc.constantFrom(bodyLimitBytes - 64, bodyLimitBytes, bodyLimitBytes + 1, bodyLimitBytes + 4096), fc.integer({ min: 1, max: bodyLimitBytes + 10_000 }));
  return fc.record({ kind: fc.constant('huge' as const), bytes, unit: fc.constantFrom('x', 'é', '💥'), json: fc.boolean() });
}

function mutated(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fc.oneof(fc.constant([value]), junkValue);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  const someKey = keys.length > 0 ? fc.constantFrom(...keys) : hostileString;
  return fc.oneof(
    someKey.map((key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key))),
    fc.tuple(hostileString, junkValue).map(([key, junk]) => ({ ...object, [key]: junk })),
    fc.tuple(someKey, junkValue).map(([key, junk]) => ({ ...object, [key]: junk })),
    fc.tuple(someKey, deepValue).map(([key, deep]) => ({ ...object, [key]: { nested: deep } })),
    fc.tuple(someKey, fc.integer({ min: 1, max: 200_000 })).map(([key, bytes]) => ({ ...object, [key]: raw(`huge:${bytes}`) })),
    fc.constant([object]),
  );
}

function routeRequestArb(route: RouteSpec, values: SchemaValues): fc.Arbitrary<RequestSpec> {
  const segments = fc.record(Object.fromEntries(route.pathParams.map((name) => [name, pathValueArb(name)])));
  return fc.record({
    route: fc.constant(routeName(route)),
    method: fc.oneof({ weight: 6, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...otherMethods) }),
    template: fc.constant(route.template),
    segments,
    query: fc.oneof({ weight: 3, arbitrary: route.query.length > 0 ? queryArb(route.query, values) : fc.constant('') }, { weight: 1, arbitrary: queryArb([], values) }),
    caller: callerArb,
    contentType: contentTypeArb,
    body: bodyArb(route.body, values),
  });
}

const randomRoute = 'random path';
const pathWords = ['api', 'projects', 'default', 'chat', 'human-tasks', 'tickets', 'messages', 'respond', 'auth', 'users', 'api-keys', 'revoke', 'claim', 'docs', 'openapi.json'];

function randomPathRequestArb(values: SchemaValues): fc.Arbitrary<RequestSpec> {
  const segment = fc.oneof(fc.constantFrom(...pathWords), hostileString, poolRef('task'), poolRef('thread'));
  return fc.record({
    route: fc.constant(randomRoute),
    method: fc.constantFrom(...otherMethods),
    template: fc.array(segment, { maxLength: 7 }).map((parts) => `/${parts.map((part) => part.replace(/[{}]/g, '')).join('/')}`),
    segments: fc.constant({}),
    query: queryArb([], values),
    caller: callerArb,
    contentType: contentTypeArb,
    body: bodyArb(null, values),
  });
}

function requestArb(routes: RouteSpec[], values: SchemaValues): fc.Arbitrary<RequestSpec> {
  const perRoute = routes.map((route) => ({ weight: routeWeights[routeName(route)] ?? 4, arbitrary: routeRequestArb(route, values) }));
  return fc.oneof({ weight: 9 * routes.length, arbitrary: fc.oneof(...perRoute) }, { weight: routes.length, arbitrary: randomPathRequestArb(values) });
}

interface BuiltRequest {
  spec: RequestSpec;
  /** Absolute, so the app parses it exactly as a server would the request line. */
  url: string;
  init: RequestInit;
}

function buildRequest(spec: RequestSpec, pools: Pools, credentials: Credentials): BuiltRequest {
  const headers = new Headers(callerHeaders(spec.caller, credentials));
  if (spec.contentType !== null) headers.set('content-type', spec.contentType);
  const canHaveBody = !['GET', 'HEAD'].includes(spec.method.toUpperCase());
  const body = canHaveBody ? bodyText(spec.body, pools) : null;
  return { spec, url: `http://localhost${pathOf(spec, pools)}${resolveText(spec.query, pools)}`, init: { method: spec.method, headers, ...(body === null ? {} : { body }) } };
}

function pathOf(spec: RequestSpec, pools: Pools): string {
  const filled = spec.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const segment = spec.segments[name];
    const value = resolveText(segment?.value ?? '', pools);
    return segment?.encode ? encodeSafely(value) : value;
  });
  return resolveText(filled.startsWith('/') ? filled : `/${filled}`, pools);
}

function encodeSafely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // a lone surrogate: sent raw, the URL parser replaces it
  }
}

function bodyText(body: BodySpec, pools: Pools): string | null {
  switch (body.kind) {
    case 'none': return null;
    case 'json': return serialiseJson(body.value, pools);
    case 'text': return body.text;
    case 'huge': return hugeText(body);
  }
}

function hugeText(body: { bytes: number; unit: string; json: boolean }): string {
  const filler = body.unit.repeat(Math.ceil(body.bytes / Buffer.byteLength(body.unit)));
  return body.json ? JSON.stringify({ message: filler, body: filler.slice(0, 100) }) : filler;
}

// ---------------------------------------------------------------------------------------------------
// What every answer must look like.

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: { permission?: unknown } };
}

function describeRequest(request: BuiltRequest): string {
  const { body } = request.init;
  const shown = typeof body === 'string' ? (body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body) : '(no body)';
  return `${request.init.method ?? 'GET'} ${request.url.slice('http://localhost'.length, 300)} [${request.spec.route}; caller ${JSON.stringify(request.spec.caller)}; content-type ${request.spec.contentType ?? 'unset'}] ${shown}`;
}

/** `logged`: what the server logged as an error while answering, to explain a 5xx. */
async function checkAnswer(request: BuiltRequest, response: Response, logged: LoggedError[]): Promise<void> {
  const where = describeRequest(request);
  const { caller, route } = request.spec;
  assert.ok(response.status < 500, `${where} answered ${response.status}${logged.map((entry) => `\n${entry.msg}: ${entry.error}`).join('')}`);
  // One-click links and chat callbacks ignore credentials (their token or signature is the proof), and
  // a link's answer is a page for a person, whatever its status.
  const selfAuthenticating = isSelfAuthenticatingPath(decodeSafely(new URL(request.url).pathname));
  if (response.status === 401 && route !== signInRoute && !selfAuthenticating) assert.ok(!hasValidCredentials(caller), `${where} answered 401 to valid credentials`);
  if (presentsBadBearer(caller) && !selfAuthenticating) assert.ok([401, 413].includes(response.status), `${where} answered ${response.status} to a bad API key`);
  // A live event stream never ends: its status is its answer (a HEAD's stream too, in process).
  // Not awaited: a clone's cancel settles only once the original is cancelled too (fuzzOnce does that).
  if (isEventStream(response)) return void response.body?.cancel();
  if (request.init.method === 'HEAD') return;
  const text = await response.text();
  if (selfAuthenticating && /text\/html/.test(response.headers.get('content-type') ?? '')) return;
  if (response.status >= 200 && response.status < 300) return checkSuccess(request.url, response, text, where);
  checkError(response.status, parseJson(text, where) as ErrorBody, where);
}

/** A success is JSON, or one of the HTML pages. */
function checkSuccess(url: string, response: Response, text: string, where: string): void {
  if (!/text\/html/.test(response.headers.get('content-type') ?? '')) return void parseJson(text, where);
  const path = decodeSafely(new URL(url).pathname);
  assert.ok(htmlPages.some((page) => page.test(path)), `${where} answered HTML`);
}

function isEventStream(response: Response): boolean {
  return response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
}

function decodeSafely(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function checkError(status: number, body: ErrorBody, where: string): void {
  const code = body.error?.code;
  assert.ok(typeof code === 'string' && isErrorCode(code), `${where} answered ${status} with code ${String(code)}`);
  assert.equal(typeof body.error?.message, 'string', where);
  assert.equal(status, errorCodes[code].status, `${where}: ${code} answered with ${status}`);
  if (status === 403) assert.equal(typeof body.error?.details?.permission, 'string', `${where} answered 403 without details.permission`);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    assert.fail(`${where} answered a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** Ids met in answers join the pools, so later requests act on what earlier ones created. */
function harvest(pools: Pools, body: unknown, created: PoolName | null = null): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  const add = (pool: PoolName, value: unknown) => {
    if (typeof value === 'string' && !pools[pool].includes(value)) pools[pool].push(value);
  };
  add('thread', record['thread_id']);
  add('task', record['task_id']);
  add('run', record['run_id']);
  add('ticket', record['ticket']);
  if (created) add(created, record['id']);
}

/** The pool a successful POST adds its new `id` to. */
function createdBy(spec: RequestSpec): PoolName | null {
  if (spec.method !== 'POST') return null;
  if (spec.template.endsWith('/api-keys')) return 'key';
  return spec.template.endsWith('/human-tasks') ? 'task' : null;
}

// ---------------------------------------------------------------------------------------------------
// The state the fuzzer starts from, and the database checks it must leave true.

async function seedState(sb: Switchboard): Promise<Pools> {
  const pools: Pools = { thread: [], ticket: [], task: [], run: [], key: [] };
  const messages = ['I want a refund of $42.50', 'I want a refund of $42.50', 'I want a refund of $80.00', 'How do I reset my password?', 'How do I reset my password?', 'I want to talk to a human'];
  for (const message of messages) {
    const result = await sb.chat.postMessage({ projectId, message });
    harvest(pools, result);
  }
  const tickets = await sb.db.kysely.selectFrom('tickets').select('id').execute();
  const ticketIds = tickets.map((ticket) => ticket.id);
  const tasks: Omit<NewTask, 'createdBy'>[] = [
    { type: 'approval', title: 'Discount', reason: 'ok?' },
    { type: 'data_entry', title: 'Verify', reason: 'check', fields: [{ name: 'order_id', type: 'text', required: true }, { name: 'plan', type: 'select', options: ['a', 'b'] }] },
    { type: 'review', title: 'Check the reply', reason: 'Look at it', assignedTo: 'rita@example.com' },
    { type: 'handoff', title: 'Call back', reason: 'Customer asked', ticketId: ticketIds[0] },
  ];
  for (const task of tasks) pools.task.push((await sb.tasks.create(projectId, { ...task, createdBy: 'seed' })).id);
  pools.ticket.push(...ticketIds);
  return pools;
}

async function credentialsFor(sb: Switchboard, pools: Pools): Promise<Credentials> {
  const key = async (name: string, role: Role, expiresAt: string | null = null) => createApiKey(sb.identity, { projectId, name, role, createdBy: 'test', expiresAt });
  const keys = new Map<Role, string>();
  for (const role of roles) keys.set(role, (await key(`fuzz-${role}`, role)).key);
  const revoked = await key('revoked', 'admin');
  await revokeApiKey(sb.identity, projectId, revoked.view.id);
  const expired = await key('expired', 'admin', '2001-01-01T00:00:00.000Z');
  for (const name of ['decoy-1', 'decoy-2']) pools.key.push((await key(name, 'viewer')).view.id);
  pools.key.push(revoked.view.id);
  await createUser(sb.identity, { email: sessionEmail, role: 'reviewer', projectId, password: sessionPassword });
  return { keys, deadKeys: { revoked: revoked.key, expired: expired.key }, session: await signIn(sb) };
}

const sessionEmail = 'fuzz-reviewer@example.com';
const sessionPassword = 'correct horse battery staple';

async function signIn(sb: Switchboard): Promise<{ token: string; csrf: string }> {
  const session = await login(sb.identity, sessionEmail, sessionPassword);
  return { token: session.token, csrf: session.csrfToken };
}

type Kysely = Switchboard['db']['kysely'];

/** Each check lists the rows that break an invariant; a consistent database has none. */
const consistencyChecks: Record<string, (db: Kysely) => Promise<unknown[]>> = {
  'every task status is in the closed set': (db) => db.selectFrom('human_tasks').select(['id', 'status']).where('status', 'not in', humanTaskStatuses).execute(),
  'a completed task has a decision and who responded': (db) =>
    db.selectFrom('human_tasks').select(['id', 'decision', 'responded_by']).where('status', '=', 'completed').where((eb) => eb.or([eb('decision', 'is', null), eb('responded_by', 'is', null)])).execute(),
  'an open task has no decision': (db) => db.selectFrom('human_tasks').select(['id', 'status', 'decision']).where('status', 'in', openTaskStatuses).where('decision', 'is not', null).execute(),
  'every run status is in the closed set': (db) => db.selectFrom('runs').select(['id', 'status']).where('status', 'not in', runStatuses).execute(),
  'a running run holds a lease': (db) =>
    db.selectFrom('runs').select(['id', 'lease_owner', 'lease_expires_at']).where('status', '=', 'running').where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', 'is', null)])).execute(),
  'every ticket status is in the closed set': (db) => db.selectFrom('tickets').select(['id', 'status']).where('status', 'not in', ticketStatuses).execute(),
  'every message belongs to a ticket': (db) => db.selectFrom('messages').leftJoin('tickets', 'tickets.id', 'messages.ticket_id').select('messages.id').where('tickets.id', 'is', null).execute(),
  'every step belongs to a run': (db) => db.selectFrom('steps').leftJoin('runs', 'runs.id', 'steps.run_id').select('steps.id').where('runs.id', 'is', null).execute(),
  'every tool call belongs to a run': (db) => db.selectFrom('tool_calls').leftJoin('runs', 'runs.id', 'tool_calls.run_id').select('tool_calls.id').where('runs.id', 'is', null).execute(),
  'no tool call is left between its intent and its outcome': (db) => db.selectFrom('tool_calls').select(['id', 'tool', 'run_id']).where('status', '=', 'intent').execute(),
  'every refund is journalled as a succeeded issue_refund call': (db) =>
    db
      .selectFrom('demo_refunds')
      .leftJoin('tool_calls', 'tool_calls.idempotency_key', 'demo_refunds.idempotency_key')
      .select(['demo_refunds.id', 'tool_calls.tool', 'tool_calls.status'])
      .where((eb) => eb.or([eb('tool_calls.id', 'is', null), eb('tool_calls.tool', '!=', 'issue_refund'), eb('tool_calls.status', '!=', 'succeeded')]))
      .execute(),
  'no refund was issued twice': (db) => db.selectFrom('demo_refunds').select(['id', 'attempts']).where('attempts', '>', 1).execute(),
  'a refund above the auto-approved amount had a reviewer approve exactly it': unapprovedRefunds,
  'a run waiting for a person waits on an open task': runsWaitingOnClosedTasks,
};

/** Per run, refunds in order: once the run's payouts pass the limit, each needs a matching approval. */
async function unapprovedRefunds(db: Kysely): Promise<unknown[]> {
  const calls = await db.selectFrom('tool_calls').innerJoin('demo_refunds', 'demo_refunds.idempotency_key', 'tool_calls.idempotency_key').select(['tool_calls.run_id', 'tool_calls.input', 'demo_refunds.amount_cents']).orderBy('tool_calls.run_id').orderBy('tool_calls.step_seq').orderBy('tool_calls.call_index').execute();
  const approvals = await db.selectFrom('human_tasks').select(['run_id', 'tool_call']).where('status', '=', 'completed').where('decision', '=', 'approved').where('run_id', 'is not', null).execute();
  const approved = new Set(approvals.map((task) => `${task.run_id}|${approvedArgs(task.tool_call)}`));
  const paid = new Map<string, number>();
  return calls.filter((call) => {
    const total = (paid.get(call.run_id) ?? 0) + call.amount_cents;
    paid.set(call.run_id, total);
    return total > autoApprovedCentsPerRun && !approved.has(`${call.run_id}|issue_refund|${canonicalJson(fromJson<unknown>(call.input, null))}`);
  });
}

function approvedArgs(toolCall: string | null): string {
  const call = fromJson<{ tool?: string; args?: unknown; approvedArgs?: unknown } | null>(toolCall, null);
  return `${call?.tool ?? ''}|${canonicalJson(call?.approvedArgs ?? call?.args ?? null)}`;
}

async function runsWaitingOnClosedTasks(db: Kysely): Promise<unknown[]> {
  const waiting = await db.selectFrom('runs').select(['id', 'wait']).where('status', '=', 'waiting').execute();
  const problems: unknown[] = [];
  for (const run of waiting) {
    const wait = fromJson<{ kind?: string; taskId?: string } | null>(run.wait, null);
    if (wait?.taskId === undefined) continue;
    const task = await db.selectFrom('human_tasks').select(['status']).where('id', '=', wait.taskId).executeTakeFirst();
    if (!task || !openTaskStatuses.includes(task.status as (typeof openTaskStatuses)[number])) problems.push({ run: run.id, wait, task: task?.status ?? 'missing' });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------

interface LoggedError {
  msg: string;
  error: string;
}

function capturingLogger(errors: LoggedError[]): Logger {
  const describeError = (obj: object) => {
    const err = (obj as { err?: unknown }).err;
    return err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 6).join('\n') : JSON.stringify(obj);
  };
  return { info: () => undefined, warn: () => undefined, error: (obj, msg) => errors.push({ msg: msg ?? '', error: describeError(obj) }) };
}

/** One dialect's app and what the fuzzer knows about it. */
interface FuzzTarget {
  sb: Switchboard;
  app: SwitchboardApp;
  pools: Pools;
  credentials: Credentials;
  loggedErrors: LoggedError[];
  /** Requests sent per route, shrinking included. */
  sent: Map<string, number>;
}

async function fuzzOnce(target: FuzzTarget, spec: RequestSpec): Promise<void> {
  const request = buildRequest(spec, target.pools, target.credentials);
  const loggedBefore = target.loggedErrors.length;
  const response = await target.app.request(request.url, request.init);
  target.sent.set(spec.route, (target.sent.get(spec.route) ?? 0) + 1);
  await checkAnswer(request, response.clone(), target.loggedErrors.slice(loggedBefore));
  // The clone's stream was cancelled; cancelling this one too ends the event stream on the server.
  if (isEventStream(response)) return void (await response.body?.cancel());
  if (response.ok && request.init.method !== 'HEAD') harvest(target.pools, await response.json().catch(() => null), createdBy(spec));
  if (spec.caller.kind === 'session') await keepSignedIn(target);
}

/** A fuzzed sign-out ends the shared session; the next session caller gets a fresh one. */
async function keepSignedIn(target: FuzzTarget): Promise<void> {
  if (!(await sessionPrincipal(target.sb.identity, target.credentials.session.token))) target.credentials.session = await signIn(target.sb);
}

async function countRows(db: Kysely): Promise<string> {
  const count = async (table: 'tickets' | 'runs' | 'human_tasks' | 'demo_refunds') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const approved = await db.selectFrom('human_tasks').select((eb) => eb.fn.countAll().as('n')).where('decision', '=', 'approved').executeTakeFirstOrThrow();
  return `${await count('tickets')} tickets, ${await count('runs')} runs, ${await count('human_tasks')} tasks (${Number(approved.n)} approved), ${await count('demo_refunds')} refunds`;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`the HTTP API under fuzzing (${dialect})`, () => {
    let env: TestSwitchboard;
    let target: FuzzTarget;
    const escaped: unknown[] = [];
    const collect = (reason: unknown) => escaped.push(reason);

    before(async () => {
      process.on('unhandledRejection', collect);
      const loggedErrors: LoggedError[] = [];
      env = await testSwitchboard(dialect, { config: demoConfigWith((text) => `${text}\n${unlimitedYaml}`), logger: capturingLogger(loggedErrors) });
      const pools = await seedState(env.sb);
      const credentials = await credentialsFor(env.sb, pools);
      target = { sb: env.sb, app: createHttpApp(env.sb, { bodyLimitBytes }), pools, credentials, loggedErrors, sent: new Map() };
    });
    after(async () => {
      process.off('unhandledRejection', collect);
      await env.close();
    });

    it(`answers ${runsPerDialect[dialect]} malformed or random requests to every route without a 5xx, with a stable error code for every refusal`, async (t) => {
      const document = documentOf(target.app);
      const routes = routesOf(target.app, document);
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(requestArb(routes, new SchemaValues(document)), (spec) => fuzzOnce(target, spec)),
        { numRuns: runsPerDialect[dialect], ...(seedFromEnv === undefined ? {} : { seed: seedFromEnv }) },
      );
      const total = [...target.sent.values()].reduce((sum, n) => sum + n, 0);
      t.diagnostic(`${dialect}: ${total} requests in ${Math.round(performance.now() - started)} ms`);
      assert.deepEqual(routes.map(routeName).filter((route) => !target.sent.has(route)), [], 'routes the fuzzer never called');
    });

    it('leaves the database consistent', async (t) => {
      const db = env.sb.db.kysely;
      for (const [invariant, check] of Object.entries(consistencyChecks)) assert.deepEqual(await check(db), [], invariant);
      const audit = await verifyAuditChain(env.sb.db);
      assert.ok(audit.ok, `the audit chain breaks: ${JSON.stringify(audit.ok ? null : audit.firstProblem)}`);
      t.diagnostic(`${dialect}: ${await countRows(db)}`);
    });

    it('lets no promise rejection or internal error escape', () => {
      assert.deepEqual(escaped, []);
      assert.deepEqual([...new Set(target.loggedErrors.map((entry) => `${entry.msg}: ${entry.error.split('\n')[0] ?? ''}`))], []);
    });
  });
}
