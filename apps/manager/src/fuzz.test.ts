import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';

/**
 * Property-based fuzzing of every /v1 operation of `/openapi.json`, on a real Manager and database:
 * requests valid per the document, and ones with a field of the wrong type, size, encoding or case,
 * unknown fields, huge arrays, deep nesting, duplicate keys in different case, broken JSON, wrong
 * content types, foreign hosts. Whatever comes in: never a 5xx, every status is one the operation
 * documents, and every body validates against the documented schema of that status.
 *
 * Reproduce a failure with the seed fast-check prints: `KUBEOP_FUZZ_SEED=<seed> pnpm vitest run …`.
 * `KUBEOP_FUZZ_RUNS` changes the number of requests (default 5,000 per database).
 */

type Json = Record<string, any>; // a JSON (Schema) document, walked field by field
interface Operation {
  [fc.toStringMethod]: () => string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  op: Json;
  query: Json[];
  body: Json | undefined;
}
interface FuzzRequest {
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const RUNS = Number(process.env.KUBEOP_FUZZ_RUNS ?? 5000);
const SEED = process.env.KUBEOP_FUZZ_SEED ? Number(process.env.KUBEOP_FUZZ_SEED) : undefined;
const BODY_LIMIT = 64 * 1024;

let m: TestManager;
let doc: Json;
type Kind = 'tenants' | 'projects' | 'apps' | 'clusters';
/** Ids of existing rows by kind; rows created by generated requests join them. */
const ids: Record<Kind, string[]> = { tenants: [], projects: [], apps: [], clusters: [] };
/** Rows of each kind made before the run (two tenants, projects and apps; one cluster). */
const SEEDED = 2;
const validators = new Map<string, ValidateFunction>();

/** A kubeconfig that parses but points at a closed loopback port (never anywhere else). */
const LOOPBACK_KUBECONFIG = Buffer.from(
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: u, user: {token: fuzz}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
  ].join('\n'),
).toString('base64');

beforeAll(async () => {
  m = await startTestManager({ KUBEOP_BODY_LIMIT_BYTES: String(BODY_LIMIT), KUBEOP_CLUSTER_TIMEOUT_MS: '500' });
  const app = m.server.app;
  doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  // Existing entities, so that generated requests also reach rows (and update, bind and delete them).
  for (const t of ['fuzz-a', 'fuzz-b']) {
    const tenant = (await app.inject({ method: 'POST', url: '/v1/tenants', payload: { name: t } })).json();
    const project = (await app.inject({ method: 'POST', url: '/v1/projects', payload: { tenantID: tenant.id, name: 'p' } })).json();
    const a = (await app.inject({ method: 'POST', url: '/v1/apps', payload: { projectID: project.id, name: 'a' } })).json();
    ids.tenants.push(tenant.id);
    ids.projects.push(project.id);
    ids.apps.push(a.id);
  }
  const cluster = await app.inject({ method: 'POST', url: '/v1/clusters', payload: { name: 'fuzz', kubeconfig: LOOPBACK_KUBECONFIG } });
  if (cluster.statusCode === 200) ids.clusters.push(cluster.json().id);
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      for (const [status, response] of Object.entries((op as Json).responses as Json)) {
        const schema = (response as Json).content?.['application/json']?.schema;
        if (!schema) continue;
        const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
        validators.set(`${method} ${path} ${status}`, ajv.compile(rebased));
      }
    }
  }
}, 60_000);
afterAll(async () => {
  await m?.stop();
});

const deref = (s: Json): Json =>
  s.$ref
    ? deref(
        s.$ref
          .split('/')
          .slice(1)
          .reduce((o: Json, k: string) => o[k], doc),
      )
    : s;

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!path.startsWith('/v1/')) continue;
    for (const [method, op] of Object.entries(item as Json)) {
      ops.push({
        [fc.toStringMethod]: () => `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        op,
        query: ((op as Json).parameters ?? []).filter((p: Json) => p.in === 'query'),
        body: (op as Json).requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------- values

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point, lone surrogates included
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'null',
    'undefined',
    '-1',
    '1e309',
    'NaN',
    '🦄',
    'A'.repeat(300),
    '%',
    '%zz',
    '../..',
    "'; --",
    '\u202e',
  ),
);
const anyUuid = fc.oneof(fc.uuid(), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'));
// Picked when the request is generated, so rows created by earlier requests are reached too.
// DELETE only reaches rows generated requests created: the seeded ones (and their children) stay.
const knownId = (kind: Kind, deleting: boolean): fc.Arbitrary<string> =>
  fc.nat().map((i) => {
    const from = deleting ? Math.min(SEEDED, ids[kind].length) : 0;
    return ids[kind][from + (i % Math.max(1, ids[kind].length - from))] ?? '00000000-0000-0000-0000-000000000000';
  });
const idValue = (kind: Kind, deleting = false): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: knownId(kind, deleting) }, { weight: 1, arbitrary: anyUuid }, { weight: 1, arbitrary: junkString });
const kindOf = (field: string, path: string): Kind => {
  const f = field.toLowerCase();
  if (f === 'tenantid') return 'tenants';
  if (f === 'projectid') return 'projects';
  if (f === 'clusterid') return 'clusters';
  if (path.startsWith('/v1/kubeconfigs/project/')) return 'projects';
  const top = path.split('/')[2];
  return top === 'tenants' || top === 'projects' || top === 'apps' ? top : 'clusters';
};
const kubeconfigValue = fc.oneof(
  fc.base64String({ maxLength: 200 }),
  fc.string({ maxLength: 50 }),
  fc.constant(LOOPBACK_KUBECONFIG),
  fc.constant(Buffer.from('apiVersion: v1\nkind: Config\nclusters: []').toString('base64')),
);

function pattern(re: string, min: number, max: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(re)).filter((s) => s.length >= min && s.length <= max);
  } catch {
    return fc.string({ minLength: min, maxLength: max });
  }
}

/** Values that the schema allows (more or less: names may collide, ids may not exist). */
function valid(schemaIn: Json, name = '', path = ''): fc.Arbitrary<unknown> {
  const schema = deref(schemaIn);
  const key = name.toLowerCase();
  if (key === 'kubeconfig') return kubeconfigValue;
  if (key === 'id' || key.endsWith('id')) return idValue(kindOf(key, path));
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Json) => valid(s, name, path)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type : [schema.type];
  return fc.oneof(
    ...type.map((t: string): fc.Arbitrary<unknown> => {
      switch (t) {
        case 'string':
          return schema.pattern
            ? pattern(schema.pattern, schema.minLength ?? 0, schema.maxLength ?? 100)
            : fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
        case 'integer':
          return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
        case 'number':
          return fc.double({ noNaN: true, noDefaultInfinity: true });
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(valid(schema.items ?? {}), { maxLength: 3 });
        case 'object':
          return validObject(schema, path);
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    }),
  );
}

function validObject(schema: Json, path: string): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries((schema.properties ?? {}) as Json);
  const shape = Object.fromEntries(props.map(([k, s]) => [k, valid(s, k, path)]));
  return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k: string) => k in shape) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** A value of another type, size, encoding or shape than the schema says. */
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  junkString,
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.array(fc.integer(), { minLength: 0, maxLength: 5 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)), // huge array
  fc.integer({ min: 10, max: 3000 }).map((depth) => {
    let v: unknown = 'deep'; // deep nesting
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e300, 0.5),
);

const recase = (k: string, how: number): string =>
  how === 0 ? k.toUpperCase() : how === 1 ? k.toLowerCase() : [...k].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');

// ---------------------------------------------------------------- requests

function pathOf(op: Operation, id: string): string {
  return `${op.path.replace(/\{\w+\}/g, () => encodeURIComponent(id))}`;
}

function queryString(entries: [string, unknown][]): string {
  if (!entries.length) return '';
  return `?${entries
    .map(
      ([k, v]) => `${encodeURIComponent(k)}=${typeof v === 'string' && v.startsWith('%raw:') ? v.slice(5) : encodeURIComponent(String(v))}`,
    )
    .join('&')}`;
}

/** The body of a request: valid per the document, or mutated in one of many ways. */
function bodyOf(schema: Json, path: string): fc.Arbitrary<{ kind: string; payload: string | Buffer; contentType?: string }> {
  const base = validObject(deref(schema), path);
  const json = (kind: string, a: fc.Arbitrary<unknown>) => a.map((v) => ({ kind, payload: JSON.stringify(v) }));
  const keys = Object.keys(deref(schema).properties ?? {});
  const field = keys.length ? fc.constantFrom(...keys) : fc.constant('name');
  return fc.oneof(
    { weight: 6, arbitrary: json('valid', base) },
    {
      weight: 2,
      arbitrary: json(
        'recased keys',
        fc.tuple(base, fc.nat(2)).map(([b, how]) => Object.fromEntries(Object.entries(b).map(([k, v]) => [recase(k, how), v]))),
      ),
    },
    {
      weight: 4,
      arbitrary: json(
        'wrong field',
        fc.tuple(base, field, wrong).map(([b, k, v]) => ({ ...b, [k]: v })),
      ),
    },
    {
      weight: 1,
      arbitrary: json(
        'missing field',
        fc.tuple(base, field).map(([b, k]) => Object.fromEntries(Object.entries(b).filter(([x]) => x !== k))),
      ),
    },
    {
      weight: 1,
      arbitrary: json(
        'recased values',
        fc
          .tuple(base, fc.nat(2))
          .map(([b, how]) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? recase(v, how) : v]))),
      ),
    },
    {
      weight: 2,
      arbitrary: json(
        'unknown fields',
        fc
          .tuple(base, fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }))
          .map(([b, extra]) => ({ ...extra, ...b })),
      ),
    },
    {
      weight: 1,
      arbitrary: json(
        'not an object',
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
          wrong,
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(base, field, fc.nat(2), valid({ type: 'string' })).map(([b, k, how, v]) => {
        // The same key twice, in different case: `{"name":"a","NAME":"b"}`.
        const text = JSON.stringify(b);
        const dup = `${JSON.stringify(recase(k, how))}:${JSON.stringify(v)}`;
        return { kind: 'duplicate keys', payload: text === '{}' ? `{${dup}}` : `${text.slice(0, -1)},${dup}}` };
      }),
    },
    {
      weight: 1,
      arbitrary: json(
        'prototype keys',
        base.map((b) =>
          JSON.parse(`{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(b).slice(1)}`.replace(/,}$/, '}')),
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(base, fc.nat(), fc.constantFrom('', '}', ']', ',', 'x', '\u0000', '"')).map(([b, cut, tail]) => {
        const text = JSON.stringify(b);
        return { kind: 'broken JSON', payload: text.slice(0, cut % Math.max(1, text.length)) + tail };
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes', payload: Buffer.from(bytes) })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'over the limit', payload: JSON.stringify({ name: 'x', pad: 'x'.repeat(BODY_LIMIT) }) }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/jsonx',
            'application/vnd.api+json',
            'json',
            '',
            'application/json; charset=utf-16',
            'Application/JSON',
            'application/json; charset=utf-8',
            'application/json;;',
          ),
        )
        .map(([b, contentType]) => ({ kind: `content type ${JSON.stringify(contentType)}`, payload: JSON.stringify(b), contentType })),
    },
  );
}

function requestOf(op: Operation): fc.Arbitrary<FuzzRequest> {
  const queryValid = fc.tuple(
    ...op.query.map((p) =>
      fc.option(
        valid(p.schema ?? {}, p.name, op.path).map((v) => [p.name, v] as [string, unknown]),
        { nil: undefined },
      ),
    ),
  );
  const query = fc.oneof(
    { weight: 5, arbitrary: queryValid.map((q) => q.filter((e): e is [string, unknown] => e !== undefined)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          queryValid,
          fc.array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...op.query.map((p) => p.name as string), 'name', 'id'), fc.string({ maxLength: 8 })),
              fc.oneof(
                wrong.map((w) => (typeof w === 'string' ? w : JSON.stringify(w))),
                fc.constantFrom('%raw:%zz', '%raw:%', '%raw:%00', '%raw:a[b]=c', '%raw:'),
              ),
            ),
            { maxLength: 4 },
          ),
          fc.nat(2),
        )
        .map(([q, extra, how]) => [
          ...q.filter((e): e is [string, unknown] => e !== undefined).map(([k, v]) => [recase(k, how), v] as [string, unknown]),
          ...extra,
        ]),
    },
  );
  // (An empty id would make another route: `/v1/apps/` is `/v1/apps`.)
  const id = fc
    .oneof(
      { weight: 6, arbitrary: idValue(kindOf('id', op.path), op.method === 'DELETE') },
      { weight: 1, arbitrary: wrong.map((w) => (typeof w === 'string' ? w : JSON.stringify(w)).slice(0, 6000)) },
    )
    .filter((v) => v !== '');
  const host = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('localhost:18080', '127.0.0.1:18080', '[::1]') },
    { weight: 1, arbitrary: fc.constantFrom('evil.example', 'localhost.evil.example:18080') },
  );
  const hasBody = op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH';
  const body = hasBody && op.body ? fc.option(bodyOf(op.body, op.path), { freq: 12, nil: undefined }) : fc.constant(undefined);
  const requestId = fc.option(junkString, { freq: 4, nil: undefined });
  return fc.tuple(id, query, body, host, requestId).map(([idv, q, b, h, rid]) => {
    const headers: Record<string, string> = { host: h };
    if (rid !== undefined && /^[\t\x20-\x7e]*$/.test(rid)) headers['x-request-id'] = rid;
    if (b && b.contentType !== '') headers['content-type'] = b.contentType ?? 'application/json';
    const kind = [b ? b.kind : hasBody ? 'no body' : 'query', h.includes('evil') ? 'foreign host' : ''].filter(Boolean).join(', ');
    return { kind, method: op.method, url: pathOf(op, idv) + queryString(q), headers, ...(b ? { payload: b.payload } : {}) };
  });
}

// ---------------------------------------------------------------- the property

describe(`fuzzing every /v1 operation of /openapi.json on ${inject('databaseKind')} PostgreSQL`, () => {
  it(`answers ${RUNS} generated requests with documented statuses and bodies, never a 5xx`, async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(30);
    const byOp = fc.oneof(...ops.map((op) => requestOf(op).map((req) => ({ op, req }))));
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(byOp, async ({ op, req }) => {
        const res = await m.server.app.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: req.headers,
          ...(req.payload !== undefined ? { payload: req.payload } : {}),
        });
        const status = String(res.statusCode);
        if (res.statusCode === 200 && req.method === 'POST') {
          const kind = op.path.split('/')[2] as Kind;
          const id = (res.json() as { id?: unknown }).id;
          if (kind in ids && typeof id === 'string') ids[kind].push(id);
        }
        if (res.statusCode === 204 && req.method === 'DELETE') {
          const kind = op.path.split('/')[2] as Kind;
          const gone = req.url.split('?')[0]!.split('/')[3] ?? '';
          if (kind in ids) ids[kind] = ids[kind].filter((x) => x !== gone);
        }
        const where = `${req.method} ${req.url.slice(0, 200)} [${req.kind}] → ${status} ${res.body.slice(0, 300)}`;
        seen.set(status, (seen.get(status) ?? 0) + 1);
        // 503 is for an unavailable database (never, here), or from operations on a cluster when the
        // cluster is unreachable (the fuzzer registers one on a closed loopback port) or not ready.
        const onCluster =
          op.path.startsWith('/v1/platform/') || op.path.startsWith('/v1/kubeconfigs/') || /^\/v1\/clusters\/\{id\}\//.test(op.path);
        if (res.statusCode >= 500 && !(res.statusCode === 503 && onCluster)) throw new Error(`server error: ${where}`);
        if (req.headers.host!.includes('evil') && res.statusCode !== 421) throw new Error(`foreign host served: ${where}`);
        // Not JSON: refused as such (415), or earlier for the URL (too long or malformed id, foreign host); never read.
        const notJson = req.kind.startsWith('content type') && !/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '');
        if (notJson && ![415, 421, 404, 400].includes(res.statusCode)) throw new Error(`non-JSON body accepted: ${where}`);
        if (!op.op.responses[status]) throw new Error(`undocumented status: ${where}`);
        if (res.statusCode === 204) {
          if (res.body !== '') throw new Error(`204 with a body: ${where}`);
          return;
        }
        if (!/^application\/json/.test(String(res.headers['content-type']))) throw new Error(`not JSON: ${where}`);
        const validate = validators.get(`${req.method.toLowerCase()} ${op.path} ${status}`);
        if (!validate) throw new Error(`no schema documented: ${where}`);
        if (!validate(res.json())) throw new Error(`body does not match the document: ${where}\n${JSON.stringify(validate.errors)}`);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: false },
    );
    // The generator must reach the procedures and not only bounce off the edges.
    expect(seen.get('200') ?? 0, JSON.stringify(Object.fromEntries(seen))).toBeGreaterThan(RUNS / 20);
    expect(seen.get('400') ?? 0).toBeGreaterThan(RUNS / 20);
    expect(seen.get('404') ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
