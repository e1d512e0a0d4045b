import type { AppRouter } from '@kubeop/api';
import { platform } from '@kubeop/core';
import { waitFor } from '@kubeop/test-cluster';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, type TestManager } from './test-manager.js';
import type { FreezableProxy } from './test-proxy.js';
import { startTestStack, type TestStack } from './test-stack.js';

// The walkthrough's step 5 end to end: an app created through the API becomes a Deployment that is
// Available on the tenant's cluster. The Manager syncs the custom resources; the operator runs here
// in-process with a token of its own ServiceAccount (its RBAC and the scope admission policy apply).
// On a control plane of its own (other suites' webhooks on the shared one see every Project and App).
// The Manager reaches the cluster through a proxy the test can take down; the operator does not.
let stack: TestStack;
let admin: platform.KubeConnection;
let m: TestManager;
let proxy: FreezableProxy;
let clusterId: string;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

type Deployment = {
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
  status?: { availableReplicas?: number; conditions?: Array<{ type: string; status: string }> };
};
const deployment = (namespace: string, name: string) =>
  platform.getObject<Deployment>(admin, { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace });
const appCr = (namespace: string, name: string) =>
  platform.getObject<{ status?: { ready?: boolean; revision?: string; availableReplicas?: number } }>(admin, {
    apiVersion: platform.CRD_API_VERSION,
    kind: 'App',
    name,
    namespace,
  });

beforeAll(async () => {
  stack = await startTestStack('e2e', 'kubeop-e');
  ({ admin, clusterId, proxy } = stack);
  m = stack.manager;
});

afterAll(async () => {
  await stack?.stop();
});

/** The app's live status as `GET /v1/apps/{id}` answers it. */
const liveStatus = async (id: string) => {
  const r = await call('GET', `/v1/apps/${id}`);
  expect(r.status).toBe(200);
  return r.body.status;
};

describe(`an app created through the API runs on its cluster (${inject('databaseKind')} PostgreSQL)`, { timeout: 240_000 }, () => {
  it('becomes an Available Deployment in its project namespace, rolls out a new image, and goes away with its tenant', async () => {
    const tenant = (await call('POST', '/v1/tenants', { name: 'acme', clusterID: clusterId })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
    const created = await call('POST', '/v1/apps', {
      projectID: project.id,
      name: 'web',
      image: 'docker.io/library/nginx:1.25',
      host: 'web.local',
    });
    expect(created.status).toBe(200);
    const app = created.body;
    // not observed on the cluster yet
    expect(app.status).toBeNull();

    const ready = await waitFor(
      'the Deployment to be Available',
      async () => {
        const d = await deployment(project.namespace, 'web');
        return d?.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ? d : null;
      },
      120_000,
    );
    expect(ready.spec.template.spec.containers[0]!.image).toBe('docker.io/library/nginx:1.25');
    const first = await waitFor('the App to report Ready', async () => {
      const a = await appCr(project.namespace, 'web');
      return a?.status?.ready ? a : null;
    });
    expect((await call('GET', `/v1/apps/${app.id}`)).body.sync.state).toBe('synced');

    // the API reports the live status from its watch: ready, the operator's revision, the conditions
    await expect
      .poll(() => liveStatus(app.id), { timeout: 60_000, interval: 250 })
      .toMatchObject({ ready: true, revision: first.status!.revision, available_replicas: 1 });
    const live = await liveStatus(app.id);
    expect(live.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'True', reason: 'Available', lastTransitionTime: expect.any(String) }),
        expect.objectContaining({ type: 'Progressing', status: 'False' }),
        expect.objectContaining({ type: 'Degraded', status: 'False' }),
      ]),
    );
    expect(Date.parse(live.observed_at)).toBeGreaterThan(Date.parse(app.created_at));
    // the list and tRPC answer the same status
    const listed = await call('GET', `/v1/apps?projectID=${project.id}`);
    expect(listed.body).toEqual([expect.objectContaining({ id: app.id, status: expect.objectContaining({ ready: true }) })]);
    const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${m.url}/trpc` })] });
    expect((await trpc.apps.get.query({ id: app.id })).status).toMatchObject({ ready: true, revision: first.status!.revision });
    // an app whose tenant has no cluster has no live status
    const loose = (await call('POST', '/v1/tenants', { name: 'loose' })).body;
    const looseProject = (await call('POST', '/v1/projects', { tenantID: loose.id, name: 'web' })).body;
    const looseApp = (await call('POST', '/v1/apps', { projectID: looseProject.id, name: 'web', image: 'nginx:1.25' })).body;
    expect(await liveStatus(looseApp.id)).toBeNull();
    expect((await call('DELETE', `/v1/tenants/${loose.id}`)).status).toBe(204);

    expect((await call('PATCH', `/v1/apps/${app.id}`, { image: 'docker.io/library/nginx:1.27' })).status).toBe(204);
    await waitFor('the new image to roll out', async () => {
      const d = await deployment(project.namespace, 'web');
      return d?.spec.template.spec.containers[0]!.image === 'docker.io/library/nginx:1.27';
    });
    const second = await waitFor('a new revision', async () => {
      const a = await appCr(project.namespace, 'web');
      return a?.status?.ready && a.status.revision !== first.status!.revision ? a : null;
    });
    await expect
      .poll(() => liveStatus(app.id), { timeout: 60_000, interval: 250 })
      .toMatchObject({ ready: true, revision: second.status!.revision });

    // the cluster becomes unreachable for the Manager (the operator still reaches it): a change made
    // there meanwhile is not seen, and the API keeps the last observed status with its old time
    proxy.down();
    const lastSeen = await liveStatus(app.id);
    await platform.kubeRequest(admin, {
      method: 'PATCH',
      path: `/apis/${platform.CRD_API_VERSION}/namespaces/${project.namespace}/apps/web`,
      body: { spec: { image: 'docker.io/library/nginx:1.29' } },
      contentType: 'application/merge-patch+json',
    });
    const third = await waitFor('the operator to roll out the image set on the cluster', async () => {
      const a = await appCr(project.namespace, 'web');
      return a?.status?.ready && a.status.revision !== second.status!.revision ? a : null;
    });
    expect(await liveStatus(app.id)).toEqual(lastSeen);
    expect(lastSeen).toMatchObject({ revision: second.status!.revision });

    // reachable again: the watch catches up
    proxy.up();
    await expect
      .poll(() => liveStatus(app.id), { timeout: 90_000, interval: 250 })
      .toMatchObject({ ready: true, revision: third.status!.revision });
    expect(Date.parse((await liveStatus(app.id)).observed_at)).toBeGreaterThan(Date.parse(lastSeen.observed_at));

    expect((await call('DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
    await waitFor(
      'the project namespace to go',
      async () => (await platform.getObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: project.namespace })) === null,
      150_000,
    );
    // no tenant is bound to the cluster any more: its watch stops
    await expect.poll(() => m.appStatus.watched(), { timeout: 30_000 }).not.toContain(clusterId);
  });
});
