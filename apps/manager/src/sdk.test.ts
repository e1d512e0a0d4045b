import { collect, createKubeopClient, isKubeopApiError, KubeopApiError, type KubeopClient } from '@kubeop/sdk';
import { exportPKCS8, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { testToken } from './test-tokens.js';

/**
 * The published SDK (@kubeop/sdk, its built package) against a real Manager with auth on: the
 * walkthrough's steps that need no cluster, errors, pagination, idempotency and tokens.
 */
let m: TestManager;
let admin: KubeopClient;
let key: CryptoKey;

/** The rejection of `p`, which must be a KubeopApiError. */
async function apiError(p: Promise<unknown>): Promise<KubeopApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KubeopApiError);
  return e as KubeopApiError;
}

beforeAll(async () => {
  // An Ed25519 key: the Manager issues project tokens with it, and our admin token is signed with it.
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  key = pair.privateKey;
  m = await startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey) });
  admin = createKubeopClient({ baseUrl: m.url, token: await testToken({ role: 'admin', sub: 'sdk-test' }, { key, expiresIn: '30m' }) });
});
afterAll(async () => {
  await m?.stop();
});

describe(`@kubeop/sdk against a Manager on ${inject('databaseKind')} PostgreSQL`, () => {
  it('walks tenants → projects → apps, usage with an Idempotency-Key → invoice, rates', async () => {
    const tenant = await admin.tenants.create({ name: 'sdk-walk' });
    expect(tenant).toMatchObject({ name: 'sdk-walk', cluster_id: null, sync: { state: 'none' } });
    expect(await admin.tenants.get(tenant.id)).toEqual(tenant);

    const project = await admin.projects.create({ tenantID: tenant.id, name: 'web' });
    expect(project).toMatchObject({ tenant_id: tenant.id, name: 'web' });
    expect(project.namespace).toMatch(/^kubeop-sdk-walk-web-[0-9a-f]{8}$/);
    expect((await admin.projects.list({ tenantID: tenant.id })).items.map((p) => p.id)).toEqual([project.id]);
    await admin.projects.update(project.id, { name: 'www' });
    expect(await admin.projects.get(project.id)).toMatchObject({ name: 'www', namespace: project.namespace });

    const app = await admin.apps.create({ projectID: project.id, name: 'web', image: 'docker.io/library/nginx:1.25', host: 'web.local' });
    expect(app).toMatchObject({
      project_id: project.id,
      name: 'web',
      image: 'docker.io/library/nginx:1.25',
      host: 'web.local',
      status: null,
    });
    await admin.apps.update(app.id, { image: 'docker.io/library/nginx:1.27' });
    expect(await admin.apps.get(app.id)).toMatchObject({ image: 'docker.io/library/nginx:1.27', host: 'web.local' });
    expect((await collect(admin.apps.listAll({ projectID: project.id }))).map((a) => a.id)).toEqual([app.id]);
    await admin.apps.delete(app.id);
    expect((await apiError(admin.apps.get(app.id))).status).toBe(404);

    // The last full hour (its month is the invoice's period, also at 00:30 on the 1st).
    const hour = new Date(Date.now() - 3600_000).toISOString().slice(0, 13) + ':00:00Z';
    const period = hour.slice(0, 7);
    const batch = [{ ts: hour, tenant_id: tenant.id, project_id: project.id, cpu_milli: 500, mem_mib: 1024 }];
    const first = await admin.usage.ingest(batch, { idempotencyKey: `sdk-${tenant.id}` });
    expect(first).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    // A retry with the key is answered as the first was and stores nothing.
    expect(await admin.usage.ingest(batch, { idempotencyKey: `sdk-${tenant.id}` })).toEqual(first);
    const conflict = await apiError(admin.usage.ingest([{ ...batch[0]!, cpu_milli: 501 }], { idempotencyKey: `sdk-${tenant.id}` }));
    expect(conflict).toMatchObject({ status: 409, issues: [{ path: 'Idempotency-Key' }] });
    expect(await admin.usage.snapshot({ tenantID: tenant.id })).toEqual({ totals: { cpu_milli: 500, mem_mib: 1024 } });

    const rate = await admin.rates.set(tenant.id, { cpuMilliRate: '0.01', memMibRate: '0.001', effectiveFrom: '2000-01-01T00:00:00Z' });
    expect(rate).toMatchObject({ tenant_id: tenant.id, cpu_milli_rate: '0.01', default: false });
    expect((await admin.rates.get(tenant.id)).current).toMatchObject({ cpu_milli_rate: '0.01' });

    const invoice = await admin.invoices.get(tenant.id, { period });
    expect(invoice).toMatchObject({
      tenant_id: tenant.id,
      period,
      status: 'open',
      lines: [{ cpu_milli: 500, mem_mib: 1024 }],
      totals: { cpu: { quantity: 500 }, memory: { quantity: 1024 } },
      projects: [{ project_id: project.id, cpu_milli: 500, mem_mib: 1024 }],
    });
    expect(Date.parse(invoice.lines[0]!.ts)).toBe(Date.parse(hour));
    const csv = await admin.invoices.getCsv(tenant.id, { period });
    expect(csv.split('\r\n')[0]).toBe('kind,ts,tenant_id,cpu_milli,mem_mib,cost,currency,project_id');
    expect(csv).toContain(`subtotal,,${tenant.id},500,1024,`);
  });

  it('surfaces a 400 as a KubeopApiError whose issues name the field', async () => {
    const tenant = await admin.tenants.create({ name: 'sdk-invalid' });
    const err = await apiError(admin.projects.create({ tenantID: tenant.id, name: 'Not_A_Label' }));
    expect(err).toMatchObject({ name: 'KubeopApiError', status: 400, error: 'invalid' });
    expect(err.issues.map((i) => i.path)).toEqual(['name']);
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(isKubeopApiError(err)).toBe(true);

    const ingest = await apiError(admin.usage.ingest([{ ts: '2026-01-01T00:00:00Z', tenant_id: tenant.id, cpu_milli: -1, mem_mib: 1 }]));
    expect(ingest).toMatchObject({ status: 400, issues: [{ path: '0.cpu_milli' }] });
    // Kubeconfigs need the tenant's cluster: a 409 with the reason.
    const project = await admin.projects.create({ tenantID: tenant.id, name: 'p' });
    expect(await apiError(admin.kubeconfigs.project(project.id))).toMatchObject({ status: 409, error: 'conflict' });
  });

  it('follows X-Next-Cursor across pages with listAll', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await admin.tenants.create({ name: `sdk-page-${i}` })).id);
    const first = await admin.tenants.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await admin.tenants.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.id)).not.toContain(first.items[0]!.id);

    const all = await collect(admin.tenants.listAll({ limit: 2 }));
    const ids = all.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    // newest first: the tenants just created, in reverse order, lead the list
    expect(ids.slice(0, 7)).toEqual([...created].reverse());
  });

  it('authenticates with the token: none or a revoked one is a 401 KubeopApiError', async () => {
    const anonymous = createKubeopClient({ baseUrl: m.url });
    const err = await apiError(anonymous.tenants.list());
    expect(err).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(err.wwwAuthenticate).toMatch(/^Bearer/);

    const tenant = await admin.tenants.create({ name: 'sdk-tokens' });
    const project = await admin.projects.create({ tenantID: tenant.id, name: 'p' });
    const issued = await admin.tokens.issueProject({ projectID: project.id, ttlMinutes: 10 });
    expect((await admin.tokens.list({ projectID: project.id })).items.map((t) => t.jti)).toEqual([issued.jti]);

    let current = issued.token;
    const asProject = createKubeopClient({ baseUrl: m.url, token: () => current });
    expect(await asProject.projects.get(project.id)).toMatchObject({ id: project.id });
    expect(await apiError(asProject.tenants.list())).toMatchObject({ status: 403, error: 'forbidden' });

    await admin.tokens.revoke(issued.jti);
    expect(await apiError(asProject.projects.get(project.id))).toMatchObject({ status: 401, error: 'unauthorized' });
    current = await testToken({ role: 'project', scope: `project:${project.id}` }, { key });
    expect(await asProject.projects.get(project.id)).toMatchObject({ id: project.id });
  });
});
