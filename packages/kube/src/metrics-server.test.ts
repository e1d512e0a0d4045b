/**
 * metrics-server install/prune against a control plane of its OWN: pods are simulated there, so the
 * metrics APIService never becomes Available, and an unavailable aggregated API breaks namespace
 * deletion (and discovery) for everyone on the cluster. Never run this on the shared test plane.
 */
import { ensureBinaries, start, waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapPlatform, type BootstrapReport } from './bootstrap.js';
import { deleteObject, getObject, serverSideApply } from './kube.js';
import { parseKubeconfig, type KubeConnection } from './kubeconfig.js';
import {
  buildMetricsServer,
  INSTALLATION_LABEL,
  MANAGED_BY_LABEL,
  METRICS_SERVER_NAMES,
  refOf,
  type KubeObject,
  type LiveObject,
  type ObjectRef,
} from './manifests/index.js';
import { resolvePlatformOptions, type PlatformOptionsInput } from './options.js';
import { subsetMismatches } from './test-helpers.js';

const key = (r: ObjectRef): string => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

const on: PlatformOptionsInput = { installAdmission: false, installMetricsServer: true };
const off: PlatformOptionsInput = { installAdmission: false, installMetricsServer: false };
const intent = buildMetricsServer(resolvePlatformOptions(on));
const refs = intent.map(refOf);
const isMetricsServer = (r: ObjectRef): boolean => refs.some((x) => key(x) === key(r));

/** Upstream's objects without kubeOP's labels: a metrics-server the cluster brought itself. */
function foreign(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    const labels = Object.fromEntries(
      Object.entries(o.metadata.labels ?? {}).filter(([k]) => !k.startsWith('app.kubernetes.io/') && k !== INSTALLATION_LABEL),
    );
    return { ...o, metadata: { ...o.metadata, labels } };
  });
}

describe('metrics-server on its own control plane', () => {
  let plane: ControlPlane | undefined;
  let kc: KubeConnection;
  let first: BootstrapReport;

  beforeAll(async () => {
    plane = await start({ binDir: await ensureBinaries() });
    kc = parseKubeconfig(plane.kubeconfig).connection;
  });

  afterAll(async () => {
    await plane?.stop();
  });

  const live = (ref: ObjectRef): Promise<LiveObject | null> => getObject<LiveObject>(kc, ref);

  it('installMetricsServer: true creates every metrics-server object with the expected spec', async () => {
    first = await bootstrapPlatform(kc, on);
    expect(first.options).toMatchObject({
      installMetricsServer: true,
      metricsServerImage: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
    });
    const ours = first.objects.filter((o) => isMetricsServer(o.ref));
    expect(ours.map((o) => `${key(o.ref)}:${o.action}`)).toEqual(refs.map((r) => `${key(r)}:created`));
    expect(first.pruned).toEqual([]);

    for (const obj of intent) {
      const got = await live(refOf(obj));
      expect(got, key(refOf(obj))).not.toBeNull();
      expect(subsetMismatches(got, obj), key(refOf(obj))).toEqual([]);
    }

    // the aggregation layer is pointed at kube-system/metrics-server:443, TLS unverified as upstream
    const api = await getObject<{ spec: Record<string, unknown> }>(kc, {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      name: 'v1beta1.metrics.k8s.io',
    });
    expect(api?.spec).toMatchObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      insecureSkipTLSVerify: true,
      groupPriorityMinimum: 100,
      versionPriority: 100,
      service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
    });
    expect(api?.spec.caBundle).toBeUndefined();

    // the Deployment is admitted and rolled out (pods are simulated: this proves the spec is valid,
    // e.g. the priority class and service account resolve)
    await waitFor(
      'metrics-server Deployment available',
      async () => {
        const d = await getObject<{ status?: { availableReplicas?: number } }>(kc, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: METRICS_SERVER_NAMES.deployment,
          namespace: METRICS_SERVER_NAMES.namespace,
        });
        return (d?.status?.availableReplicas ?? 0) >= 1;
      },
      30_000,
    );
    const record = await getObject<{ data: Record<string, string> }>(kc, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'kubeop-platform',
      namespace: 'kubeop-system',
    });
    expect(record?.data.installMetricsServer).toBe('true');
  });

  it('changes nothing when run again', async () => {
    const second = await bootstrapPlatform(kc, on);
    expect(second.objects.filter((o) => o.action !== 'unchanged')).toEqual([]);
    expect(second.changed).toBe(false);
    // Within the run, before == after is what `unchanged` asserts. Across runs, the Deployment's and the
    // APIService's resourceVersions move with their status (rollout; the aggregator's Available check),
    // so only the rest is compared.
    const withStatus = ['Deployment', 'APIService'];
    const rv = (r: BootstrapReport): Record<string, string | undefined> =>
      Object.fromEntries(
        r.objects.filter((o) => isMetricsServer(o.ref) && !withStatus.includes(o.ref.kind)).map((o) => [key(o.ref), o.resourceVersion]),
      );
    expect(rv(second)).toEqual(rv(first));
  });

  it('installMetricsServer: false prunes it, APIService first', async () => {
    const r = await bootstrapPlatform(kc, off);
    expect(r.options.installMetricsServer).toBe(false);
    expect(r.objects.some((o) => isMetricsServer(o.ref))).toBe(false);
    expect(r.pruned.map((p) => `${key(p.ref)}:${p.action}`)).toEqual([...refs].reverse().map((x) => `${key(x)}:deleted`));
    for (const ref of refs) expect(await live(ref), key(ref)).toBeNull();
    // and stays quiet once gone
    const again = await bootstrapPlatform(kc, off);
    expect(again.pruned).toEqual([]);
    expect(again.changed).toBe(false);
  });

  it('never prunes a metrics-server it did not install (own or another installation’s)', async () => {
    const put = async (objects: KubeObject[]): Promise<void> => {
      for (const o of objects) await serverSideApply(kc, o, { fieldManager: 'someone-else', force: true });
    };
    try {
      // the cluster's own (upstream manifests, no kubeOP labels)
      await put(foreign(intent));
      let r = await bootstrapPlatform(kc, off);
      expect(r.pruned.map((p) => `${key(p.ref)}:${p.action}`)).toEqual([...refs].reverse().map((x) => `${key(x)}:skipped`));
      for (const ref of refs) expect((await live(ref))?.metadata.labels?.[MANAGED_BY_LABEL], key(ref)).toBeUndefined();

      // installed by a kubeOP installation in another system namespace
      await put(buildMetricsServer(resolvePlatformOptions({ ...on, namespace: 'kubeop-other' })));
      r = await bootstrapPlatform(kc, off);
      expect(r.pruned.every((p) => p.action === 'skipped')).toBe(true);
      expect(r.pruned).toHaveLength(refs.length);
      for (const ref of refs) expect((await live(ref))?.metadata.labels?.[INSTALLATION_LABEL], key(ref)).toBe('kubeop-other');

      // switched on here: this installation takes it over, and then may prune it
      const adopted = await bootstrapPlatform(kc, on);
      expect(adopted.objects.filter((o) => isMetricsServer(o.ref)).every((o) => o.action === 'configured')).toBe(true);
      r = await bootstrapPlatform(kc, off);
      expect(r.pruned.map((p) => p.action)).toEqual(refs.map(() => 'deleted'));
    } finally {
      for (const ref of [...refs].reverse()) await deleteObject(kc, ref).catch(() => false);
    }
  });
});
