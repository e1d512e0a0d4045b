import { X509Certificate } from 'node:crypto';
import { ensureBinaries, start, uniqueNamespace, waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObjects } from './apply.js';
import { bootstrapPlatform } from './bootstrap.js';
import { getObject, kubeRequest } from './kube.js';
import { admissionServingNames, type AdmissionTlsMaterial } from './manifests/admission.js';
import { buildAdmissionManifests, CRD_API_VERSION } from './manifests/index.js';
import { platformNames, resolvePlatformOptions, type PlatformOptionsInput } from './options.js';
import { parseKubeconfig, type KubeConnection } from './kubeconfig.js';
import { startAdmissionStub, type AdmissionStub } from './test-helpers.js';
import { certificateFingerprint, generateCa, issueServingCertificate, readAdmissionTls } from './tls.js';
import { renewAdmissionTls } from './tls-renewal.js';

let kc: KubeConnection;
const namespace = uniqueNamespace('kubeop-tls');
const n = platformNames(namespace);
const DAY_MS = 86_400_000;

/** The CA certificates in the validating webhooks' caBundle, by fingerprint. */
async function bundleFingerprints(): Promise<string[][]> {
  const v = await getObject<{ webhooks: Array<{ clientConfig: { caBundle: string } }> }>(kc, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    name: n.webhookConfiguration,
  });
  return (v?.webhooks ?? []).map((w) =>
    (
      Buffer.from(w.clientConfig.caBundle, 'base64')
        .toString()
        .match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []
    ).map((pem) => certificateFingerprint(pem)),
  );
}

// Its own control plane: the test makes a failurePolicy-Fail webhook refuse requests on purpose.
describe('admission TLS renewal on its own control plane', () => {
  let plane: ControlPlane | undefined;
  let stub: AdmissionStub;
  let opts: PlatformOptionsInput;
  let probe = 0;

  /** A dry-run Project create, which the API server sends to our webhook (failurePolicy Fail). */
  async function reviewed(): Promise<void> {
    const name = `tls-${namespace.slice(-8)}-${probe++}`;
    await kubeRequest(kc, {
      method: 'POST',
      path: '/apis/paas.kubeop.io/v1alpha1/projects',
      query: { dryRun: 'All' },
      body: { apiVersion: CRD_API_VERSION, kind: 'Project', metadata: { name }, spec: { tenantRef: 't', name: 'web', namespace: name } },
    });
    expect(stub.calls).toContain(`/validate CREATE Project ${name}`);
  }

  /** Puts `material` on the cluster as if an earlier bootstrap had installed it, and serves it. */
  async function install(material: AdmissionTlsMaterial): Promise<void> {
    await applyObjects(kc, buildAdmissionManifests(resolvePlatformOptions({ ...opts, installAdmission: true }), material));
    stub.setTls(material);
  }

  beforeAll(async () => {
    plane = await start({ binDir: await ensureBinaries() });
    kc = parseKubeconfig(plane.kubeconfig).connection;
    stub = await startAdmissionStub();
    opts = { namespace, admissionWebhook: { mode: 'url', baseUrl: stub.baseUrl } };
    await bootstrapPlatform(kc, { ...opts, installAdmission: true });
    stub.setTls((await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial);
    // webhook configurations reach the API server's admission chain asynchronously
    await waitFor('webhook called', () => reviewed().then(() => true), 15_000, 300);
  });

  afterAll(async () => {
    await plane?.stop();
    await stub?.close();
  });

  it('writes nothing while the material is fresh', async () => {
    const r = await renewAdmissionTls(kc, opts);
    expect(r.action).toBe('fresh');
  });

  it('re-issues a serving certificate near expiry from the same CA: caBundle unchanged', async () => {
    const before = (await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial & { caKey: string };
    const names = admissionServingNames(resolvePlatformOptions({ ...opts, installAdmission: true }));
    const short = await issueServingCertificate({ cert: before.caCert, key: before.caKey }, names, { validityDays: 10 });
    await install({ ...before, ...short });
    const bundle = await bundleFingerprints();

    const r = await renewAdmissionTls(kc, opts);
    expect(r).toMatchObject({ action: 'renewed', tls: { source: 'reissued', renewedBecause: ['serving certificate expires soon'] } });
    const after = (await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial;
    expect(new Date(new X509Certificate(after.cert).validTo).getTime()).toBeGreaterThan(Date.now() + 300 * DAY_MS);
    expect(await bundleFingerprints()).toEqual(bundle);
    stub.setTls(after);
    await reviewed();
  });

  it('replaces a CA near expiry with both CAs trusted during the switch, then drops the old one', async () => {
    const names = admissionServingNames(resolvePlatformOptions({ ...opts, installAdmission: true }));
    const oldCa = await generateCa({ validityDays: 10 });
    const oldServing = await issueServingCertificate(oldCa, names, { validityDays: 10 });
    await install({ caCert: oldCa.cert, caKey: oldCa.key, ...oldServing });
    await waitFor('webhook trusts the old CA', () => reviewed().then(() => true), 15_000, 300);

    const r = await renewAdmissionTls(kc, opts);
    if (r.action !== 'renewed') throw new Error(`expected a renewal, got ${r.action}`);
    expect(r.tls.source).toBe('generated');
    expect(r.tls.previousCaFingerprint).toBe(certificateFingerprint(oldCa.cert));
    // the caBundle with both CAs goes out before the Secret a pod would load the new certificate from
    expect(r.objects[0]!.ref.kind).toMatch(/WebhookConfiguration$/);
    for (const fps of await bundleFingerprints()) expect(fps).toEqual([r.tls.caFingerprint, certificateFingerprint(oldCa.cert)]);

    // once the API server trusts the new CA, a replica still serving the old certificate keeps working too
    const renewed = (await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial;
    stub.setTls(renewed);
    await waitFor('webhook trusts the new CA', () => reviewed().then(() => true), 15_000, 300);
    stub.setTls({ caCert: oldCa.cert, ...oldServing });
    await reviewed();

    expect((await renewAdmissionTls(kc, opts)).action).toBe('fresh');
    const later = await renewAdmissionTls(kc, opts, { now: new Date(Date.now() + 8 * DAY_MS) });
    expect(later).toMatchObject({ action: 'renewed', tls: { source: 'reused', renewedBecause: ['previous CA overlap is over'] } });
    for (const fps of await bundleFingerprints()) expect(fps).toEqual([r.tls.caFingerprint]);
    // after the overlap the old CA is no longer trusted
    await waitFor(
      'the old CA is refused',
      () =>
        reviewed().then(
          () => false,
          () => true,
        ),
      15_000,
      300,
    );
    stub.setTls(renewed);
    await waitFor('webhook trusts the new CA only', () => reviewed().then(() => true), 15_000, 300);
  });

  it('does nothing where admission is not installed', async () => {
    expect(await renewAdmissionTls(kc, { namespace: uniqueNamespace('kubeop-none') })).toEqual({ action: 'absent' });
  });
});
