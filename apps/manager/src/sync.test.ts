import { randomBytes } from 'node:crypto';
import { platform } from '@kubeop/core';
import { waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, startTestManager, type TestManager } from './test-manager.js';
import { startProxiedPlane } from './test-plane.js';
import type { FreezableProxy } from './test-proxy.js';

// Tenants, projects and apps of a tenant bound to a cluster reach it as custom resources. No operator
// runs here: the test makes a project's namespace itself, as the operator would. On a control plane
// of its own: other suites' admission webhooks (which see every Project on a cluster) come and go on
// the shared one.
const suffix = randomBytes(3).toString('hex');
const systemNamespace = `kubeop-s-${suffix}`;
let stopPlane: (() => Promise<void>) | undefined;
let admin: platform.KubeConnection;
let m: TestManager;
let proxy: FreezableProxy;
let clusterId: string;
let kubeconfigB64: string;

// a fixed KMS key: the restarted Manager must open the kubeconfig the first one sealed
const env = { KUBEOP_SYSTEM_NAMESPACE: systemNamespace, KUBEOP_KMS_MASTER_KEY: randomBytes(32).toString('base64') };

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

const cr = (kind: string, name: string, namespace?: string) =>
  platform.getObject<{ spec: Record<string, unknown>; metadata: { labels: Record<string, string> } }>(admin, {
    apiVersion: platform.CRD_API_VERSION,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
  });

async function createNamespace(name: string): Promise<void> {
  await platform.serverSideApply(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'test', force: true });
}

async function synced(path: string): Promise<any> {
  return waitFor(`${path} to be synced`, async () => {
    const r = await call('GET', path);
    if (r.body.sync.state === 'error') throw new Error(`sync error: ${r.body.sync.error}`);
    return r.body.sync.state === 'synced' ? r.body : null;
  });
}

beforeAll(async () => {
  // The cluster is reached through a proxy the tests can take down.
  const proxied = await startProxiedPlane();
  ({ admin, proxy, kubeconfigB64 } = proxied);
  stopPlane = proxied.stop;
  m = await startTestManager(env);
  const reg = await call('POST', '/v1/clusters', {
    name: `sync-${suffix}`,
    kubeconfig: kubeconfigB64,
    autoBootstrap: true,
    installAdmission: false,
  });
  expect(reg.status).toBe(200);
  clusterId = reg.body.id;
  await waitFor('bootstrap', async () => (await call('GET', `/v1/clusters/${clusterId}`)).body.bootstrap.state === 'succeeded');
});

afterAll(async () => {
  await m?.stop();
  await stopPlane?.();
});

describe(
  `the Manager syncs tenants, projects and apps to their cluster (${inject('databaseKind')} PostgreSQL)`,
  { timeout: 120_000 },
  () => {
    it('applies custom resources named by id, keeps renames as display names, and deletes them', async () => {
      const tenant = (await call('POST', '/v1/tenants', { name: `acme-${suffix}`, clusterID: clusterId })).body;
      expect(tenant.sync).toMatchObject({ state: 'pending', generation: 1, synced_generation: 0 });
      const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
      expect(project.namespace).toMatch(new RegExp(`^kubeop-acme-${suffix}-web-[0-9a-f]{8}$`));

      await synced(`/v1/tenants/${tenant.id}`);
      await synced(`/v1/projects/${project.id}`);
      expect((await cr('Tenant', tenant.id))?.spec).toEqual({ name: `acme-${suffix}` });
      expect((await cr('Project', project.id))?.spec).toEqual({ tenantRef: tenant.id, name: 'web', namespace: project.namespace });

      // the App lives in the project's namespace, which the operator makes; until then it is retried
      const app = (
        await call('POST', '/v1/apps', { projectID: project.id, name: 'web', image: 'docker.io/library/nginx:1.25', host: 'web.local' })
      ).body;
      await waitFor(
        'the app to fail for want of its namespace',
        async () => (await call('GET', `/v1/apps/${app.id}`)).body.sync.state === 'error',
      );
      await createNamespace(project.namespace);
      await synced(`/v1/apps/${app.id}`);
      const appCr = await cr('App', 'web', project.namespace);
      expect(appCr?.spec).toEqual({
        type: 'Image',
        appID: app.id,
        projectRef: project.id,
        image: 'docker.io/library/nginx:1.25',
        host: 'web.local',
      });
      expect(appCr?.metadata.labels).toMatchObject({
        'app.kubeop.io/tenant': tenant.id,
        'app.kubeop.io/project': project.id,
        'app.kubeop.io/app': app.id,
      });

      // a new image reaches the cluster as generation 2; renaming the project keeps its namespace
      expect((await call('PATCH', `/v1/apps/${app.id}`, { image: 'docker.io/library/nginx:1.27' })).status).toBe(204);
      expect((await synced(`/v1/apps/${app.id}`)).sync).toMatchObject({ generation: 2, synced_generation: 2 });
      expect((await cr('App', 'web', project.namespace))?.spec.image).toBe('docker.io/library/nginx:1.27');
      expect((await call('PATCH', `/v1/projects/${project.id}`, { name: 'site' })).status).toBe(204);
      const renamed = await synced(`/v1/projects/${project.id}`);
      expect(renamed.namespace).toBe(project.namespace);
      expect((await cr('Project', project.id))?.spec).toMatchObject({ name: 'site', namespace: project.namespace });

      // an app on a cluster keeps its name
      const rename = await call('PATCH', `/v1/apps/${app.id}`, { name: 'other' });
      expect(rename.status).toBe(409);
      expect(rename.body.issues[0].path).toBe('name');

      expect((await call('DELETE', `/v1/apps/${app.id}`)).status).toBe(204);
      await waitFor('the App resource to go', async () => (await cr('App', 'web', project.namespace)) === null);
      expect((await call('DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
      await waitFor(
        'the Tenant and its Project resources to go',
        async () => (await cr('Tenant', tenant.id)) === null && (await cr('Project', project.id)) === null,
      );
    });

    it('gives colliding names different namespaces', async () => {
      const a = (await call('POST', '/v1/tenants', { name: `a-b-${suffix}` })).body;
      const b = (await call('POST', '/v1/tenants', { name: `a-${suffix}` })).body;
      expect(a.sync.state).toBe('none');
      const pa = (await call('POST', '/v1/projects', { tenantID: a.id, name: 'c' })).body;
      const pb = (await call('POST', '/v1/projects', { tenantID: b.id, name: `b-${suffix}-c`.slice(0, 25) })).body;
      expect(pa.namespace).not.toBe(pb.namespace);
      expect(pa.sync.state).toBe('none');
    });

    it('keeps changes while the cluster is down, across a Manager restart, and applies the newest state when it is back', async () => {
      proxy.down();
      const tenant = (await call('POST', '/v1/tenants', { name: `down-${suffix}`, clusterID: clusterId })).body;
      const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'api' })).body;
      await waitFor(
        'the tenant to record the failure',
        async () => (await call('GET', `/v1/tenants/${tenant.id}`)).body.sync.state === 'error',
      );
      expect((await call('GET', `/v1/tenants/${tenant.id}`)).body.sync.error).toMatch(/unreachable|did not answer/);
      expect((await call('PATCH', `/v1/tenants/${tenant.id}`, { name: `down2-${suffix}` })).status).toBe(204);

      // a new Manager on the same database picks up what the old one left
      await m.close();
      m = await startTestManager(env, {}, undefined, m.testDb);
      proxy.up();
      await createNamespace(project.namespace);
      const t = await synced(`/v1/tenants/${tenant.id}`);
      expect(t.sync).toMatchObject({ generation: 2, synced_generation: 2, error: null });
      expect((await cr('Tenant', tenant.id))?.spec).toEqual({ name: `down2-${suffix}` });
      await synced(`/v1/projects/${project.id}`);
      expect(await cr('Project', project.id)).not.toBeNull();
      await call('DELETE', `/v1/tenants/${tenant.id}`);
    });

    it('will not forget a cluster while deletions are still on their way to it, unless forced', async () => {
      proxy.down();
      const tenant = (await call('POST', '/v1/tenants', { name: `gone-${suffix}`, clusterID: clusterId })).body;
      expect((await call('DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
      const refused = await call('DELETE', `/v1/clusters/${clusterId}`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/deletion\(s\) are still being applied.*force=true/);
      expect((await call('DELETE', `/v1/clusters/${clusterId}?force=true`)).status).toBe(204);
      expect((await call('GET', `/v1/clusters/${clusterId}`)).status).toBe(404);
    });
  },
);
