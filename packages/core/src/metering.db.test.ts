import { readFileSync } from 'node:fs';
import { isNotFound, kubeRequest, PROJECT_LABEL, TENANT_LABEL, type KubeConnection } from '@kubeop/kube';
import { testConnection } from '@kubeop/kube/testing';
import { testKubeconfigPath, uniqueNamespace, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterService } from './clusters.js';
import { newId } from './ids.js';
import { Keyring } from './kms/index.js';
import { Metering } from './metering.js';
import { metricsApiServed } from './metering-cluster.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
});
afterAll(async () => {
  await t?.drop();
});

interface PodOptions {
  cpu: string;
  memory: string;
  /** Extra pod spec fields (default: scheduled to the node). */
  extra?: Record<string, unknown>;
}

/** The test cluster's first node: pods bound to it run (simulated) without a scheduler decision. */
async function firstNode(kc: KubeConnection): Promise<string> {
  const nodes = await kubeRequest<{ items: { metadata: { name: string } }[] }>(kc, { method: 'GET', path: '/api/v1/nodes' });
  return nodes.items[0]!.metadata.name;
}

function pod(name: string, nodeName: string, { cpu, memory, extra = { nodeName } }: PodOptions) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: 'c', image: 'example.invalid/app:1', resources: { requests: { cpu, memory } } }],
      ...extra,
    },
  };
}

/**
 * Other suites on the shared control plane install kubeOP's admission webhook (failurePolicy Fail,
 * no server behind it) for tenant namespaces while they run: pods are created in a namespace before
 * it becomes a tenant's (`labelNamespace`), so those webhooks never see them.
 */
async function createNamespace(kc: KubeConnection, name: string): Promise<void> {
  await kubeRequest(kc, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
}

async function labelNamespace(kc: KubeConnection, name: string, labels: Record<string, string>): Promise<void> {
  await kubeRequest(kc, {
    method: 'PATCH',
    path: `/api/v1/namespaces/${name}`,
    contentType: 'application/merge-patch+json',
    body: { metadata: { labels } },
  });
}

async function createPods(kc: KubeConnection, namespace: string, pods: unknown[]): Promise<void> {
  for (const body of pods) await kubeRequest(kc, { method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body });
}

async function waitRunning(kc: KubeConnection, namespaces: string[], expected: number): Promise<void> {
  await waitFor(
    `${expected} pods to be running`,
    async () => {
      let running = 0;
      for (const ns of namespaces) {
        const pods = await kubeRequest<{ items: { status?: { phase?: string } }[] }>(kc, {
          method: 'GET',
          path: `/api/v1/namespaces/${ns}/pods`,
        });
        running += pods.items.filter((x) => x.status?.phase === 'Running').length;
      }
      return running === expected;
    },
    60_000,
  );
}

async function registerTenant(name: string): Promise<{ clusters: ClusterService; clusterId: string; tenantId: string }> {
  const clusters = new ClusterService(t.handle.db, new Keyring([{ id: 'k', key: Buffer.alloc(32, 3) }], 'k'));
  const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
  const { cluster } = await clusters.register({ name, kubeconfig, options: {} }, { name: 'test' });
  const tenantId = newId();
  await t.handle.db.insertInto('tenants').values({ id: tenantId, name, cluster_id: cluster.id }).execute();
  return { clusters, clusterId: cluster.id, tenantId };
}

async function samplesOf(tenantId: string) {
  const rows = await t.handle.db
    .selectFrom('usage_samples')
    .select(['ts', 'project_id', 'cluster_id', 'source', 'cpu_milli', 'mem_mib', 'sample_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('ts')
    .orderBy('project_id')
    .execute();
  return rows.map((r) => ({ ...r, ts: r.ts.toISOString(), cpu_milli: Number(r.cpu_milli), mem_mib: Number(r.mem_mib) }));
}

const METRICS_CRD = 'pods.metrics.k8s.io';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/**
 * A STAND-IN for metrics-server: a CRD that serves the metrics API's URLs and object shapes
 * (`/apis/metrics.k8s.io/v1beta1/namespaces/<ns>/pods`, PodMetrics with `containers[].usage`). The
 * test cluster has no metrics-server and no API aggregation; the reads metering makes are the same.
 * Cluster-wide: created and deleted by the one test that uses it.
 */
async function installMetricsStandIn(kc: KubeConnection): Promise<void> {
  await kubeRequest(kc, { method: 'DELETE', path: `${CRD_PATH}/${METRICS_CRD}` }).catch((e: unknown) => {
    if (!isNotFound(e)) throw e;
  });
  await waitFor('a leftover metrics stand-in CRD to be gone', async () =>
    kubeRequest(kc, { method: 'GET', path: `${CRD_PATH}/${METRICS_CRD}` }).then(
      () => false,
      (e: unknown) => isNotFound(e),
    ),
  );
  await kubeRequest(kc, {
    method: 'POST',
    path: CRD_PATH,
    body: {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: METRICS_CRD, annotations: { 'api-approved.kubernetes.io': 'unapproved, kubeOP test stand-in for metrics-server' } },
      spec: {
        group: 'metrics.k8s.io',
        scope: 'Namespaced',
        names: { kind: 'PodMetrics', listKind: 'PodMetricsList', plural: 'pods', singular: 'podmetrics' },
        versions: [
          {
            name: 'v1beta1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    },
  });
  await waitFor('the metrics stand-in CRD to be Established', async () => {
    const crd = await kubeRequest<{ status?: { conditions?: { type: string; status: string }[] } }>(kc, {
      method: 'GET',
      path: `${CRD_PATH}/${METRICS_CRD}`,
    });
    const established = crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    if (!established) throw new Error(`conditions: ${JSON.stringify(crd.status?.conditions ?? [])}`);
    return true;
  });
  await waitFor('the metrics API to be discoverable', () => metricsApiServed(kc));
}

async function podMetrics(
  kc: KubeConnection,
  namespace: string,
  name: string,
  containers: Record<string, { cpu: string; memory: string }>,
) {
  await kubeRequest(kc, {
    method: 'POST',
    path: `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods`,
    body: {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name },
      timestamp: new Date().toISOString(),
      window: '30s',
      containers: Object.entries(containers).map(([c, usage]) => ({ name: c, usage })),
    },
  });
}

// The tests run one after another (the metrics stand-in is cluster-wide: the requests test runs first, without it).
describe(`metering on ${inject('databaseKind')} PostgreSQL`, () => {
  it("records each bound tenant's effective pod requests per project for the slot, once however often it runs", async () => {
    const { clusters, clusterId, tenantId } = await registerTenant('metered');
    const projectId = newId();
    const kc = testConnection();
    const nodeName = await firstNode(kc);
    const plain = uniqueNamespace('kubeop-meter');
    const badLabel = uniqueNamespace('kubeop-meter-bad');
    const project = uniqueNamespace('kubeop-meter-proj');
    const namespaces = [plain, badLabel, project];
    const metering = new Metering({ db: t.handle.db, clusters, databaseUrl: t.url, now: () => new Date(Date.UTC(2026, 11, 2, 10, 30)) });
    try {
      for (const ns of namespaces) await createNamespace(kc, ns);
      await createPods(kc, plain, [
        pod('a', nodeName, { cpu: '250m', memory: '128Mi' }),
        pod('b', nodeName, { cpu: '0.5', memory: '256Mi' }),
        // never scheduled: holds no requests, not metered
        pod('pending', nodeName, { cpu: '4', memory: '4Gi', extra: { nodeSelector: { 'kubeop.test/none': 'x' } } }),
      ]);
      await createPods(kc, badLabel, [pod('c', nodeName, { cpu: '100m', memory: '64Mi' })]);
      await createPods(kc, project, [
        pod('p', nodeName, {
          cpu: '500m',
          memory: '256Mi',
          extra: {
            nodeName,
            initContainers: [
              {
                name: 'sidecar',
                image: 'example.invalid/proxy:1',
                restartPolicy: 'Always',
                resources: { requests: { cpu: '100m', memory: '64Mi' } },
              },
              { name: 'migrate', image: 'example.invalid/migrate:1', resources: { requests: { cpu: '2', memory: '32Mi' } } },
            ],
          },
        }),
      ]);
      await waitRunning(kc, namespaces, 4);
      await labelNamespace(kc, plain, { [TENANT_LABEL]: tenantId });
      // a project label that is no project id: counts for the tenant
      await labelNamespace(kc, badLabel, { [TENANT_LABEL]: tenantId, [PROJECT_LABEL]: 'not-a-uuid' });
      await labelNamespace(kc, project, { [TENANT_LABEL]: tenantId, [PROJECT_LABEL]: projectId });

      const first = await metering.meterNow();
      expect(first.get(clusterId)).toEqual({ action: 'metered', tenants: 1, samples: 2, accepted: 2, duplicates: 0 });
      const second = await metering.meterNow();
      expect(second.get(clusterId)).toEqual({ action: 'metered', tenants: 1, samples: 2, accepted: 0, duplicates: 2 });

      const hour = '2026-12-02T10:00:00.000Z';
      expect(await samplesOf(tenantId)).toEqual([
        // the project: cpu max(500m app + 100m sidecar, 2 init + 100m sidecar) = 2100m; memory max(256Mi + 64Mi, 32Mi + 64Mi)
        {
          ts: hour,
          project_id: projectId,
          cluster_id: clusterId,
          source: 'requests',
          cpu_milli: 2100,
          mem_mib: 320,
          sample_id: `meter:${clusterId}:${tenantId}:${projectId}:${hour}:0`,
        },
        // the tenant's namespaces outside a project: a + b + c
        {
          ts: hour,
          project_id: null,
          cluster_id: clusterId,
          source: 'requests',
          cpu_milli: 850,
          mem_mib: 448,
          sample_id: `meter:${clusterId}:${tenantId}:-:${hour}:0`,
        },
      ]);

      // with 15-minute slots, a run counts a quarter of the hour, once per slot
      const quarter = new Metering({
        db: t.handle.db,
        clusters,
        databaseUrl: t.url,
        slotMinutes: 15,
        now: () => new Date(Date.UTC(2026, 11, 2, 11, 50)),
      });
      expect((await quarter.meterNow()).get(clusterId)).toMatchObject({ accepted: 2 });
      expect((await quarter.meterNow()).get(clusterId)).toMatchObject({ accepted: 0, duplicates: 2 });
      const q = (await samplesOf(tenantId)).filter((r) => r.ts === '2026-12-02T11:00:00.000Z');
      // 2100/4 = 525 and 320/4 = 80; 850/4 = 212.5 rounded up and 448/4 = 112
      expect(q.map((r) => [r.project_id, r.cpu_milli, r.mem_mib, r.sample_id?.endsWith(':3')])).toEqual([
        [projectId, 525, 80, true],
        [null, 213, 112, true],
      ]);
    } finally {
      await metering.stop();
      for (const ns of namespaces) await kubeRequest(kc, { method: 'DELETE', path: `/api/v1/namespaces/${ns}` }).catch(() => undefined);
    }
  });

  it('meters metrics-server usage where the metrics API has the pod, requests where not (a CRD stand-in serving the metrics API URLs and shapes)', async () => {
    const { clusters, clusterId, tenantId } = await registerTenant('metered-metrics');
    const projectId = newId();
    const kc = testConnection();
    const nodeName = await firstNode(kc);
    const namespace = uniqueNamespace('kubeop-meter-usage');
    let hourOfRun = Date.UTC(2026, 11, 3, 10, 5);
    const metering = new Metering({ db: t.handle.db, clusters, databaseUrl: t.url, now: () => new Date(hourOfRun) });
    try {
      await createNamespace(kc, namespace);
      await createPods(kc, namespace, [
        pod('x', nodeName, { cpu: '200m', memory: '100Mi' }),
        pod('y', nodeName, { cpu: '300m', memory: '200Mi' }),
      ]);
      await waitRunning(kc, [namespace], 2);
      await labelNamespace(kc, namespace, { [TENANT_LABEL]: tenantId, [PROJECT_LABEL]: projectId });
      expect(await metricsApiServed(kc)).toBe(false);

      await installMetricsStandIn(kc);
      // x measured (two containers: 30m + 20000000n = 50m, 30Mi + 10Mi); y has no metrics: its requests count
      await podMetrics(kc, namespace, 'x', { c: { cpu: '30m', memory: '30Mi' }, d: { cpu: '20000000n', memory: '10Mi' } });
      expect((await metering.meterNow()).get(clusterId)).toEqual({ action: 'metered', tenants: 1, samples: 1, accepted: 1, duplicates: 0 });

      await podMetrics(kc, namespace, 'y', { c: { cpu: '100m', memory: '60Mi' } });
      hourOfRun = Date.UTC(2026, 11, 3, 11, 5);
      expect((await metering.meterNow()).get(clusterId)).toMatchObject({ action: 'metered', accepted: 1 });

      expect((await samplesOf(tenantId)).map((r) => [r.ts, r.project_id, r.source, r.cpu_milli, r.mem_mib])).toEqual([
        ['2026-12-03T10:00:00.000Z', projectId, 'metrics+requests', 50 + 300, 40 + 200],
        ['2026-12-03T11:00:00.000Z', projectId, 'metrics', 150, 100],
      ]);
    } finally {
      await metering.stop();
      await kubeRequest(kc, { method: 'DELETE', path: `${CRD_PATH}/${METRICS_CRD}` }).catch(() => undefined);
      await kubeRequest(kc, { method: 'DELETE', path: `/api/v1/namespaces/${namespace}` }).catch(() => undefined);
    }
  });
});
