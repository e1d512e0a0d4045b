import pkg from '../package.json' with { type: 'json' };
import { InvalidError } from './errors.js';

/** Version of this kubeOP release: image tags default to it (the package version is the single source). */
export const KUBEOP_VERSION: string = pkg.version;

/** The namespace the platform lives in unless told otherwise. */
export const DEFAULT_SYSTEM_NAMESPACE = 'kubeop-system';

/** Image registry/repository prefix of the release images. */
export const IMAGE_REPOSITORY = 'ghcr.io/kubeop';

/** The metrics-server release whose manifests `manifests/metrics-server.ts` reproduces. */
export const METRICS_SERVER_VERSION = 'v0.7.2';
export const METRICS_SERVER_IMAGE = `registry.k8s.io/metrics-server/metrics-server:${METRICS_SERVER_VERSION}`;

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * How the API server reaches the admission webhook:
 * - `service`: the in-cluster Service `<namespace>/kubeop-admission` (port 443), the normal case;
 * - `url`: a fixed HTTPS base URL, e.g. `https://127.0.0.1:9443` for an admission process running on the
 *   API server's host (local control plane, where pods are simulated). `/mutate` and `/validate` are appended.
 */
export type AdmissionWebhookMode = { mode: 'service' } | { mode: 'url'; baseUrl: string };

export type WebhookFailurePolicy = 'Fail' | 'Ignore';

export interface PlatformOptions {
  /** Release version recorded on every object (`app.kubernetes.io/version`) and used for default image tags. */
  version: string;
  /** System namespace (default `kubeop-system`). Cluster-scoped object names get `-<namespace>` appended when it is not the default, so several installations can share a cluster (tests). */
  namespace: string;
  operatorImage: string;
  admissionImage: string;
  /** Images of the DNS and ACME mocks (only with `mocks`). */
  dnsMockImage: string;
  acmeMockImage: string;
  imagePullPolicy: ImagePullPolicy;
  installAdmission: boolean;
  admissionWebhook: AdmissionWebhookMode;
  /** failurePolicy of the validating webhooks (the mutating one, which only adds a label, is always `Ignore`). */
  admissionFailurePolicy: WebhookFailurePolicy;
  /** Replicas of the admission Deployment (the operator's replicas are left to the HPA / default 1). */
  admissionReplicas: number;
  /** Deploy the DNS and ACME mocks and point the operator at them. */
  mocks: boolean;
  /**
   * Also install metrics-server (kubernetes-sigs/metrics-server, upstream manifests, in `kube-system`),
   * which HPAs and `kubectl top` need. Default false. Optional so callers that predate it still type-check;
   * resolvePlatformOptions always sets it.
   */
  installMetricsServer?: boolean;
  /** metrics-server image (default {@link METRICS_SERVER_IMAGE}, the pinned upstream release). */
  metricsServerImage: string;
}

/** What callers may pass: every field is optional and defaults to this release's values. */
export type PlatformOptionsInput = Partial<PlatformOptions>;

export function defaultImage(component: 'operator' | 'admission' | 'dns-mock' | 'acme-mock', version: string): string {
  return `${IMAGE_REPOSITORY}/${component}:${version}`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PULL_POLICIES: readonly ImagePullPolicy[] = ['Always', 'IfNotPresent', 'Never'];

/** Fills in defaults and validates. Throws InvalidError naming the offending option. */
export function resolvePlatformOptions(input: PlatformOptionsInput = {}): PlatformOptions {
  const version = input.version ?? KUBEOP_VERSION;
  const opts: PlatformOptions = {
    version,
    namespace: input.namespace ?? DEFAULT_SYSTEM_NAMESPACE,
    operatorImage: input.operatorImage || defaultImage('operator', version),
    admissionImage: input.admissionImage || defaultImage('admission', version),
    dnsMockImage: input.dnsMockImage || defaultImage('dns-mock', version),
    acmeMockImage: input.acmeMockImage || defaultImage('acme-mock', version),
    imagePullPolicy: input.imagePullPolicy ?? 'IfNotPresent',
    installAdmission: input.installAdmission ?? true,
    admissionWebhook: input.admissionWebhook ?? { mode: 'service' },
    admissionFailurePolicy: input.admissionFailurePolicy ?? 'Fail',
    admissionReplicas: input.admissionReplicas ?? 2,
    mocks: input.mocks ?? false,
    installMetricsServer: input.installMetricsServer ?? false,
    metricsServerImage: input.metricsServerImage || METRICS_SERVER_IMAGE,
  };
  if (!DNS1123_LABEL.test(opts.namespace) || opts.namespace.length > 63) {
    throw InvalidError.field('namespace', 'must be a DNS-1123 label');
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(opts.version)) throw InvalidError.field('version', 'must be a valid image tag');
  for (const f of ['operatorImage', 'admissionImage', 'dnsMockImage', 'acmeMockImage', 'metricsServerImage'] as const) {
    if (/\s/.test(opts[f])) throw InvalidError.field(f, 'must not contain whitespace');
  }
  if (typeof opts.installMetricsServer !== 'boolean') throw InvalidError.field('installMetricsServer', 'must be a boolean');
  if (!PULL_POLICIES.includes(opts.imagePullPolicy)) {
    throw InvalidError.field('imagePullPolicy', `must be one of ${PULL_POLICIES.join(', ')}`);
  }
  if (opts.admissionFailurePolicy !== 'Fail' && opts.admissionFailurePolicy !== 'Ignore') {
    throw InvalidError.field('admissionFailurePolicy', 'must be Fail or Ignore');
  }
  if (!Number.isInteger(opts.admissionReplicas) || opts.admissionReplicas < 1 || opts.admissionReplicas > 10) {
    throw InvalidError.field('admissionReplicas', 'must be an integer between 1 and 10');
  }
  const wh = opts.admissionWebhook;
  if (wh.mode === 'url') {
    opts.admissionWebhook = { mode: 'url', baseUrl: normaliseWebhookBaseUrl(wh.baseUrl) };
  } else if (wh.mode !== 'service') {
    throw InvalidError.field('admissionWebhook.mode', 'must be "service" or "url"');
  }
  return opts;
}

/** `https://host[:port][/prefix]` without a trailing slash, query or fragment. */
export function normaliseWebhookBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw InvalidError.field('admissionWebhook.baseUrl', 'must be an absolute https:// URL');
  }
  if (u.protocol !== 'https:')
    throw InvalidError.field('admissionWebhook.baseUrl', 'must use https (the API server only calls webhooks over TLS)');
  if (u.username || u.password) throw InvalidError.field('admissionWebhook.baseUrl', 'must not contain credentials');
  if (u.search || u.hash) throw InvalidError.field('admissionWebhook.baseUrl', 'must not contain a query or fragment');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * Options from the environment, for the Manager: `KUBEOP_OPERATOR_IMAGE`, `KUBEOP_ADMISSION_IMAGE`,
 * `KUBEOP_DNS_MOCK_IMAGE`, `KUBEOP_ACME_MOCK_IMAGE`, `KUBEOP_METRICS_SERVER_IMAGE`, `KUBEOP_IMAGE_PULL_POLICY`, `KUBEOP_ADMISSION_URL`
 * (switches the webhook registration to `url` mode), `KUBEOP_ADMISSION_FAILURE_POLICY`,
 * `KUBEOP_SYSTEM_NAMESPACE`. Unset or empty variables are left out, so the defaults apply.
 */
export function platformOptionsFromEnv(env: Record<string, string | undefined> = process.env): PlatformOptionsInput {
  const out: PlatformOptionsInput = {};
  const get = (k: string): string | undefined => {
    const v = env[k]?.trim();
    return v ? v : undefined;
  };
  const operatorImage = get('KUBEOP_OPERATOR_IMAGE');
  if (operatorImage) out.operatorImage = operatorImage;
  const admissionImage = get('KUBEOP_ADMISSION_IMAGE');
  if (admissionImage) out.admissionImage = admissionImage;
  const dns = get('KUBEOP_DNS_MOCK_IMAGE');
  if (dns) out.dnsMockImage = dns;
  const acme = get('KUBEOP_ACME_MOCK_IMAGE');
  if (acme) out.acmeMockImage = acme;
  const metricsServer = get('KUBEOP_METRICS_SERVER_IMAGE');
  if (metricsServer) out.metricsServerImage = metricsServer;
  const pull = get('KUBEOP_IMAGE_PULL_POLICY');
  if (pull) out.imagePullPolicy = pull as ImagePullPolicy; // validated by resolvePlatformOptions
  const url = get('KUBEOP_ADMISSION_URL');
  if (url) out.admissionWebhook = { mode: 'url', baseUrl: url };
  const fp = get('KUBEOP_ADMISSION_FAILURE_POLICY');
  if (fp) out.admissionFailurePolicy = fp as WebhookFailurePolicy; // validated by resolvePlatformOptions
  const ns = get('KUBEOP_SYSTEM_NAMESPACE');
  if (ns) out.namespace = ns;
  return out;
}

/** Names of everything the platform installs, derived from the system namespace. */
export interface PlatformNames {
  namespace: string;
  operator: string;
  operatorMetricsService: string;
  operatorClusterRole: string;
  /** ValidatingAdmissionPolicy (and binding) confining the operator's writes to project namespaces. */
  operatorScopePolicy: string;
  operatorLeaderElectionRole: string;
  admission: string;
  admissionClusterRole: string;
  admissionTlsSecret: string;
  admissionCaSecret: string;
  webhookConfiguration: string;
  hpa: string;
  platformConfigMap: string;
  leaderElectionLease: string;
  dnsMock: string;
  acmeMock: string;
}

export function platformNames(namespace: string = DEFAULT_SYSTEM_NAMESPACE): PlatformNames {
  // cluster-scoped names must not collide between installations in different namespaces
  const cs = (base: string): string => (namespace === DEFAULT_SYSTEM_NAMESPACE ? base : `${base}-${namespace}`);
  return {
    namespace,
    operator: 'kubeop-operator',
    operatorMetricsService: 'kubeop-operator-metrics',
    operatorClusterRole: cs('kubeop-operator'),
    operatorScopePolicy: cs('kubeop-operator-scope'),
    operatorLeaderElectionRole: 'kubeop-operator-leader-election',
    admission: 'kubeop-admission',
    admissionClusterRole: cs('kubeop-admission'),
    admissionTlsSecret: 'kubeop-admission-tls',
    admissionCaSecret: 'kubeop-admission-ca',
    webhookConfiguration: cs('kubeop-admission-webhook'),
    hpa: 'kubeop-operator',
    platformConfigMap: 'kubeop-platform',
    leaderElectionLease: 'kubeop-operator-leader',
    dnsMock: 'dns-mock',
    acmeMock: 'acme-mock',
  };
}
