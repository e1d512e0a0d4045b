import type { KubeConnection } from './kubeconfig.js';
import { getObject, isNotFound, kubeRequest, versionOf } from './kube.js';
import { CRD_API_VERSION, CRD_NAMES } from './manifests/crds.js';
import { parsePlatformRecord, type PlatformRecord } from './manifests/platform-config.js';
import type { LiveObject } from './manifests/types.js';
import { platformNames } from './options.js';
import { DEFAULT_POLICY_NAME, type PolicySpec } from './workloads/policy.js';

/** Default deadline of each status request; all requests run in parallel, so this bounds the call. */
export const DEFAULT_STATUS_TIMEOUT_MS = 3_000;

export interface DeploymentState {
  exists: boolean;
  /** The Deployment's Available condition is True. */
  available: boolean;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
  /** Image of the first container (what is installed). */
  image: string | null;
  message?: string;
}

export interface WebhookConfigState {
  exists: boolean;
  webhooks: number;
  /** Webhooks with an empty clientConfig.caBundle, by name. */
  missingCABundle: string[];
}

export interface PlatformStatus {
  /** operator && crdsEstablished && (admission not installed || (admission && webhookCABundle)). */
  ready: boolean;
  /** Deployment `kubeop-operator` exists, is Available and has readyReplicas > 0. */
  operator: boolean;
  /** Deployment `kubeop-admission` exists, is Available and has readyReplicas > 0. */
  admission: boolean;
  /** Both webhook configurations exist and every webhook in them has a non-empty caBundle. */
  webhookCABundle: boolean;
  apiReachable: boolean;
  serverVersion: string | null;
  /** All seven paas.kubeop.io CRDs exist and are Established. */
  crdsEstablished: boolean;
  /**
   * Whether readiness requires admission: from the `kubeop-platform` record of the last bootstrap,
   * else from the `requireAdmission` option (default true, the upstream contract).
   */
  admissionRequired: boolean;
  details: {
    namespace: string;
    /** What the last completed bootstrap recorded; null when none completed (or the record was removed). */
    platform: PlatformRecord | null;
    operator: DeploymentState;
    admission: DeploymentState;
    validatingWebhook: WebhookConfigState;
    mutatingWebhook: WebhookConfigState;
    crds: Array<{ name: string; established: boolean }>;
    /** `spec.revision` of the cluster's `Policy/default` (what the Manager last synced); null when it does not exist. */
    policyRevision: number | null;
    /** Problems met while asking (unreachable, forbidden, timeouts); empty when every call answered. */
    errors: string[];
    durationMs: number;
  };
}

export interface PlatformStatusOptions {
  /** Deadline of each request (default 3 s). The whole call takes about one deadline at most. */
  timeoutMs?: number;
  namespace?: string;
  /** Used when no bootstrap record exists (default true). */
  requireAdmission?: boolean;
  signal?: AbortSignal;
}

interface DeploymentLive extends LiveObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: Array<{ image?: string }> } } };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
    conditions?: Array<{ type: string; status: string; message?: string }>;
  };
}

interface WebhookConfigLive extends LiveObject {
  webhooks?: Array<{ name: string; clientConfig?: { caBundle?: string } }>;
}

interface CrdLive extends LiveObject {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

const NO_DEPLOYMENT: DeploymentState = {
  exists: false,
  available: false,
  replicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  updatedReplicas: 0,
  image: null,
};
const NO_WEBHOOKS: WebhookConfigState = { exists: false, webhooks: 0, missingCABundle: [] };

function deploymentState(d: DeploymentLive | null): DeploymentState {
  if (!d) return NO_DEPLOYMENT;
  const available = d.status?.conditions?.find((c) => c.type === 'Available');
  const state: DeploymentState = {
    exists: true,
    available: available?.status === 'True',
    replicas: d.status?.replicas ?? 0,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    image: d.spec?.template?.spec?.containers?.[0]?.image ?? null,
  };
  if (available?.message) state.message = available.message.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 200);
  return state;
}

function webhookState(w: WebhookConfigLive | null): WebhookConfigState {
  if (!w) return NO_WEBHOOKS;
  const hooks = w.webhooks ?? [];
  return { exists: true, webhooks: hooks.length, missingCABundle: hooks.filter((h) => !h.clientConfig?.caBundle).map((h) => h.name) };
}

const webhookOk = (s: WebhookConfigState): boolean => s.exists && s.webhooks > 0 && s.missingCABundle.length === 0;
const deploymentOk = (s: DeploymentState): boolean => s.exists && s.available && s.readyReplicas > 0;

/**
 * Status and readiness of the platform on a cluster. Never throws for cluster problems: an
 * unreachable API server gives `apiReachable: false` (and everything false) within about one
 * `timeoutMs`; other failures are listed in `details.errors` and count as "not ready".
 *
 * Readiness when admission is not installed: the bootstrap records `installAdmission` in ConfigMap
 * `kubeop-platform`; when it says false, `ready` does not require admission and webhooks (they are
 * still reported, as false). Without a record `requireAdmission` decides (default true).
 */
export async function platformStatus(kc: KubeConnection, options: PlatformStatusOptions = {}): Promise<PlatformStatus> {
  const started = Date.now();
  const n = platformNames(options.namespace);
  const req = { timeoutMs: options.timeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) };
  const errors: string[] = [];
  const soft = async <T>(what: string, p: Promise<T | null>): Promise<T | null> => {
    try {
      return await p;
    } catch (e) {
      errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };

  let serverVersion: string | null = null;
  let apiReachable = false;
  const version = kubeRequest<{ gitVersion?: string }>(kc, { method: 'GET', path: '/version', ...req }).then(
    (v) => {
      apiReachable = true;
      serverVersion = versionOf(v);
    },
    (e: unknown) => {
      errors.push(`version: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  const [, operatorD, admissionD, validating, mutating, record, policy, ...crds] = await Promise.all([
    version,
    soft(
      'operator',
      getObject<DeploymentLive>(kc, { apiVersion: 'apps/v1', kind: 'Deployment', name: n.operator, namespace: n.namespace }, req),
    ),
    soft(
      'admission',
      getObject<DeploymentLive>(kc, { apiVersion: 'apps/v1', kind: 'Deployment', name: n.admission, namespace: n.namespace }, req),
    ),
    soft(
      'validating webhook',
      getObject<WebhookConfigLive>(
        kc,
        { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: n.webhookConfiguration },
        req,
      ),
    ),
    soft(
      'mutating webhook',
      getObject<WebhookConfigLive>(
        kc,
        { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: n.webhookConfiguration },
        req,
      ),
    ),
    soft(
      'platform record',
      getObject<{ data?: Record<string, string> }>(
        kc,
        { apiVersion: 'v1', kind: 'ConfigMap', name: n.platformConfigMap, namespace: n.namespace },
        req,
      ),
    ),
    // by path (no discovery): a cluster without the CRDs has no policy, which is not an error
    soft(
      'policy',
      kubeRequest<{ spec?: PolicySpec }>(kc, {
        method: 'GET',
        path: `/apis/${CRD_API_VERSION}/policies/${DEFAULT_POLICY_NAME}`,
        ...req,
      }).catch((e: unknown) => {
        if (isNotFound(e)) return null;
        throw e;
      }),
    ),
    ...CRD_NAMES.map((name) =>
      soft(`crd ${name}`, getObject<CrdLive>(kc, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name }, req)),
    ),
  ]);

  // when the version call failed for transport reasons every other call failed the same way:
  // report one error, not eight
  if (!apiReachable && errors.length > 1) errors.splice(1);

  const crdStates = CRD_NAMES.map((name, i) => {
    const c = crds[i] as CrdLive | null;
    return { name, established: !!c?.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True') };
  });
  const operator = deploymentState(operatorD);
  const admission = deploymentState(admissionD);
  const validatingState = webhookState(validating);
  const mutatingState = webhookState(mutating);
  const platform = parsePlatformRecord(record?.data);
  const admissionRequired = platform ? platform.installAdmission : (options.requireAdmission ?? true);

  const result = {
    operator: apiReachable && deploymentOk(operator),
    admission: apiReachable && deploymentOk(admission),
    webhookCABundle: apiReachable && webhookOk(validatingState) && webhookOk(mutatingState),
    crdsEstablished: apiReachable && crdStates.every((c) => c.established),
  };
  return {
    ready: result.operator && result.crdsEstablished && (!admissionRequired || (result.admission && result.webhookCABundle)),
    ...result,
    apiReachable,
    serverVersion,
    admissionRequired,
    details: {
      namespace: n.namespace,
      platform,
      operator,
      admission,
      validatingWebhook: validatingState,
      mutatingWebhook: mutatingState,
      crds: crdStates,
      policyRevision: policy ? (policy.spec?.revision ?? 0) : null,
      errors,
      durationMs: Date.now() - started,
    },
  };
}

export interface ProbeResult {
  reachable: boolean;
  serverVersion: string | null;
  error: string | null;
}

/** Asks the API server for its version, within `timeoutMs`. Never throws; the error is a summary. */
export async function probeCluster(kc: KubeConnection, timeoutMs = 3000): Promise<ProbeResult> {
  try {
    const v = await kubeRequest<{ gitVersion?: unknown }>(kc, { method: 'GET', path: '/version', timeoutMs });
    return { reachable: true, serverVersion: versionOf(v), error: null };
  } catch (e) {
    return { reachable: false, serverVersion: null, error: e instanceof Error ? e.message.slice(0, 300) : 'unreachable' };
  }
}
