import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { TEST_HMAC_KEY as KEY, testToken } from './test-tokens.js';

let m: TestManager;

async function token(claims: { role: string; scope?: string; sub?: string }, expiresIn = '5m', key = KEY): Promise<string> {
  return testToken(claims, { expiresIn, key });
}

async function call(method: string, path: string, bearer?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${m.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  m = await startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_SIGNING_KEY: KEY });
});
afterAll(async () => {
  await m?.stop();
});

describe('with KUBEOP_REQUIRE_AUTH=true the access table is enforced', () => {
  it('401 without or with a bad token; ops endpoints stay open', async () => {
    expect(await call('GET', '/v1/tenants')).toMatchObject({ status: 401, body: { error: 'unauthorized', message: 'missing token' } });
    expect(await call('GET', '/v1/tenants', 'garbage')).toMatchObject({ status: 401, body: { message: 'invalid token: malformed token' } });
    const forged = await token({ role: 'admin' }, '5m', Buffer.alloc(32, 9).toString('base64'));
    expect((await call('GET', '/v1/tenants', forged)).status).toBe(401);
    const expired = await token({ role: 'admin' }, '-10m');
    expect((await call('GET', '/v1/tenants', expired)).status).toBe(401);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it('admin may do everything; a tenant token only its own tenant; a project token only its own apps', async () => {
    const admin = await token({ role: 'admin', sub: 'ops' });
    const a = (await call('POST', '/v1/tenants', admin, { name: 'auth-a' })).body;
    const b = (await call('POST', '/v1/tenants', admin, { name: 'auth-b' })).body;
    const tenantA = await token({ role: 'tenant', scope: `tenant:${a.id}` });

    expect((await call('GET', `/v1/tenants/${a.id}`, tenantA)).status).toBe(200);
    expect((await call('GET', `/v1/tenants/${b.id}`, tenantA)).status).toBe(403);
    expect((await call('GET', '/v1/tenants', tenantA)).status).toBe(403);
    // Forbidden is decided before lookup: an unknown id does not reveal itself as 404.
    expect((await call('GET', '/v1/tenants/01a21912-19a6-756d-9b87-43d895f38cc4', tenantA)).status).toBe(403);

    const p = await call('POST', '/v1/projects', tenantA, { tenantID: a.id, name: 'web' });
    expect(p.status).toBe(200);
    expect((await call('POST', '/v1/projects', tenantA, { tenantID: b.id, name: 'web' })).status).toBe(403);
    expect((await call('GET', `/v1/projects/${p.body.id}`, tenantA)).status).toBe(200);
    // a tenant manages its own projects (the hierarchy), not another tenant's
    const tenantB = await token({ role: 'tenant', scope: `tenant:${b.id}` });
    expect((await call('PATCH', `/v1/projects/${p.body.id}`, tenantB, { name: 'x' })).status).toBe(403);
    expect((await call('DELETE', `/v1/projects/${p.body.id}`, tenantB)).status).toBe(403);

    const projectToken = await token({ role: 'project', scope: `project:${p.body.id}`, sub: `project:${p.body.id}` });
    const app = await call('POST', '/v1/apps', projectToken, { projectID: p.body.id, name: 'api' });
    expect(app.status).toBe(200);
    expect((await call('GET', `/v1/apps/${app.body.id}`, projectToken)).status).toBe(200);
    expect((await call('GET', `/v1/apps?projectID=${p.body.id}`, projectToken)).status).toBe(200);
    // the tenant reads and manages its projects' apps; another tenant cannot
    expect((await call('GET', `/v1/apps/${app.body.id}`, tenantA)).status).toBe(200);
    expect((await call('GET', `/v1/apps?projectID=${p.body.id}`, tenantA)).status).toBe(200);
    expect((await call('POST', '/v1/apps', tenantB, { projectID: p.body.id, name: 'nope' })).status).toBe(403);
    expect((await call('GET', `/v1/apps/${app.body.id}`, tenantB)).status).toBe(403);

    const audit = await m.testDb.handle.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('resource_id', '=', app.body.id)
      .execute();
    expect(audit).toEqual([{ actor: `project:${p.body.id}`, action: 'create' }]);
  });
});
