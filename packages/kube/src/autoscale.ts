import type { KubeConnection } from './kubeconfig.js';
import { InvalidError } from './errors.js';
import { FIELD_MANAGER, applyObject, type ApplyAction } from './apply.js';
import { deleteObject, getObject } from './kube.js';
import { buildOperatorHpa, type OperatorHpaSpec } from './manifests/hpa.js';
import type { LiveObject, ObjectRef } from './manifests/types.js';
import { platformNames } from './options.js';

export const AUTOSCALE_DEFAULTS: Readonly<OperatorHpaSpec> = Object.freeze({ min: 1, max: 3, targetCPU: 70 });
/** Upper bound for max replicas (a typo like 3000 should not reach the cluster). */
export const AUTOSCALE_MAX_REPLICAS = 100;

export interface OperatorAutoscaleRequest {
  enabled: boolean;
  /** Default 1. */
  min?: number;
  /** Default 3. */
  max?: number;
  /** Average CPU utilisation target in percent of the request (default 70). */
  targetCPU?: number;
}

export interface OperatorAutoscaleOptions {
  namespace?: string;
  /** Version label for the HPA (default this release). */
  version?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type OperatorAutoscaleResult =
  | { enabled: true; min: number; max: number; targetCPU: number; action: ApplyAction }
  | { enabled: false; action: 'deleted' | 'absent' };

function requireInt(field: 'Min' | 'Max' | 'TargetCPU', v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw InvalidError.field(field, 'must be an integer');
  if (v < lo || v > hi) throw InvalidError.field(field, `must be between ${lo} and ${hi}`);
  return v;
}

/** Validates and fills in defaults; throws InvalidError naming `Min`, `Max` or `TargetCPU`. */
export function validateAutoscale(req: Omit<OperatorAutoscaleRequest, 'enabled'>): OperatorHpaSpec {
  const min = requireInt('Min', req.min ?? AUTOSCALE_DEFAULTS.min, 1, AUTOSCALE_MAX_REPLICAS);
  const max = requireInt('Max', req.max ?? AUTOSCALE_DEFAULTS.max, 1, AUTOSCALE_MAX_REPLICAS);
  if (min > max) throw InvalidError.field('Min', `must be less than or equal to Max (${max})`);
  const targetCPU = requireInt('TargetCPU', req.targetCPU ?? AUTOSCALE_DEFAULTS.targetCPU, 1, 100);
  return { min, max, targetCPU };
}

function hpaRef(namespace: string | undefined): ObjectRef {
  const n = platformNames(namespace);
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: n.hpa, namespace: n.namespace };
}

/**
 * Creates or updates (server-side apply) the operator's `autoscaling/v2` HPA, or deletes it with
 * `enabled: false` (already absent is fine). The operator Deployment leaves `spec.replicas` to the
 * HPA, so a later bootstrap does not undo the scaling. Validation happens before any API call.
 */
export async function setOperatorAutoscale(
  kc: KubeConnection,
  req: OperatorAutoscaleRequest,
  options: OperatorAutoscaleOptions = {},
): Promise<OperatorAutoscaleResult> {
  const reqOpts = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  if (!req.enabled) {
    const deleted = await deleteObject(kc, hpaRef(options.namespace), reqOpts);
    return { enabled: false, action: deleted ? 'deleted' : 'absent' };
  }
  const spec = validateAutoscale(req);
  const hpa = buildOperatorHpa(spec, {
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.version ? { version: options.version } : {}),
  });
  const r = await applyObject(kc, hpa, { fieldManager: FIELD_MANAGER, force: true, ...reqOpts });
  return { enabled: true, ...spec, action: r.action };
}

interface HpaLive extends LiveObject {
  spec?: {
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: Array<{ type?: string; resource?: { name?: string; target?: { averageUtilization?: number } } }>;
  };
}

/** The operator's current autoscaling settings, or `{ enabled: false }` when there is no HPA. */
export async function getOperatorAutoscale(
  kc: KubeConnection,
  options: Omit<OperatorAutoscaleOptions, 'version'> = {},
): Promise<{ enabled: false } | { enabled: true; min: number; max: number; targetCPU: number | null }> {
  const reqOpts = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const hpa = await getObject<HpaLive>(kc, hpaRef(options.namespace), reqOpts);
  if (!hpa) return { enabled: false };
  const cpu = hpa.spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  return {
    enabled: true,
    min: hpa.spec?.minReplicas ?? 1,
    max: hpa.spec?.maxReplicas ?? 1,
    targetCPU: cpu?.resource?.target?.averageUtilization ?? null,
  };
}
