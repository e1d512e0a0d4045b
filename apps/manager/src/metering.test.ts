import { readFileSync } from 'node:fs';
import { ClusterService, Keyring, platform, ProjectKubeconfigs } from '@kubeop/core';
import { createTestDatabase, testConnection } from '@kubeop/core/testing';
import { testKubeconfigPath, uniqueNamespace, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { buildServer } from './server.js';
import { callApi, startTestManager, type TestManager } from './test-manager.js';
import { createTokenIssuer } from './token-issuer.js';

let m: TestManager;
beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.stop();
});

const { kubeRequest, TENANT_LABEL } = platform;
const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

describe(`metering on demand through the Manager (${inject('databaseKind')} PostgreSQL, real control plane)`, () => {
  it('POST /v1/usage/meter meters every cluster now: once per slot, failures per cluster', async () => {
    const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
    const reg = await call('POST', '/v1/clusters', { name: 'metered', kubeconfig });
    expect(reg.status).toBe(200);
    const clusterId = reg.body.id as string;
    const tenant = await call('POST', '/v1/tenants', { name: 'metered', clusterID: clusterId });
    expect(tenant.status).toBe(200);
    const tenantId = tenant.body.id as string;

    const kc = testConnection();
    const namespace = uniqueNamespace('kubeop-meter-api');
    try {
      // Other suites on the shared control plane install kubeOP's admission webhook (failurePolicy
      // Fail, no server behind it) for tenant namespaces: the pod is created before the namespace
      // becomes the tenant's.
      await kubeRequest(kc, {
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      });
      const nodes = await kubeRequest<{ items: { metadata: { name: string } }[] }>(kc, { method: 'GET', path: '/api/v1/nodes' });
      await kubeRequest(kc, {
        method: 'POST',
        path: `/api/v1/namespaces/${namespace}/pods`,
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'w' },
          spec: {
            nodeName: nodes.items[0]!.metadata.name,
            tolerations: [{ operator: 'Exists' }],
            containers: [{ name: 'c', image: 'example.invalid/app:1', resources: { requests: { cpu: '300m', memory: '64Mi' } } }],
          },
        },
      });
      await waitFor('the pod to be running', async () => {
        const pod = await kubeRequest<{ status?: { phase?: string } }>(kc, {
          method: 'GET',
          path: `/api/v1/namespaces/${namespace}/pods/w`,
        });
        return pod.status?.phase === 'Running';
      });
      await kubeRequest(kc, {
        method: 'PATCH',
        path: `/api/v1/namespaces/${namespace}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { [TENANT_LABEL]: tenantId } } },
      });

      // The Manager's clock decides the slot (hourly): two calls across an hour's turn would be two
      // slots, so close to one, the calls wait for it to pass.
      const toNextHour = 3_600_000 - (Date.now() % 3_600_000);
      if (toNextHour < 20_000) await new Promise((resolve) => setTimeout(resolve, toNextHour + 200));
      const first = await call('POST', '/v1/usage/meter', {});
      expect(first).toEqual({
        status: 200,
        body: { clusters: [{ cluster_id: clusterId, action: 'metered', tenants: 1, samples: 1, accepted: 1, duplicates: 0 }] },
      });
      // the same slot again (here over tRPC): nothing new is counted
      const again = await call('POST', '/trpc/usage.meter', {});
      expect(again.status).toBe(200);
      expect(again.body.result.data).toEqual({
        clusters: [{ cluster_id: clusterId, action: 'metered', tenants: 1, samples: 1, accepted: 0, duplicates: 1 }],
      });
      expect((await call('GET', `/v1/usage/snapshot?tenantID=${tenantId}`)).body).toEqual({ totals: { cpu_milli: 300, mem_mib: 64 } });

      // a cluster that cannot be read is reported, the others are metered
      const broken = readFileSync(testKubeconfigPath(), 'utf8').replace(
        /server: https:\/\/127\.0\.0\.1:\d+/,
        'server: https://127.0.0.1:1',
      );
      const unreachable = await call('POST', '/v1/clusters', { name: 'unreachable', kubeconfig: Buffer.from(broken).toString('base64') });
      expect(unreachable.status).toBe(200);
      await call('POST', '/v1/tenants', { name: 'stranded', clusterID: unreachable.body.id });
      const mixed = await call('POST', '/v1/usage/meter', {});
      expect(mixed.status).toBe(200);
      expect(mixed.body.clusters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ cluster_id: clusterId, action: 'metered' }),
          { cluster_id: unreachable.body.id, action: 'failed', error: expect.any(String) },
        ]),
      );
    } finally {
      await kubeRequest(kc, { method: 'DELETE', path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
    }
  }, 90_000); // may wait out the turn of an hour

  it('answers 503 unavailable (not 500) on a server that runs no metering', async () => {
    const t = await createTestDatabase(inject('databaseServerUrl'));
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const registry = new ClusterService(t.handle.db, new Keyring([{ id: 'k1', key: Buffer.alloc(32, 1) }], 'k1'));
    const { app } = await buildServer({
      config,
      database: t.handle,
      logger: createLogger('silent'),
      clusters: {
        registry,
        bootstrap: { enqueue: async () => {} },
        platform: {},
        statusTimeoutMs: 500,
        kubeconfigs: new ProjectKubeconfigs(t.handle.db, registry, { ttlSeconds: 3600 }),
        appStatus: { get: () => null },
      },
      auth: {
        verify: async () => ({ principal: null, error: null }),
        tokens: createTokenIssuer({ keys: { current: null }, issuer: 'kubeop', audience: 'kubeop-manager', maxTtlSeconds: 3600 }),
        jwks: { keys: [] },
      },
    });
    try {
      const res = await app.inject({ method: 'POST', url: '/v1/usage/meter', payload: {} });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: 'unavailable', message: 'usage metering is not running on this Manager' });
    } finally {
      await app.close();
      await t.drop();
    }
  });
});
