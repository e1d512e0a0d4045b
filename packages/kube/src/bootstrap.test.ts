import { uniqueNamespace, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapPlatform, type BootstrapReport } from './bootstrap.js';
import { deleteObject, getObject, KubeApiError, kubeRequest } from './kube.js';
import { buildPlatformManifests, CRD_API_VERSION, type LiveObject, type ObjectRef } from './manifests/index.js';
import { platformNames, resolvePlatformOptions, type PlatformOptionsInput } from './options.js';
import { platformStatus } from './status.js';
import { removeInstallation, startAdmissionStub, testConnection, subsetMismatches, type AdmissionStub } from './test-helpers.js';
import { readAdmissionTls } from './tls.js';
import type { AdmissionTlsMaterial } from './manifests/admission.js';

const kc = testConnection();
const namespace = uniqueNamespace('kubeop-bs');
const n = platformNames(namespace);
const suffix = namespace.slice(-8);
const tenantName = `t-${suffix}`;
const projectPrefix = `p-${suffix}`;

async function apiError(p: Promise<unknown>): Promise<KubeApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KubeApiError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

const rvs = (r: BootstrapReport): Record<string, string | undefined> =>
  Object.fromEntries(r.objects.map((o) => [`${o.ref.kind}/${o.ref.namespace ?? ''}/${o.ref.name}`, o.resourceVersion]));

describe('bootstrapPlatform on the local control plane', () => {
  let stub: AdmissionStub;
  let opts: PlatformOptionsInput;
  let first: BootstrapReport;
  let tls: AdmissionTlsMaterial;

  beforeAll(async () => {
    stub = await startAdmissionStub();
    opts = { namespace, admissionWebhook: { mode: 'url', baseUrl: stub.baseUrl }, mocks: true };
  });

  afterAll(async () => {
    const cr = (kind: string, name: string, ns?: string): ObjectRef => ({
      apiVersion: CRD_API_VERSION,
      kind,
      name,
      ...(ns ? { namespace: ns } : {}),
    });
    await deleteObject(kc, cr('Tenant', tenantName)).catch(() => false);
    const projects = await kubeRequest<{ items: LiveObject[] }>(kc, {
      method: 'GET',
      path: '/apis/paas.kubeop.io/v1alpha1/projects',
      query: { labelSelector: `kubeop.io/test-run=${suffix}` },
    }).catch(() => ({ items: [] as LiveObject[] }));
    for (const p of projects.items) await deleteObject(kc, cr('Project', p.metadata.name)).catch(() => false);
    await removeInstallation(kc, namespace);
    await stub?.close();
  });

  it('creates every object with the expected spec', async () => {
    const t0 = Date.now();
    first = await bootstrapPlatform(kc, opts);
    const elapsed = Date.now() - t0;
    console.log(`[platform] first bootstrap: ${elapsed} ms, ${JSON.stringify(first.counts)}`);

    expect(first.tls?.source).toBe('generated');
    // CRDs are shared by every installation on the cluster: created by whichever test came first
    for (const r of first.objects) {
      if (r.ref.kind === 'CustomResourceDefinition') expect(['created', 'unchanged', 'configured']).toContain(r.action);
      else expect(r.action, `${r.ref.kind} ${r.ref.name}`).toBe('created');
    }
    const kinds = first.objects.map((o) => o.ref.kind);
    expect(kinds.filter((k) => k === 'CustomResourceDefinition')).toHaveLength(7);
    expect(kinds).toEqual(
      expect.arrayContaining(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Secret', 'ClusterRole', 'Role']),
    );

    const material = await readAdmissionTls(kc, { namespace });
    expect(material?.caKey).toBeTruthy();
    tls = material as AdmissionTlsMaterial;
    stub.setTls(tls);

    // everything the intent says is what the cluster has
    for (const intent of buildPlatformManifests(resolvePlatformOptions(opts), tls)) {
      const ref: ObjectRef = { apiVersion: intent.apiVersion, kind: intent.kind, name: intent.metadata.name };
      if (intent.metadata.namespace) ref.namespace = intent.metadata.namespace;
      const live = await getObject<LiveObject>(kc, ref);
      expect(live, `${intent.kind} ${intent.metadata.name}`).not.toBeNull();
      expect(subsetMismatches(live, intent), `${intent.kind} ${intent.metadata.name}`).toEqual([]);
    }
    const vwc = await getObject<{ webhooks: Array<{ clientConfig: { url?: string; caBundle?: string } }> }>(kc, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      name: n.webhookConfiguration,
    });
    expect(
      vwc?.webhooks.every(
        (w) => w.clientConfig.url === `${stub.baseUrl}/validate` && w.clientConfig.caBundle === Buffer.from(tls.caCert).toString('base64'),
      ),
    ).toBe(true);
  });

  it('changes nothing when run again (resourceVersions stable, TLS reused)', async () => {
    const t0 = Date.now();
    const second = await bootstrapPlatform(kc, opts);
    console.log(`[platform] idempotent re-run: ${Date.now() - t0} ms`);
    expect(second.objects.filter((o) => o.action !== 'unchanged')).toEqual([]);
    expect(second.changed).toBe(false);
    // Deployments', PodDisruptionBudgets' and ValidatingAdmissionPolicies' resourceVersions move with
    // status updates by the controllers (not by us): within
    // the run, before == after is what `unchanged` asserts; across runs compare everything else.
    // CRDs are cluster-wide and shared with the other suites running against the same control plane
    // (which may edit and repair them in between), so they too are compared only within the run.
    const stable = (r: BootstrapReport): Record<string, string | undefined> =>
      Object.fromEntries(
        Object.entries(rvs(r)).filter(
          ([k]) =>
            !k.startsWith('Deployment/') &&
            !k.startsWith('PodDisruptionBudget/') &&
            !k.startsWith('CustomResourceDefinition/') &&
            !k.startsWith('ValidatingAdmissionPolicy/'),
        ),
      );
    expect(stable(second)).toEqual(stable(first));
    expect(second.tls?.source).toBe('reused');
    expect(second.tls?.caFingerprint).toBe(first.tls?.caFingerprint);
  });

  it('the API server calls the webhook by URL, trusting the generated CA', async () => {
    await kubeRequest(kc, {
      method: 'POST',
      path: '/apis/paas.kubeop.io/v1alpha1/tenants',
      body: { apiVersion: CRD_API_VERSION, kind: 'Tenant', metadata: { name: tenantName }, spec: { name: tenantName } },
    });
    // webhook configurations are picked up asynchronously: create projects until one was reviewed
    let i = 0;
    await waitFor(
      'webhook called',
      async () => {
        const name = `${projectPrefix}-${i++}`;
        await kubeRequest(kc, {
          method: 'POST',
          path: '/apis/paas.kubeop.io/v1alpha1/projects',
          body: {
            apiVersion: CRD_API_VERSION,
            kind: 'Project',
            metadata: { name, labels: { 'kubeop.io/test-run': suffix } },
            spec: { tenantRef: tenantName, name: 'web', namespace: name },
          },
        });
        return stub.calls.some((c) => c === `/validate CREATE Project ${name}`);
      },
      15_000,
      300,
    );
  });

  it('CRDs: CEL rules report absent fields cleanly, conditions keep their fields, immutable refs', async () => {
    const noName = await apiError(
      kubeRequest(kc, {
        method: 'POST',
        path: '/apis/paas.kubeop.io/v1alpha1/tenants',
        body: { apiVersion: CRD_API_VERSION, kind: 'Tenant', metadata: { name: `x-${suffix}` }, spec: {} },
      }),
    );
    expect(noName.code).toBe(422);
    expect(noName.status?.message).toContain('spec.name');
    expect(noName.status?.message).not.toMatch(/no such key|compilation|evaluation/i);

    const noImage = await apiError(
      kubeRequest(kc, {
        method: 'POST',
        path: `/apis/paas.kubeop.io/v1alpha1/namespaces/${namespace}/apps`,
        body: { apiVersion: CRD_API_VERSION, kind: 'App', metadata: { name: 'web' }, spec: { type: 'Image' } },
      }),
    );
    expect(noImage.code).toBe(422);
    expect(noImage.status?.message).toContain('spec.image is required when spec.type is Image');

    const badType = await apiError(
      kubeRequest(kc, {
        method: 'POST',
        path: `/apis/paas.kubeop.io/v1alpha1/namespaces/${namespace}/apps`,
        body: { apiVersion: CRD_API_VERSION, kind: 'App', metadata: { name: 'web' }, spec: { image: 'nginx' } },
      }),
    );
    expect(badType.code).toBe(422);
    expect(badType.status?.message).toContain('spec.type');

    const condition = {
      type: 'Ready',
      status: 'True',
      reason: 'Bootstrapped',
      message: 'Tenant initialized',
      lastTransitionTime: '2026-01-02T03:04:05Z',
      observedGeneration: 1,
    };
    await kubeRequest(kc, {
      method: 'PATCH',
      path: `/apis/paas.kubeop.io/v1alpha1/tenants/${tenantName}/status`,
      contentType: 'application/merge-patch+json',
      body: { status: { ready: true, observedGeneration: 1, conditions: [condition] } },
    });
    const t = await getObject<{ status: { conditions: unknown[] } }>(kc, { apiVersion: CRD_API_VERSION, kind: 'Tenant', name: tenantName });
    expect(t?.status.conditions).toEqual([condition]);

    const immutable = await apiError(
      kubeRequest(kc, {
        method: 'PATCH',
        path: `/apis/paas.kubeop.io/v1alpha1/projects/${projectPrefix}-0`,
        contentType: 'application/merge-patch+json',
        body: { spec: { namespace: 'other' } },
      }),
    );
    expect(immutable.code).toBe(422);
    expect(immutable.status?.message).toContain('immutable');
  });

  it('repairs drift: deleted objects are recreated, edited fields restored', async () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', name: n.operator, namespace };
    await deleteObject(kc, dep);
    await deleteObject(kc, { apiVersion: 'v1', kind: 'Service', name: n.operatorMetricsService, namespace });
    await deleteObject(kc, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      name: n.webhookConfiguration,
    });
    await deleteObject(kc, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: n.operatorClusterRole });
    // someone edits the admission image with another field manager
    await kubeRequest(kc, {
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/${n.admission}`,
      query: { fieldManager: 'someone-else' },
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'admission', image: 'evil.example/admission:1' }] } } } },
    });
    await waitFor('operator Deployment gone', async () => (await getObject(kc, dep)) === null);

    const repaired = await bootstrapPlatform(kc, opts);
    const action = (kind: string, name: string): string | undefined =>
      repaired.objects.find((o) => o.ref.kind === kind && o.ref.name === name)?.action;
    expect(action('Deployment', n.operator)).toBe('created');
    expect(action('Service', n.operatorMetricsService)).toBe('created');
    expect(action('ValidatingWebhookConfiguration', n.webhookConfiguration)).toBe('created');
    expect(action('ClusterRole', n.operatorClusterRole)).toBe('created');
    expect(action('Deployment', n.admission)).toBe('configured');
    expect(repaired.counts).toMatchObject({ created: 4, configured: 1 });
    const admission = await getObject<{ spec: { template: { spec: { containers: Array<{ image: string }> } } } }>(kc, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: n.admission,
      namespace,
    });
    expect(admission?.spec.template.spec.containers[0]?.image).toBe(resolvePlatformOptions(opts).admissionImage);
  });

  it('leaves the operator replica count to the autoscaler', async () => {
    await kubeRequest(kc, {
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/${n.operator}/scale`,
      query: { fieldManager: 'horizontal-pod-autoscaler' },
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 2 } },
    });
    const r = await bootstrapPlatform(kc, opts);
    expect(r.objects.find((o) => o.ref.kind === 'Deployment' && o.ref.name === n.operator)?.action).toBe('unchanged');
    const d = await getObject<{ spec: { replicas: number } }>(kc, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: n.operator,
      namespace,
    });
    expect(d?.spec.replicas).toBe(2);
  });

  it('removes admission and mocks when they are switched off', async () => {
    const r = await bootstrapPlatform(kc, { ...opts, installAdmission: false, mocks: false });
    const pruned = r.pruned.map((p) => `${p.ref.kind}/${p.ref.name}:${p.action}`);
    expect(pruned).toEqual(
      expect.arrayContaining([
        `ValidatingWebhookConfiguration/${n.webhookConfiguration}:deleted`,
        `MutatingWebhookConfiguration/${n.webhookConfiguration}:deleted`,
        `Deployment/${n.admission}:deleted`,
        `Secret/${n.admissionTlsSecret}:deleted`,
        `Secret/${n.admissionCaSecret}:deleted`,
        `Deployment/${n.dnsMock}:deleted`,
      ]),
    );
    expect(r.tls).toBeUndefined();
    const status = await waitFor('ready without admission', async () => {
      const s = await platformStatus(kc, { namespace });
      return s.ready ? s : undefined;
    });
    expect(status).toMatchObject({ admissionRequired: false, admission: false, webhookCABundle: false, operator: true });
    // and back on: a new CA, the webhooks get its bundle
    const back = await bootstrapPlatform(kc, opts);
    expect(back.tls?.source).toBe('generated');
    expect(back.tls?.caFingerprint).not.toBe(first.tls?.caFingerprint);
    stub.setTls((await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial);
  });
});
