import { platform } from '@kubeop/core';
import { waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, type TestManager } from './test-manager.js';
import { startTestStack, type TestStack } from './test-stack.js';

// The walkthrough's step 5 end to end: an app created through the API becomes a Deployment that is
// Available on the tenant's cluster. The Manager syncs the custom resources; the operator runs here
// in-process with a token of its own ServiceAccount (its RBAC and the scope admission policy apply).
// On a control plane of its own (other suites' webhooks on the shared one see every Project and App).
let stack: TestStack;
let admin: platform.KubeConnection;
let m: TestManager;
let clusterId: string;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

type Deployment = {
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
  status?: { availableReplicas?: number; conditions?: Array<{ type: string; status: string }> };
};
const deployment = (namespace: string, name: string) =>
  platform.getObject<Deployment>(admin, { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace });
const appCr = (namespace: string, name: string) =>
  platform.getObject<{ status?: { ready?: boolean; revision?: string } }>(admin, {
    apiVersion: platform.CRD_API_VERSION,
    kind: 'App',
    name,
    namespace,
  });

beforeAll(async () => {
  stack = await startTestStack('e2e', 'kubeop-e');
  ({ admin, clusterId } = stack);
  m = stack.manager;
});

afterAll(async () => {
  await stack?.stop();
});

describe(`an app created through the API runs on its cluster (${inject('databaseKind')} PostgreSQL)`, { timeout: 180_000 }, () => {
  it('becomes an Available Deployment in its project namespace, rolls out a new image, and goes away with its tenant', async () => {
    const tenant = (await call('POST', '/v1/tenants', { name: 'acme', clusterID: clusterId })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
    const app = (
      await call('POST', '/v1/apps', { projectID: project.id, name: 'web', image: 'docker.io/library/nginx:1.25', host: 'web.local' })
    ).body;

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

    expect((await call('PATCH', `/v1/apps/${app.id}`, { image: 'docker.io/library/nginx:1.27' })).status).toBe(204);
    await waitFor('the new image to roll out', async () => {
      const d = await deployment(project.namespace, 'web');
      return d?.spec.template.spec.containers[0]!.image === 'docker.io/library/nginx:1.27';
    });
    await waitFor('a new revision', async () => {
      const a = await appCr(project.namespace, 'web');
      return a?.status?.ready && a.status.revision !== first.status!.revision;
    });

    expect((await call('DELETE', `/v1/tenants/${tenant.id}`)).status).toBe(204);
    await waitFor(
      'the project namespace to go',
      async () => (await platform.getObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: project.namespace })) === null,
      150_000,
    );
  });
});
