import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from './root.js';
import { restRoutes, type RestRoute } from './rest.js';

type Json = Record<string, unknown>;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'Short error code, e.g. `invalid`, `not found`, `conflict`' },
    message: { type: 'string', description: 'A human sentence' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', description: 'The offending field' }, message: { type: 'string' } },
      },
    },
  },
};

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid input; `issues` names the fields',
  '401': 'Missing or invalid token (when auth is required)',
  '403': 'Forbidden by role or scope, or a state-changing request from a page of another origin',
  '404': 'Not found',
  '409': 'Conflicts with existing data (e.g. a duplicate name)',
  '413': 'Request body too large',
  '415': 'The body is not JSON (send `Content-Type: application/json`), or missing where the operation takes one',
  '421': 'The `Host` header names a host this Manager does not serve (see `KUBEOP_ALLOWED_HOSTS`)',
  '502': 'For operations on a cluster: its API server refused the request (method, path, status and reason)',
  '503': 'The database is unavailable; or, for operations on a cluster, its API server is unreachable',
  '500': 'Internal error (a bug); logged with the request id',
};

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const OPS_PATHS: Json = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      tags: ['ops'],
      summary: 'Liveness',
      security: [],
      responses: {
        '200': {
          description: 'Alive',
          content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string' } } } } },
        },
      },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      tags: ['ops'],
      summary: 'Readiness: 503 while the database is unreachable',
      security: [],
      responses: {
        '200': {
          description: 'Ready',
          content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string' } } } } },
        },
        '503': errorResponse('Not ready'),
      },
    },
  },
  '/version': {
    get: {
      operationId: 'version',
      tags: ['ops'],
      summary: 'Build information and the Node.js runtime',
      security: [],
      responses: {
        '200': {
          description: 'Version',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['service', 'version', 'gitCommit', 'buildDate', 'node'],
                properties: {
                  service: { type: 'string' },
                  version: { type: 'string' },
                  gitCommit: { type: 'string' },
                  buildDate: { type: 'string' },
                  node: { type: 'string', description: 'the Node.js runtime (`process.version`)', example: 'v24.21.0' },
                },
              },
            },
          },
        },
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      tags: ['ops'],
      summary: 'Prometheus metrics',
      security: [],
      responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      operationId: 'jwks',
      tags: ['ops'],
      summary: 'Public keys (JWKS) that verify the tokens this Manager issues, earlier keys still accepted included',
      security: [],
      responses: {
        '200': {
          description: 'A JSON Web Key Set of Ed25519 public keys (`kty` OKP, `crv` Ed25519, `x`, `kid`)',
          content: {
            'application/jwk-set+json': {
              schema: {
                type: 'object',
                required: ['keys'],
                properties: {
                  keys: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['kty', 'crv', 'x', 'kid'],
                      properties: {
                        kty: { type: 'string' },
                        crv: { type: 'string' },
                        x: { type: 'string' },
                        kid: { type: 'string' },
                        alg: { type: 'string' },
                        use: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Header inputs, bare-array bodies and CSV answers (`meta.headers`, `meta.body`, `meta.csv`). */
function documentRestExtras(route: RestRoute, op: Json): void {
  const body = op.requestBody as { required?: boolean; content: { 'application/json': { schema: Json } } } | undefined;
  const schema = body?.content['application/json'].schema as { properties?: Record<string, Json>; required?: string[] } | undefined;
  const parameters = ((op.parameters ?? []) as Json[]).filter((p) => !(p.in === 'query' && route.headerKeys.has(String(p.name))));
  for (const [field, header] of route.headerKeys) {
    const fieldSchema = (schema?.properties?.[field] ?? { type: 'string' }) as Json;
    const name = header.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    parameters.push({ name, in: 'header', required: false, description: fieldSchema.description, schema: { type: 'string' } });
    if (schema?.properties) delete schema.properties[field];
    if (schema?.required) schema.required = schema.required.filter((r) => r !== field);
  }
  if (route.headerKeys.size) op.parameters = parameters;
  if (route.bodyField !== null && body && schema?.properties) {
    body.content['application/json'].schema = schema.properties[route.bodyField]!;
    body.required = true;
  }
  if (route.csv) {
    const ok = (op.responses as Record<string, { content: Record<string, Json> }>)['200']!;
    ok.content['text/csv'] = { schema: { type: 'string', description: 'The same as CSV (`?format=csv` or `Accept: text/csv`)' } };
  }
}

/**
 * The OpenAPI 3.1 document for every route: generated from the router by trpc-to-openapi, then
 * adjusted to what the server really answers (204s, bare list arrays with `X-Next-Cursor`, one error
 * schema) and completed with the ops endpoints.
 */
export function openApiDocument(opts: { version: string; serverUrl?: string }): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'kubeOP Manager API',
    description:
      'Multi-tenant application platform for Kubernetes. Every operation is also a tRPC procedure at /trpc. ' +
      'Request keys are matched case-insensitively; responses use snake_case keys.',
    version: opts.version,
    baseUrl: opts.serverUrl ?? '/',
  });
  const routes = new Map(restRoutes(appRouter).map((r) => [`${r.method.toLowerCase()} ${r.path}`, r]));
  const paths: Json = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      const route = routes.get(`${method} ${path}`);
      const responses = op.responses as Record<string, Json>;
      for (const status of Object.keys(responses)) if (Number(status) >= 400) delete responses[status];
      for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = errorResponse(description);
      if (route?.successStatus === 204) {
        delete responses['200'];
        responses['204'] = { description: 'Done; no body' };
      }
      if (route && route.hasBody && route.queryKeys.size) {
        // Fields also accepted as query parameters (`?clusterID=`): then the body may be left out.
        const body = op.requestBody as { required?: boolean; content: { 'application/json': { schema: Json } } };
        const schema = body.content['application/json'].schema as { properties?: Record<string, Json>; required?: string[] };
        const parameters = (op.parameters ?? []) as Json[];
        for (const name of route.queryKeys) {
          parameters.push({
            name,
            in: 'query',
            required: false,
            description: `Also accepted in the body (which wins); one of the two is required`,
            schema: schema.properties?.[name] ?? { type: 'string' },
          });
          if (schema.required) schema.required = schema.required.filter((r) => r !== name);
          if (schema.required?.length === 0) delete schema.required;
        }
        op.parameters = parameters;
        body.required = false;
      }
      if (route) documentRestExtras(route, op);
      if (route?.readiness) {
        const ok = responses['200'] as { content: { 'application/json': { schema: Json } } };
        responses['503'] = {
          description: 'Not ready: `{"ready": false, "details": {…}}`; or the database is unavailable (an error body)',
          content: {
            'application/json': { schema: { anyOf: [ok.content['application/json'].schema, { $ref: '#/components/schemas/Error' }] } },
          },
        };
      }
      if (route?.list) {
        const ok = responses['200'] as { headers?: Json; content: { 'application/json': { schema: { properties: { items: Json } } } } };
        ok.content['application/json'].schema = ok.content['application/json'].schema.properties.items as never;
        ok.headers = {
          'X-Next-Cursor': { description: 'Present when more items follow: pass it as `cursor`', schema: { type: 'string' } },
        };
      }
    }
    paths[`/v1${path}`] = item;
  }
  // The Host check answers before any route, the ops endpoints included.
  for (const item of Object.values(OPS_PATHS) as { get: { responses: Json } }[])
    item.get.responses['421'] = errorResponse(ERROR_STATUSES['421']!);
  doc.paths = { ...OPS_PATHS, ...paths } as OpenAPIObject['paths'];
  const schemas = (doc.components?.schemas ?? {}) as Json;
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  schemas.Error = ERROR_SCHEMA;
  doc.components = { ...doc.components, schemas: schemas as never };
  return doc;
}
