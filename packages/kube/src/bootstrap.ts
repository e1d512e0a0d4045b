import type { KubeConnection } from './kubeconfig.js';
import { applyObjects, pruneObjects, type ApplyOptions, type ApplyResult } from './apply.js';
import { admissionServingNames, type AdmissionTlsMaterial } from './manifests/admission.js';
import { buildPlatformManifests, prunableRefs } from './manifests/index.js';
import { resolvePlatformOptions, type PlatformOptions, type PlatformOptionsInput } from './options.js';
import { chooseAdmissionTls, readAdmissionTls } from './tls.js';
import { tlsSummary, type TlsSummary } from './tls-renewal.js';

export interface BootstrapRunOptions {
  /** Deadline of each API request (default 10 s). */
  timeoutMs?: number;
  /** How long to wait for the CRDs to become Established (default 30 s). */
  crdEstablishedTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface BootstrapReport {
  options: Pick<PlatformOptions, 'namespace' | 'version' | 'operatorImage' | 'admissionImage' | 'installAdmission' | 'mocks'> & {
    admissionWebhookMode: 'service' | 'url';
    installMetricsServer: boolean;
    /** Only when installMetricsServer. */
    metricsServerImage?: string;
  };
  /** One entry per applied object, in apply order. */
  objects: ApplyResult[];
  /**
   * Objects removed because a feature is off (admission, mocks, metrics-server); `absent` entries are
   * omitted, `skipped` ones (present but not kubeOP's, e.g. a cluster's own metrics-server) are listed.
   */
  pruned: ApplyResult[];
  /** Admission TLS (no secrets: the CA fingerprint and expiry dates). */
  tls?: TlsSummary;
  /** True when anything was created, changed or deleted. */
  changed: boolean;
  counts: Record<'created' | 'configured' | 'unchanged' | 'deleted', number>;
  durationMs: number;
}

/**
 * Installs or repairs the kubeOP platform on a cluster: namespace, CRDs, operator (RBAC, Deployment,
 * metrics Service), optional mocks, optional metrics-server (upstream's manifests in `kube-system`),
 * optional admission webhook (RBAC, TLS Secrets, Deployment, Service, webhook configurations with the
 * caBundle filled in), and the `kubeop-platform` record.
 *
 * Server-side apply with field manager `kubeop` (force), so it is idempotent (a second run reports
 * everything `unchanged`) and repairs drift (deleted or edited objects are restored). Objects of
 * features switched off are deleted (only when they carry kubeOP's managed-by label: a metrics-server
 * kubeOP did not install is never removed).
 *
 * `tls` overrides the admission TLS material (e.g. the Manager keeps its own); otherwise what the
 * cluster has is reused while valid, so the caBundle does not change between runs.
 *
 * Throws InvalidError for bad options, UnavailableError when the API server is unreachable or too
 * slow, KubeApiError when it rejects an object (the message names the object).
 */
export async function bootstrapPlatform(
  kc: KubeConnection,
  input: PlatformOptionsInput = {},
  tls?: AdmissionTlsMaterial,
  run: BootstrapRunOptions = {},
): Promise<BootstrapReport> {
  const started = Date.now();
  const opts = resolvePlatformOptions(input);
  const applyOpts: ApplyOptions = {
    ...(run.timeoutMs ? { timeoutMs: run.timeoutMs } : {}),
    ...(run.crdEstablishedTimeoutMs ? { crdEstablishedTimeoutMs: run.crdEstablishedTimeoutMs } : {}),
    ...(run.signal ? { signal: run.signal } : {}),
  };

  let tlsReport: BootstrapReport['tls'];
  let material: AdmissionTlsMaterial | undefined;
  if (opts.installAdmission) {
    const names = admissionServingNames(opts);
    const existing = tls ? null : await readAdmissionTls(kc, { namespace: opts.namespace, ...applyOpts });
    const chosen = await chooseAdmissionTls(names, existing, tls);
    material = chosen.material;
    const renewed = chosen.source !== 'reused' && chosen.source !== 'provided' && existing;
    tlsReport = tlsSummary(material, chosen.source, renewed ? chosen.problems : undefined);
  }

  // prune first: webhook configurations of a disabled admission must go before anything else
  const pruned = (await pruneObjects(kc, prunableRefs(opts), applyOpts)).filter((r) => r.action !== 'absent');
  const objects = await applyObjects(kc, buildPlatformManifests(opts, material), applyOpts);

  const counts = { created: 0, configured: 0, unchanged: 0, deleted: 0 };
  for (const r of [...objects, ...pruned]) if (r.action in counts) counts[r.action as keyof typeof counts]++;
  const report: BootstrapReport = {
    options: {
      namespace: opts.namespace,
      version: opts.version,
      operatorImage: opts.operatorImage,
      admissionImage: opts.admissionImage,
      installAdmission: opts.installAdmission,
      mocks: opts.mocks,
      admissionWebhookMode: opts.admissionWebhook.mode,
      installMetricsServer: opts.installMetricsServer === true,
      ...(opts.installMetricsServer ? { metricsServerImage: opts.metricsServerImage } : {}),
    },
    objects,
    pruned,
    changed: counts.created + counts.configured + counts.deleted > 0,
    counts,
    durationMs: Date.now() - started,
  };
  if (tlsReport) report.tls = tlsReport;
  return report;
}
