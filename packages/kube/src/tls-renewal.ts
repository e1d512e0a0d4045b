/**
 * Renews the admission webhook's TLS material on a running installation, without a bootstrap:
 * the Manager calls this periodically for every bootstrapped cluster. Nothing is written while the
 * material is fresh; a serving certificate near expiry is re-issued from the same CA (caBundle
 * unchanged); a CA near expiry is replaced with the old CA kept in the caBundle for the overlap
 * (webhook configurations applied first, see buildAdmissionManifests), and a finished overlap drops
 * the old CA. Only the admission objects are applied, with the same options as bootstrap.
 */
import { X509Certificate } from 'node:crypto';
import { applyObjects, type ApplyOptions, type ApplyResult } from './apply.js';
import type { KubeConnection } from './kubeconfig.js';
import { admissionServingNames, type AdmissionTlsMaterial } from './manifests/admission.js';
import { buildAdmissionManifests } from './manifests/index.js';
import { resolvePlatformOptions, type PlatformOptionsInput } from './options.js';
import { certificateFingerprint, checkAdmissionTls, chooseAdmissionTls, readAdmissionTls, type TlsSource } from './tls.js';

/** What is known of the admission TLS material, without secrets. */
export interface TlsSummary {
  source: TlsSource;
  caFingerprint: string;
  caNotAfter: string;
  servingNotAfter: string;
  /** Present while a previous CA is still trusted in the caBundle. */
  previousCaFingerprint?: string;
  renewedBecause?: string[];
}

export function tlsSummary(material: AdmissionTlsMaterial, source: TlsSource, renewedBecause?: string[]): TlsSummary {
  const notAfter = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString();
  return {
    source,
    caFingerprint: certificateFingerprint(material.caCert),
    caNotAfter: notAfter(material.caCert),
    servingNotAfter: notAfter(material.cert),
    ...(material.previousCaCert ? { previousCaFingerprint: certificateFingerprint(material.previousCaCert) } : {}),
    ...(renewedBecause ? { renewedBecause } : {}),
  };
}

export type TlsRenewal =
  /** No admission TLS on the cluster (admission not installed): nothing to renew. */
  | { action: 'absent' }
  /** Valid for longer than the renewal window: nothing written. */
  | { action: 'fresh'; tls: TlsSummary }
  | { action: 'renewed'; tls: TlsSummary; objects: ApplyResult[] };

export async function renewAdmissionTls(
  kc: KubeConnection,
  input: PlatformOptionsInput = {},
  run: ApplyOptions & { now?: Date } = {},
): Promise<TlsRenewal> {
  const { now = new Date(), ...applyOpts } = run;
  const opts = resolvePlatformOptions({ ...input, installAdmission: true });
  const existing = await readAdmissionTls(kc, { namespace: opts.namespace, ...applyOpts });
  if (!existing?.cert) return { action: 'absent' };
  const names = admissionServingNames(opts);
  const check = checkAdmissionTls(existing, names, now);
  const chosen = await chooseAdmissionTls(names, existing, undefined, now);
  if (check.servingOk && !check.previousCaStale) return { action: 'fresh', tls: tlsSummary(chosen.material, chosen.source) };
  const reasons = check.previousCaStale ? [...chosen.problems, 'previous CA overlap is over'] : chosen.problems;
  const objects = await applyObjects(kc, buildAdmissionManifests(opts, chosen.material), applyOpts);
  return { action: 'renewed', tls: tlsSummary(chosen.material, chosen.source, reasons), objects };
}
