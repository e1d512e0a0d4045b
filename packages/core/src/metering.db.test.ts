import { readFileSync } from 'node:fs';
import { kubeRequest, TENANT_LABEL } from '@kubeop/kube';
import { testConnection } from '@kubeop/kube/testing';
import { testKubeconfigPath, uniqueNamespace, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterService } from './clusters.js';
import { newId } from './ids.js';
import { Keyring } from './kms/index.js';
import { Metering } from './metering.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
});
afterAll(async () => {
  await t?.drop();
});

describe(`metering on ${inject('databaseKind')} PostgreSQL`, () => {
  it("records each bound tenant's pod requests for the slot, once however often it runs", async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([{ id: 'k', key: Buffer.alloc(32, 3) }], 'k'));
    const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
    const { cluster } = await clusters.register({ name: 'metered', kubeconfig, options: {} }, { name: 'test' });
    const tenantId = newId();
    await t.handle.db.insertInto('tenants').values({ id: tenantId, name: 'metered', cluster_id: cluster.id }).execute();

    const kc = testConnection();
    const namespace = uniqueNamespace('kubeop-meter');
    const nodes = await kubeRequest<{ items: { metadata: { name: string } }[] }>(kc, { method: 'GET', path: '/api/v1/nodes' });
    const nodeName = nodes.items[0]!.metadata.name;
    const pod = (name: string, cpu: string, memory: string, extra: Record<string, unknown> = { nodeName }) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'c', image: 'example.invalid/app:1', resources: { requests: { cpu, memory } } }],
        ...extra,
      },
    });
    await kubeRequest(kc, {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [TENANT_LABEL]: tenantId } } },
    });
    const metering = new Metering({
      db: t.handle.db,
      clusters,
      databaseUrl: t.url,
      now: () => new Date(Date.UTC(2026, 11, 2, 10, 30)),
    });
    try {
      for (const p of [pod('a', '250m', '128Mi'), pod('b', '0.5', '256Mi')]) {
        await kubeRequest(kc, { method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body: p });
      }
      // never scheduled: holds no requests, not metered
      const pending = pod('pending', '4', '4Gi', { nodeSelector: { 'kubeop.test/none': 'x' } });
      await kubeRequest(kc, { method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body: pending });
      await waitFor(
        'both pods to be running',
        async () => {
          const pods = await kubeRequest<{ items: { status?: { phase?: string } }[] }>(kc, {
            method: 'GET',
            path: `/api/v1/namespaces/${namespace}/pods`,
          });
          return pods.items.filter((x) => x.status?.phase === 'Running').length === 2;
        },
        60_000,
      );

      const first = await metering.meterNow();
      expect(first.get(cluster.id)).toEqual({ action: 'metered', tenants: 1, accepted: 1, duplicates: 0 });
      const second = await metering.meterNow();
      expect(second.get(cluster.id)).toEqual({ action: 'metered', tenants: 1, accepted: 0, duplicates: 1 });

      const rows = await t.handle.db.selectFrom('usage_samples').selectAll().where('tenant_id', '=', tenantId).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ source: 'requests', cluster_id: cluster.id });
      expect(Number(rows[0]!.cpu_milli)).toBe(750);
      expect(Number(rows[0]!.mem_mib)).toBe(384);
      expect(rows[0]!.ts.toISOString()).toBe('2026-12-02T10:00:00.000Z');

      // with 15-minute slots, a run counts a quarter of the hour, once per slot
      const quarter = new Metering({
        db: t.handle.db,
        clusters,
        databaseUrl: t.url,
        slotMinutes: 15,
        now: () => new Date(Date.UTC(2026, 11, 2, 11, 50)),
      });
      expect((await quarter.meterNow()).get(cluster.id)).toMatchObject({ accepted: 1 });
      expect((await quarter.meterNow()).get(cluster.id)).toMatchObject({ accepted: 0, duplicates: 1 });
      const q = await t.handle.db
        .selectFrom('usage_samples')
        .select(['cpu_milli', 'mem_mib', 'sample_id'])
        .where('tenant_id', '=', tenantId)
        .where('ts', '=', new Date(Date.UTC(2026, 11, 2, 11)))
        .execute();
      expect(q.map((r) => [Number(r.cpu_milli), Number(r.mem_mib)])).toEqual([[188, 96]]); // 187.5 rounded up
    } finally {
      await metering.stop();
      await kubeRequest(kc, { method: 'DELETE', path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
    }
  });
});
