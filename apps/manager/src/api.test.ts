import type { AppRouter } from '@kubeop/api';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';

let m: TestManager;

interface Reply {
  status: number;
  body: any; // JSON from the wire, asserted field by field
  headers: Headers;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.stop();
});

describe(`Manager REST /v1 on ${inject('databaseKind')} PostgreSQL`, () => {
  it('serves the walkthrough: tenant, project and app exactly as the requests are written', async () => {
    const tenant = await call('POST', '/v1/tenants', { name: 'acme' });
    expect(tenant.status).toBe(200);
    expect(tenant.body).toMatchObject({ id: expect.any(String), name: 'acme', cluster_id: null, created_at: expect.any(String) });

    const project = await call('POST', '/v1/projects', { tenantID: tenant.body.id, name: 'web' });
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({ tenant_id: tenant.body.id, name: 'web' });

    const app = await call('POST', '/v1/apps', {
      projectID: project.body.id,
      name: 'web',
      image: 'docker.io/library/nginx:1.25',
      host: 'web.local',
    });
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ project_id: project.body.id, name: 'web', image: 'docker.io/library/nginx:1.25', host: 'web.local' });

    expect((await call('GET', `/v1/apps?projectID=${project.body.id}`)).body).toEqual([app.body]);
    expect((await call('GET', `/v1/projects?tenantID=${tenant.body.id}`)).body).toEqual([project.body]);
    expect((await call('GET', `/v1/tenants/${tenant.body.id}`)).body).toEqual(tenant.body);
    expect((await call('GET', `/v1/projects/${project.body.id}`)).body).toEqual(project.body);
    expect((await call('GET', `/v1/apps/${app.body.id}`)).body).toEqual(app.body);
  });

  it('matches request keys case-insensitively, as the upstream did', async () => {
    const tenant = await call('POST', '/v1/tenants', { NAME: 'keys' });
    expect(tenant.status).toBe(200);
    const keys = ['tenantID', 'tenantId', 'TenantID', 'tenantid'];
    for (const [i, key] of keys.entries()) {
      const p = await call('POST', '/v1/projects', { [key]: tenant.body.id, Name: `p${i}` });
      expect(p.status, key).toBe(200);
      expect(p.body.tenant_id).toBe(tenant.body.id);
    }
  });

  it('updates with PUT (replace) and PATCH (merge) on the item and on the collection, answering 204', async () => {
    const t = (await call('POST', '/v1/tenants', { name: 'upd' })).body;
    const p = (await call('POST', '/v1/projects', { tenantID: t.id, name: 'upd' })).body;
    const a = (await call('POST', '/v1/apps', { projectID: p.id, name: 'upd', image: 'nginx:1.25', host: 'a.example.com' })).body;

    expect((await call('PUT', `/v1/tenants/${t.id}`, { name: 'upd2' })).status).toBe(204);
    expect((await call('PATCH', '/v1/tenants', { id: t.id, name: 'upd3' })).status).toBe(204);
    expect((await call('PUT', '/v1/tenants', { ID: t.id, name: 'upd4' })).status).toBe(204);
    expect((await call('GET', `/v1/tenants/${t.id}`)).body.name).toBe('upd4');

    expect((await call('PATCH', `/v1/projects/${p.id}`, { name: 'upd5' })).status).toBe(204);
    expect((await call('GET', `/v1/projects/${p.id}`)).body.name).toBe('upd5');

    expect((await call('PATCH', `/v1/apps/${a.id}`, { image: 'nginx:1.26' })).status).toBe(204);
    expect((await call('GET', `/v1/apps/${a.id}`)).body).toMatchObject({ name: 'upd', image: 'nginx:1.26', host: 'a.example.com' });
    expect((await call('PUT', `/v1/apps/${a.id}`, { name: 'upd' })).status).toBe(204);
    expect((await call('GET', `/v1/apps/${a.id}`)).body).toMatchObject({ name: 'upd', image: null, host: null });
  });

  it('deletes with 204, cascades, and then answers 404', async () => {
    const t = (await call('POST', '/v1/tenants', { name: 'del' })).body;
    const p = (await call('POST', '/v1/projects', { tenantID: t.id, name: 'del' })).body;
    const a = (await call('POST', '/v1/apps', { projectID: p.id, name: 'del' })).body;
    expect((await call('DELETE', `/v1/apps/${a.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/apps/${a.id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/tenants/${t.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/projects/${p.id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/tenants/${t.id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/projects/${p.id}`)).status).toBe(404);
  });

  it('pages lists with limit and X-Next-Cursor, and answers [] when empty', async () => {
    const t = (await call('POST', '/v1/tenants', { name: 'pages' })).body;
    expect((await call('GET', `/v1/projects?tenantID=${t.id}`)).body).toEqual([]);
    for (const name of ['a', 'b', 'c']) await call('POST', '/v1/projects', { tenantID: t.id, name });
    const first = await call('GET', `/v1/projects?tenantID=${t.id}&limit=2`);
    expect(first.body.map((p: { name: string }) => p.name)).toEqual(['c', 'b']);
    const cursor = first.headers.get('x-next-cursor');
    expect(cursor).toBeTruthy();
    const second = await call('GET', `/v1/projects?tenantID=${t.id}&limit=2&cursor=${cursor}`);
    expect(second.body.map((p: { name: string }) => p.name)).toEqual(['a']);
    expect(second.headers.get('x-next-cursor')).toBeNull();
    expect((await call('GET', '/v1/tenants?limit=0')).body).toMatchObject({ error: 'invalid', issues: [{ path: 'limit' }] });
  });

  describe('errors are JSON {error, message, issues} with the right status', () => {
    it('400 for malformed JSON, wrong types, missing and invalid fields, naming the field', async () => {
      const malformed = await call('POST', '/v1/tenants', '{"name":');
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
      expect(malformed.body.error).toBe('invalid');

      const cases: [unknown, string][] = [
        [{ name: 5 }, 'name'],
        [{}, 'name'],
        [{ name: 'Not_A_Label' }, 'name'],
        [{ name: 'x'.repeat(31) }, 'name'],
        [{ name: 'ok', clusterID: 'not-a-uuid' }, 'clusterID'],
      ];
      for (const [body, field] of cases) {
        const r = await call('POST', '/v1/tenants', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body).toMatchObject({ error: 'invalid', message: expect.stringContaining(field) });
        expect(r.body.issues.map((i: { path: string }) => i.path)).toContain(field);
      }
      expect((await call('POST', '/v1/tenants', [1, 2])).status).toBe(400);
      expect((await call('POST', '/v1/tenants', 'null')).status).toBe(400);
      const badImage = await call('POST', '/v1/apps', {
        projectID: '01a21912-19a6-756d-9b87-43d895f38cc4',
        name: 'x',
        image: 'no spaces allowed',
      });
      expect(badImage.status).toBe(400);
      expect(badImage.body.issues[0].path).toBe('image');
    });

    it('404 for unknown and malformed ids, in paths and as parents', async () => {
      const unknown = '01a21912-19a6-756d-9b87-43d895f38cc4';
      for (const path of [`/v1/tenants/${unknown}`, '/v1/tenants/not-a-uuid', '/v1/projects/%27%3B--', `/v1/apps/${unknown}`]) {
        const r = await call('GET', path);
        expect(r.status, path).toBe(404);
        expect(r.body.error).toBe('not found');
      }
      const orphan = await call('POST', '/v1/projects', { tenantID: unknown, name: 'web' });
      expect(orphan.status).toBe(404);
      expect(orphan.body.issues[0].path).toBe('tenantID');
      expect((await call('POST', '/v1/tenants', { name: 'bound', clusterID: unknown })).status).toBe(404);
      expect((await call('PUT', `/v1/tenants/${unknown}`, { name: 'x' })).status).toBe(404);
      expect((await call('GET', '/v1/nothing-here')).status).toBe(404);
    });

    it('409 for duplicate names, and exactly one success among concurrent creates', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/v1/tenants', { name: 'concurrent' })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(9);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({ error: 'conflict', issues: [{ path: 'name' }] });
      const listed = (await call('GET', '/v1/tenants?limit=500')).body.filter((t: { name: string }) => t.name === 'concurrent');
      expect(listed).toHaveLength(1);
    });

    it('413 for bodies over the limit, without storing anything', async () => {
      const big = await call('POST', '/v1/tenants', { name: 'huge', pad: 'x'.repeat(1024 * 1024 + 10) });
      expect(big.status).toBe(413);
      expect(big.body.error).toBe('payload too large');
      expect((await call('GET', '/v1/tenants?limit=500')).body.some((t: { name: string }) => t.name === 'huge')).toBe(false);
    });

    it('415 for bodies that are not JSON', async () => {
      const r = await call('POST', '/v1/tenants', undefined, { 'content-type': 'text/plain' });
      expect(r.status).toBe(415);
      const form = await fetch(`${m.url}/v1/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x',
      });
      expect(form.status).toBe(415);
    });
  });

  it('returns the same entity over tRPC (the SDK path) and REST', async () => {
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${m.url}/trpc` })] });
    const created = await client.tenants.create.mutate({ name: 'via-trpc' });
    const rest = await call('GET', `/v1/tenants/${created.id}`);
    expect(rest.body).toEqual(created);
    const list = await client.tenants.list.query({ limit: 500 });
    expect(list.items).toContainEqual(created);
    const err = await client.tenants.create.mutate({ name: 'via-trpc' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data).toMatchObject({ httpStatus: 409, error: 'conflict', issues: [{ path: 'name' }] });
  });

  it('serves health, readiness, version and metrics by route template', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/readyz')).body).toEqual({ status: 'ok' });
    expect((await call('GET', '/version')).body).toEqual({
      service: 'manager',
      version: expect.any(String),
      gitCommit: expect.any(String),
      buildDate: expect.any(String),
      node: process.version,
    });
    const t = (await call('POST', '/v1/tenants', { name: 'metrics' })).body;
    await call('GET', `/v1/tenants/${t.id}`);
    const metrics = await call('GET', '/metrics');
    expect(metrics.body).toContain('kubeop_http_requests_total{method="GET",route="/v1/tenants/:id",status_code="200"}');
    expect(metrics.body).not.toContain(t.id);
    expect(metrics.body).toContain('process_resident_memory_bytes');
  });

  it('answers with its own request id, also when the caller sent one (logged beside it, see edges.test.ts)', async () => {
    expect((await call('GET', '/healthz', undefined, { 'x-request-id': 'abc-123' })).headers.get('x-request-id')).toMatch(
      /^[0-9a-f-]{36}$/,
    );
    expect((await call('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
