import { appRouter, restRoutes } from '@kubeop/api';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';

// a JSON document, asserted field by field
type Doc = Record<string, any>;
let m: TestManager;
beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.stop();
});

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    const doc = (await (await fetch(`${m.url}/openapi.json`)).json()) as Doc;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
  });

  it('lists every /v1 route with request and response schemas', async () => {
    const doc = (await (await fetch(`${m.url}/openapi.json`)).json()) as Doc;
    const routes = restRoutes(appRouter);
    expect(routes.length).toBeGreaterThanOrEqual(24);
    for (const r of routes) {
      const op = doc.paths[`/v1${r.path}`]?.[r.method.toLowerCase()];
      expect(op, `${r.method} /v1${r.path}`).toBeDefined();
      const success = op.responses[String(r.successStatus)];
      expect(success, `${r.method} /v1${r.path} ${r.successStatus}`).toBeDefined();
      if (r.successStatus === 200) expect(success.content['application/json'].schema).toBeDefined();
      if (['POST', 'PUT', 'PATCH'].includes(r.method)) expect(op.requestBody.content['application/json'].schema).toBeDefined();
      for (const status of ['400', '415', '421', '503']) {
        expect(op.responses[status]?.content['application/json'].schema, `${r.method} /v1${r.path} ${status}`).toBeDefined();
      }
      expect(op.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
      // POST, PUT and PATCH take from the query only what the document declares there.
      const inQuery = (op.parameters ?? []).filter((p: Doc) => p.in === 'query').map((p: Doc) => p.name);
      if (r.hasBody) expect(inQuery, `${r.method} /v1${r.path}`).toEqual([...r.queryKeys]);
    }
    // The readiness route answers 503 with {ready:false, details} (as the upstream did) or an error.
    const notReady = doc.paths['/v1/clusters/{id}/ready'].get.responses['503'].content['application/json'].schema;
    expect(notReady.anyOf).toHaveLength(2);
    expect(doc.paths['/v1/platform/bootstrap'].post.requestBody.required).toBe(false);
    for (const ops of ['/healthz', '/readyz', '/version', '/metrics', '/.well-known/jwks.json']) expect(doc.paths[ops]).toBeDefined();
    // the token routes are documented with their upstream key spelling
    expect(doc.paths['/v1/jwt/project'].post.requestBody.content['application/json'].schema.required).toEqual(['ProjectID']);
    expect(doc.paths['/v1/jwt/{jti}'].delete).toBeDefined();
    // /version documents what it answers, the runtime included.
    const version = doc.paths['/version'].get.responses['200'].content['application/json'].schema;
    expect(version.required).toEqual(expect.arrayContaining(['service', 'version', 'gitCommit', 'buildDate', 'node']));
    const served = (await (await fetch(`${m.url}/version`)).json()) as Doc;
    expect(Object.keys(served).sort()).toEqual(Object.keys(version.properties).sort());
    expect(served.node).toBe(process.version);
    // Lists are bare arrays over REST, with the cursor in a header.
    expect(doc.paths['/v1/tenants'].get.responses['200'].content['application/json'].schema.type).toBe('array');
  });

  it('serves an interactive API reference at /docs', async () => {
    const res = await fetch(`${m.url}/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });
});
