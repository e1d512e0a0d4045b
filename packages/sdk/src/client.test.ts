import { describe, expect, it } from 'vitest';
import { createKubeopClient } from './client.js';
import { isKubeopApiError, KubeopApiError } from './errors.js';
import { collect } from './pagination.js';

/** A fake fetch: records every request, answers with `respond`. */
function fakeFetch(respond: (req: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    requests.push(req.clone());
    return respond(req);
  };
  return { fetch, requests };
}

const json = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), { status: 200, ...init, headers: { 'content-type': 'application/json', ...init.headers } });

const TENANT = {
  id: '0190a3d2-0000-7000-8000-000000000001',
  name: 'acme',
  cluster_id: null,
  sync: { state: 'none', error: null, generation: 1, synced_generation: 0, synced_at: null },
  created_at: '2026-12-01T00:00:00Z',
  updated_at: '2026-12-01T00:00:00Z',
};

describe('createKubeopClient', () => {
  it('sends the bearer token, the base URL without a trailing slash, and extra headers', async () => {
    const { fetch, requests } = fakeFetch(() => json(TENANT));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test:18080/', token: 't0k', fetch, headers: { 'x-extra': '1' } });
    await expect(kubeop.tenants.get(TENANT.id)).resolves.toEqual(TENANT);
    expect(requests[0]!.url).toBe(`http://mgr.test:18080/v1/tenants/${TENANT.id}`);
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer t0k');
    expect(requests[0]!.headers.get('x-extra')).toBe('1');
  });

  it('asks a token function before every request, and sends no Authorization without a token', async () => {
    let n = 0;
    const { fetch, requests } = fakeFetch(() => json(TENANT));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', token: async () => `t${++n}`, fetch });
    await kubeop.tenants.get(TENANT.id);
    await kubeop.tenants.get(TENANT.id);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
    const anon = fakeFetch(() => json(TENANT));
    await createKubeopClient({ baseUrl: 'http://mgr.test', fetch: anon.fetch }).tenants.get(TENANT.id);
    expect(anon.requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('sends JSON bodies and resolves 204 answers with undefined', async () => {
    const { fetch, requests } = fakeFetch((req) => (req.method === 'POST' ? json(TENANT) : new Response(null, { status: 204 })));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    await kubeop.tenants.create({ name: 'acme' });
    await expect(kubeop.tenants.update(TENANT.id, { name: 'acme2' })).resolves.toBeUndefined();
    await expect(kubeop.tenants.delete(TENANT.id)).resolves.toBeUndefined();
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /v1/tenants',
      `PATCH /v1/tenants/${TENANT.id}`,
      `DELETE /v1/tenants/${TENANT.id}`,
    ]);
    expect(requests[0]!.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]!.json()).toEqual({ name: 'acme' });
    expect(await requests[1]!.json()).toEqual({ name: 'acme2' });
  });
});

describe('errors', () => {
  it('maps the error body, the request id and the issues to a KubeopApiError', async () => {
    const body = { error: 'invalid', message: 'Input validation failed', issues: [{ path: 'name', message: 'must be a DNS-1123 label' }] };
    const { fetch } = fakeFetch(() => json(body, { status: 400, headers: { 'x-request-id': 'req-1' } }));
    const err = await createKubeopClient({ baseUrl: 'http://mgr.test', fetch })
      .tenants.create({ name: 'Not A Name' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeopApiError);
    expect(err).toBeInstanceOf(Error);
    expect(isKubeopApiError(err)).toBe(true);
    expect(err).toMatchObject({
      name: 'KubeopApiError',
      status: 400,
      error: 'invalid',
      message: 'Input validation failed',
      issues: [{ path: 'name', message: 'must be a DNS-1123 label' }],
      requestId: 'req-1',
      body,
    });
  });

  it('keeps the WWW-Authenticate challenge of a 401', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        { error: 'unauthorized', message: 'invalid token: token expired' },
        { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
      ),
    );
    const err = await createKubeopClient({ baseUrl: 'http://mgr.test', fetch, token: 'old' })
      .tenants.list()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, error: 'unauthorized', issues: [], wwwAuthenticate: 'Bearer error="invalid_token"' });
    expect(err).toHaveProperty('requestId', undefined);
  });

  it('describes an answer that is not the Manager error body', async () => {
    const { fetch } = fakeFetch(() => new Response('upstream timed out', { status: 504, statusText: 'Gateway Timeout' }));
    const err = await createKubeopClient({ baseUrl: 'http://mgr.test', fetch })
      .tenants.get(TENANT.id)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 504, error: 'gateway timeout', message: 'Gateway Timeout: upstream timed out', issues: [] });
    const empty = fakeFetch(() => new Response(null, { status: 404 }));
    const err2 = await createKubeopClient({ baseUrl: 'http://mgr.test', fetch: empty.fetch })
      .tenants.delete(TENANT.id)
      .catch((e: unknown) => e);
    expect(err2).toMatchObject({ status: 404, message: 'HTTP 404' });
  });

  it('lets network errors through unchanged', async () => {
    const failure = new TypeError('fetch failed');
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch: () => Promise.reject(failure) });
    await expect(kubeop.tenants.list()).rejects.toBe(failure);
  });
});

describe('pagination', () => {
  /** 7 tenants served 3 at a time, cursor = index of the next one. */
  const ALL = Array.from({ length: 7 }, (_, i) => ({ ...TENANT, name: `t${i}` }));
  const pages = () =>
    fakeFetch((req) => {
      const url = new URL(req.url);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 3);
      const next = start + limit < ALL.length ? String(start + limit) : undefined;
      return json(ALL.slice(start, start + limit), { headers: next ? { 'x-next-cursor': next } : {} });
    });

  it('answers a page with the cursor of X-Next-Cursor', async () => {
    const { fetch, requests } = pages();
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    const first = await kubeop.tenants.list({ limit: 3 });
    expect(first).toEqual({ items: ALL.slice(0, 3), nextCursor: '3' });
    const last = await kubeop.tenants.list({ limit: 3, cursor: '6' });
    expect(last).toEqual({ items: ALL.slice(6), nextCursor: null });
    expect(new URL(requests[1]!.url).search).toBe('?limit=3&cursor=6');
  });

  it('listAll follows the cursor over every page, lazily', async () => {
    const { fetch, requests } = pages();
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    expect((await collect(kubeop.tenants.listAll({ limit: 3 }))).map((t) => t.name)).toEqual(ALL.map((t) => t.name));
    expect(requests.map((r) => new URL(r.url).search)).toEqual(['?limit=3', '?limit=3&cursor=3', '?limit=3&cursor=6']);
    requests.length = 0;
    for await (const t of kubeop.tenants.listAll({ limit: 3 })) if (t.name === 't1') break;
    expect(requests).toHaveLength(1);
  });

  it('passes list filters (projects of a tenant, apps of a project, tokens)', async () => {
    const { fetch, requests } = fakeFetch(() => json([]));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    await kubeop.projects.list({ tenantID: 'T' });
    await collect(kubeop.apps.listAll({ projectID: 'P' }));
    await kubeop.tokens.list({ projectID: 'P', limit: 5 });
    expect(requests.map((r) => r.url.replace('http://mgr.test', ''))).toEqual([
      '/v1/projects?tenantID=T',
      '/v1/apps?projectID=P',
      '/v1/jwt?projectID=P&limit=5',
    ]);
  });
});

describe('operations', () => {
  it('usage.ingest sends the samples as the body and the Idempotency-Key header', async () => {
    const { fetch, requests } = fakeFetch(() => json({ status: 'ok', accepted: 1, duplicates: 0 }));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    const sample = { ts: '2026-12-01T10:00:00Z', tenant_id: TENANT.id, cpu_milli: 500, mem_mib: 1024 };
    await expect(kubeop.usage.ingest([sample], { idempotencyKey: 'batch-1' })).resolves.toEqual({
      status: 'ok',
      accepted: 1,
      duplicates: 0,
    });
    await kubeop.usage.ingest([sample]);
    expect(requests[0]!.headers.get('idempotency-key')).toBe('batch-1');
    expect(requests[1]!.headers.has('idempotency-key')).toBe(false);
    expect(await requests[0]!.json()).toEqual([sample]);
  });

  it('invoices: JSON by default, CSV as text, periods and ranges in the query', async () => {
    const csv = 'kind,ts,tenant_id,cpu_milli,mem_mib,cost\nline,2026-11-01T00:00:00Z,x,1,1,0.01\n';
    const { fetch, requests } = fakeFetch((req) =>
      new URL(req.url).searchParams.get('format') === 'csv'
        ? new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } })
        : json({ tenant_id: TENANT.id, period: '2026-11' }),
    );
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    await expect(kubeop.invoices.get(TENANT.id, { period: '2026-11' })).resolves.toMatchObject({ period: '2026-11' });
    await expect(kubeop.invoices.getCsv(TENANT.id, { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' })).resolves.toBe(csv);
    await kubeop.invoices.close(TENANT.id, '2026-11');
    expect(requests.map((r) => `${r.method} ${r.url.replace('http://mgr.test', '')}`)).toEqual([
      `GET /v1/invoices/${TENANT.id}?period=2026-11&format=json`,
      `GET /v1/invoices/${TENANT.id}?from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z&format=csv`,
      `POST /v1/invoices/${TENANT.id}/close`,
    ]);
    expect(requests[1]!.headers.get('accept')).toBe('text/csv');
    expect(await requests[2]!.json()).toEqual({ period: '2026-11' });
  });

  it('tokens.issueProject sends the keys of the document (ProjectID, TTLMinutes)', async () => {
    const { fetch, requests } = fakeFetch(() => json({ token: 'jwt', expires_at: '2026-12-01T01:00:00Z', jti: 'j' }));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    await kubeop.tokens.issueProject({ projectID: 'P', ttlMinutes: 30 });
    await kubeop.tokens.issueProject({ projectID: 'P' });
    await kubeop.tokens.revoke('j');
    expect(await requests[0]!.json()).toEqual({ ProjectID: 'P', TTLMinutes: 30 });
    expect(await requests[1]!.json()).toEqual({ ProjectID: 'P' });
    expect(`${requests[2]!.method} ${new URL(requests[2]!.url).pathname}`).toBe('DELETE /v1/jwt/j');
  });

  it('clusters: force on delete, readiness 503 as ready: false, policy and rates paths', async () => {
    const { fetch, requests } = fakeFetch((req) => {
      const path = new URL(req.url).pathname;
      if (path.endsWith('/ready'))
        return json({ ready: false, details: { operator: false, admission: false, webhookCABundle: false } }, { status: 503 });
      if (req.method === 'DELETE') return new Response(null, { status: 204 });
      return json({});
    });
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    await kubeop.clusters.delete('C', { force: true });
    await expect(kubeop.clusters.ready('C')).resolves.toMatchObject({ ready: false });
    await kubeop.policy.get('C');
    await kubeop.policy.put('C', { imageAllowlist: ['docker.io'] });
    await kubeop.rates.set('T', { cpuMilliRate: '0.00001', memMibRate: 0.000002 });
    await kubeop.kubeconfigs.project('P');
    expect(requests.map((r) => `${r.method} ${r.url.replace('http://mgr.test', '')}`)).toEqual([
      'DELETE /v1/clusters/C?force=true',
      'GET /v1/clusters/C/ready',
      'GET /v1/platform/policy?clusterID=C',
      'PUT /v1/platform/policy',
      'PUT /v1/tenants/T/rates',
      'GET /v1/kubeconfigs/project/P',
    ]);
    expect(await requests[3]!.json()).toEqual({ imageAllowlist: ['docker.io'], clusterID: 'C' });
  });

  it('exposes the raw typed client', async () => {
    const { fetch } = fakeFetch(() => json({ status: 'ok' }));
    const kubeop = createKubeopClient({ baseUrl: 'http://mgr.test', fetch });
    const { data } = await kubeop.raw.GET('/healthz');
    expect(data).toEqual({ status: 'ok' });
  });
});
