import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { TEST_HMAC_KEY, testToken as token } from './test-tokens.js';

// Who may fetch and revoke a project's kubeconfig (access table). The projects have no cluster, so
// a caller who gets past the access check meets the 409 "not bound to a cluster".
let m: TestManager;

async function status(method: string, path: string, bearer?: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${m.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** An admin's POST that must succeed. */
async function post(admin: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${m.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as { id: string };
}

beforeAll(async () => {
  m = await startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_SIGNING_KEY: TEST_HMAC_KEY });
});
afterAll(async () => {
  await m?.stop();
});

describe('project kubeconfigs: access', () => {
  it('admin, the project’s tenant and the project itself; nobody else', async () => {
    const admin = await token({ role: 'admin', sub: 'ops' });
    const a = await post(admin, '/v1/tenants', { name: 'kca' });
    const b = await post(admin, '/v1/tenants', { name: 'kcb' });
    const pa = await post(admin, '/v1/projects', { tenantID: a.id, name: 'web' });
    const pb = await post(admin, '/v1/projects', { tenantID: b.id, name: 'web' });
    const tenantA = await token({ role: 'tenant', scope: `tenant:${a.id}` });
    const projectA = await token({ role: 'project', scope: `project:${pa.id}` });

    for (const method of ['GET', 'DELETE']) {
      const own = `/v1/kubeconfigs/project/${pa.id}`;
      const other = `/v1/kubeconfigs/project/${pb.id}`;
      expect(await status(method, own), method).toBe(401);
      expect(await status(method, own, admin), method).toBe(409);
      expect(await status(method, own, tenantA), method).toBe(409);
      expect(await status(method, own, projectA), method).toBe(409);
      expect(await status(method, other, tenantA), method).toBe(403);
      expect(await status(method, other, projectA), method).toBe(403);
      // decided before any lookup: an unknown project is a 403 too, not a 404
      expect(await status(method, '/v1/kubeconfigs/project/01a21912-19a6-756d-9b87-43d895f38cc4', projectA), method).toBe(403);
    }
  });
});

describe('project kubeconfigs: an unreachable cluster', () => {
  it('is a 503 naming the cluster API, never its credentials', async () => {
    const admin = await token({ role: 'admin', sub: 'ops' });
    // parses, but points at a closed loopback port
    const kubeconfig = Buffer.from(
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: u, user: {token: secret-admin-token}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    ).toString('base64');
    const cluster = await post(admin, '/v1/clusters', { name: 'kc-down', kubeconfig });
    const tenant = await post(admin, '/v1/tenants', { name: 'kc-down', clusterID: cluster.id });
    const project = await post(admin, '/v1/projects', { tenantID: tenant.id, name: 'web' });
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${m.url}/v1/kubeconfigs/project/${project.id}`, { method, headers: { authorization: `Bearer ${admin}` } });
      const text = await res.text();
      expect(res.status, method).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ error: 'unavailable', message: expect.stringMatching(/127\.0\.0\.1:1 unreachable/) });
      expect(text).not.toContain('secret-admin-token');
    }
  });
});
