import { randomBytes } from 'node:crypto';
import { platform } from '@kubeop/core';
import { Operator, tokenConnection } from '@kubeop/operator/testing';
import { ensureBinaries, start, waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, startTestManager, type TestManager } from './test-manager.js';

// The walkthrough's step 5 end to end: an app created through the API becomes a Deployment that is
// Available on the tenant's cluster. The Manager syncs the custom resources; the operator runs here
// in-process with a token of its own ServiceAccount (its RBAC and the scope admission policy apply).
// On a control plane of its own (other suites' webhooks on the shared one see every Project and App).
const system = `kubeop-e-${randomBytes(3).toString('hex')}`;
let plane: ControlPlane;
let admin: platform.KubeConnection;
let m: TestManager;
let operator: Operator;
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
  plane = await start({ binDir: await ensureBinaries() });
  admin = platform.parseKubeconfig(plane.kubeconfig).connection;
  m = await startTestManager({ KUBEOP_SYSTEM_NAMESPACE: system });
  const reg = await call('POST', '/v1/clusters', {
    name: 'e2e',
    kubeconfig: Buffer.from(plane.kubeconfig).toString('base64'),
    autoBootstrap: true,
    installAdmission: false,
  });
  expect(reg.status).toBe(200);
  clusterId = reg.body.id;
  await waitFor('bootstrap', async () => {
    const c = (await call('GET', `/v1/clusters/${clusterId}`)).body;
    if (c.bootstrap.state === 'failed') throw new Error(`bootstrap failed: ${c.bootstrap.error}`);
    return c.bootstrap.state === 'succeeded';
  });
  const n = platform.platformNames(system);
  operator = new Operator({
    kc: tokenConnection(admin.server, admin.ca!, await platform.serviceAccountToken(admin, { namespace: system, name: n.operator })),
    namespace: system,
    identity: 'e2e',
    leaseName: n.leaderElectionLease,
    workers: 2,
  });
  operator.start();
});

afterAll(async () => {
  await operator?.stop();
  await m?.stop();
  await plane?.stop();
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
