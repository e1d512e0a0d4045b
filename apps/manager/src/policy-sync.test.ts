import { randomBytes } from 'node:crypto';
import { platform } from '@kubeop/core';
import { waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, startTestManager, type TestManager } from './test-manager.js';
import { startProxiedPlane } from './test-plane.js';
import type { FreezableProxy } from './test-proxy.js';

// The policy reaches the cluster as Policy/default, through the sync outbox. On a control plane of
// its own (Policy/default is cluster-wide), reached through a proxy the test can take down.
const suffix = randomBytes(3).toString('hex');
let stopPlane: (() => Promise<void>) | undefined;
let admin: platform.KubeConnection;
let m: TestManager;
let proxy: FreezableProxy;
let clusterId: string;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);
const WALKTHROUGH = {
  imageAllowlist: ['docker.io', 'ghcr.io'],
  egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
};

const livePolicy = () =>
  platform.getObject<{ spec: Record<string, unknown> }>(admin, { apiVersion: platform.CRD_API_VERSION, kind: 'Policy', name: 'default' });

beforeAll(async () => {
  const proxied = await startProxiedPlane();
  ({ admin, proxy } = proxied);
  stopPlane = proxied.stop;
  const kubeconfig = proxied.kubeconfigB64;
  m = await startTestManager({ KUBEOP_SYSTEM_NAMESPACE: `kubeop-p-${suffix}` });
  const reg = await call('POST', '/v1/clusters', { name: `policy-${suffix}`, kubeconfig, autoBootstrap: true, installAdmission: false });
  expect(reg.status).toBe(200);
  clusterId = reg.body.id;
  await waitFor('bootstrap', async () => (await call('GET', `/v1/clusters/${clusterId}`)).body.bootstrap.state === 'succeeded');
}, 180_000);

afterAll(async () => {
  await m?.stop();
  await stopPlane?.();
});

describe(`the Manager syncs the platform policy to its clusters (${inject('databaseKind')} PostgreSQL)`, { timeout: 120_000 }, () => {
  it('leaves Policy/default alone until a policy is stored; the status shows revision 0 as synced', async () => {
    expect(await livePolicy()).toBeNull();
    const status = await call('GET', `/v1/platform/status?clusterID=${clusterId}`);
    expect(status.body.policy).toEqual({ desired_revision: 0, live_revision: null, synced: true });
  });

  it('applies a stored policy as Policy/default with its revision within seconds, and the status shows it live', async () => {
    const put = await call('PUT', '/v1/platform/policy', WALKTHROUGH);
    expect(put.status).toBe(200);
    const revision = put.body.revision as number;
    const live = await waitFor('Policy/default', async () => {
      const p = await livePolicy();
      return p?.spec.revision === revision ? p : null;
    });
    expect(live.spec).toEqual({
      ...WALKTHROUGH,
      limitRangeDefaults: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } },
      ingressNamespace: 'ingress-nginx',
      revision,
    });
    const status = await call('GET', `/v1/platform/status?clusterID=${clusterId}`);
    expect(status.body.policy).toEqual({ desired_revision: revision, live_revision: revision, synced: true });
    expect((await call('GET', `/v1/clusters/${clusterId}/status`)).body.policy).toMatchObject({ live_revision: revision });
    const got = await waitFor('synced state', async () => {
      const r = (await call('GET', '/v1/platform/policy')).body;
      return r.clusters[0]?.state === 'synced' ? r : null;
    });
    expect(got.clusters[0]).toMatchObject({
      cluster_id: clusterId,
      source: 'global',
      desired_revision: revision,
      synced_revision: revision,
    });
  });

  it('keeps a change while the cluster is down and lands it when it is back; an override wins and its removal goes back', async () => {
    proxy.down();
    const put = await call('PUT', `/v1/platform/policy?clusterID=${clusterId}`, { ...WALKTHROUGH, imageAllowlist: ['quay.io'] });
    expect(put.status).toBe(200);
    const revision = put.body.revision as number;
    const failing = await waitFor('the sync to fail', async () => {
      const r = (await call('GET', `/v1/platform/policy?clusterID=${clusterId}`)).body;
      return r.clusters[0].state === 'error' ? r : null;
    });
    expect(failing.clusters[0]).toMatchObject({
      source: 'override',
      desired_revision: revision,
      error: expect.stringMatching(/unreachable/),
    });
    const down = await call('GET', `/v1/platform/status?clusterID=${clusterId}`);
    expect(down.body.policy).toMatchObject({ desired_revision: revision, live_revision: null, synced: false });

    proxy.up();
    await waitFor('the override on the cluster', async () => (await livePolicy())?.spec.revision === revision);
    expect((await livePolicy())?.spec.imageAllowlist).toEqual(['quay.io']);
    expect((await call('GET', `/v1/platform/status?clusterID=${clusterId}`)).body.policy).toEqual({
      desired_revision: revision,
      live_revision: revision,
      synced: true,
    });

    expect((await call('DELETE', `/v1/platform/policy?clusterID=${clusterId}`)).status).toBe(204);
    const global = (await call('GET', '/v1/platform/policy')).body.revision as number;
    await waitFor('the global policy back on the cluster', async () => (await livePolicy())?.spec.revision === global);
    expect((await livePolicy())?.spec.imageAllowlist).toEqual(WALKTHROUGH.imageAllowlist);
  });
});
