import {
  addQuantities,
  effectivePodRequests,
  isNotFound,
  kubeRequest,
  parseQuantity,
  PROJECT_LABEL,
  TENANT_LABEL,
  ZERO_QUANTITY,
  type KubeConnection,
  type PodRequestsSpecLike,
  type Quantity,
} from '@kubeop/kube';
import { isUuid } from './ids.js';

/**
 * What metering reads from one cluster: per tenant and project, the CPU and memory its pods hold —
 * metrics-server usage where the metrics API has the pod, the effective requests otherwise.
 */

/** The metrics API metrics-server serves (an aggregated API; a CRD stand-in in tests). */
export const METRICS_API = '/apis/metrics.k8s.io/v1beta1';
const PAGE = 500;

/** Where a pod's quantities came from. */
export type PodSource = 'metrics' | 'requests';

export interface PodLike {
  metadata?: { name?: string; namespace?: string };
  spec?: PodRequestsSpecLike & { nodeName?: string };
  status?: { phase?: string };
}
/** A metrics.k8s.io/v1beta1 PodMetrics: usage per container over `window` ending at `timestamp`. */
export interface PodMetricsLike {
  metadata?: { name?: string; namespace?: string };
  containers?: { name?: string; usage?: Record<string, string> }[];
}
interface ListLike<T> {
  items?: T[];
  metadata?: { continue?: string };
}
interface NamespaceLike {
  metadata?: { name?: string; labels?: Record<string, string> };
}
interface ApiResourceListLike {
  resources?: { name?: string }[];
}

/** The CPU and memory one tenant's project (or, with `projectId` null, its namespaces outside a project) holds. */
export interface UsageGroup {
  tenantId: string;
  projectId: string | null;
  cpu: Quantity;
  mem: Quantity;
  /** Pods counted from metrics-server usage. */
  fromMetrics: number;
  /** Pods counted from their requests. */
  fromRequests: number;
}

export type Log = (msg: string, fields?: Record<string, unknown>) => void;

/** Whether a pod holds its requests: scheduled to a node and not finished (Succeeded/Failed). */
export function podHoldsRequests(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** A pod's effective CPU and memory requests as the scheduler counts them (sidecars, init containers, overhead). */
export function podRequests(pod: PodLike): { cpu: Quantity; mem: Quantity } {
  const r = effectivePodRequests(pod.spec);
  return { cpu: r.cpu, mem: r.memory };
}

/** A pod's measured CPU and memory: the sum of its containers' usage (unparsable or negative counts as zero). */
export function podMetricsUsage(metrics: PodMetricsLike): { cpu: Quantity; mem: Quantity } {
  let cpu = ZERO_QUANTITY;
  let mem = ZERO_QUANTITY;
  const take = (text: string | undefined): Quantity | null => {
    const q = text === undefined ? null : parseQuantity(text);
    return q && q.num > 0n ? q : null;
  };
  for (const c of metrics.containers ?? []) {
    const cq = take(c.usage?.cpu);
    const mq = take(c.usage?.memory);
    if (cq) cpu = addQuantities(cpu, cq);
    if (mq) mem = addQuantities(mem, mq);
  }
  return { cpu, mem };
}

/** The project a namespace belongs to: its PROJECT_LABEL when that is a UUID (lower case), otherwise null. */
export function namespaceProject(labels: Record<string, string> | undefined): string | null {
  const v = labels?.[PROJECT_LABEL];
  return v !== undefined && isUuid(v) ? v.toLowerCase() : null;
}

export async function listAll<T>(kc: KubeConnection, path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cont: string | undefined;
  do {
    const page = await kubeRequest<ListLike<T>>(kc, {
      method: 'GET',
      path,
      query: { ...query, limit: String(PAGE), ...(cont ? { continue: cont } : {}) },
    });
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/**
 * Whether the cluster serves the metrics API with pod metrics: `GET /apis/metrics.k8s.io/v1beta1`
 * answers a resource list naming `pods`. 404 → not installed; any other failure (an aggregated API
 * that is down answers 503) → treated as absent, and logged.
 */
export async function metricsApiServed(kc: KubeConnection, log?: Log): Promise<boolean> {
  try {
    const list = await kubeRequest<ApiResourceListLike>(kc, { method: 'GET', path: METRICS_API });
    return (list?.resources ?? []).some((r) => r.name === 'pods');
  } catch (e) {
    if (!isNotFound(e)) log?.('metrics API unavailable: metering from requests', { error: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

/**
 * The metrics of every pod by `namespace/name` (one cluster-wide list); null when they cannot be
 * read (then requests count, and it is logged).
 */
async function clusterMetrics(kc: KubeConnection, log?: Log): Promise<Map<string, PodMetricsLike> | null> {
  try {
    const items = await listAll<PodMetricsLike>(kc, `${METRICS_API}/pods`);
    const byPod = new Map<string, PodMetricsLike>();
    for (const m of items) if (m.metadata?.name) byPod.set(`${m.metadata.namespace ?? ''}/${m.metadata.name}`, m);
    return byPod;
  } catch (e) {
    log?.('pod metrics unreadable: metering from requests', { error: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

/**
 * Reads the usage of `tenants` (ids) on one cluster, grouped by tenant and project: the pods that
 * hold requests (scheduled, unfinished) in namespaces labelled `app.kubeop.io/tenant=<id>`, each at
 * its metrics-server usage when `useMetrics` and the metrics API has it, at its effective requests
 * otherwise. A namespace without a valid `app.kubeop.io/project` label counts for the tenant
 * (`projectId` null). Requests per cluster and run: the tenant namespaces, then the pods and (when
 * used) the pod metrics of the whole cluster, each a paged list — not one per namespace.
 */
export async function readClusterUsage(
  kc: KubeConnection,
  tenants: ReadonlySet<string>,
  useMetrics: boolean,
  log?: Log,
): Promise<UsageGroup[]> {
  const namespaces = await listAll<NamespaceLike>(kc, '/api/v1/namespaces', { labelSelector: TENANT_LABEL });
  const groups = new Map<string, UsageGroup>();
  const groupOf = new Map<string, UsageGroup>();
  for (const ns of namespaces) {
    const tenantId = ns.metadata?.labels?.[TENANT_LABEL];
    const name = ns.metadata?.name;
    if (!tenantId || !name || !tenants.has(tenantId)) continue;
    const projectId = namespaceProject(ns.metadata?.labels);
    const key = `${tenantId}/${projectId ?? '-'}`;
    const group = groups.get(key) ?? { tenantId, projectId, cpu: ZERO_QUANTITY, mem: ZERO_QUANTITY, fromMetrics: 0, fromRequests: 0 };
    groups.set(key, group);
    groupOf.set(name, group);
  }
  if (groupOf.size === 0) return [];
  // One cluster-wide list (paged) instead of one per namespace; the API server leaves out pods that
  // hold nothing (not scheduled, or finished), and the rest are matched to tenant namespaces here.
  const pods = await listAll<PodLike>(kc, '/api/v1/pods', {
    fieldSelector: 'spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed',
  });
  const holding = pods.filter((p) => groupOf.has(p.metadata?.namespace ?? '') && podHoldsRequests(p));
  const metrics = useMetrics && holding.length ? await clusterMetrics(kc, log) : null;
  for (const pod of holding) {
    const group = groupOf.get(pod.metadata!.namespace!)!;
    const measured = pod.metadata?.name ? metrics?.get(`${pod.metadata.namespace}/${pod.metadata.name}`) : undefined;
    const u = measured ? podMetricsUsage(measured) : podRequests(pod);
    group.cpu = addQuantities(group.cpu, u.cpu);
    group.mem = addQuantities(group.mem, u.mem);
    if (measured) group.fromMetrics++;
    else group.fromRequests++;
  }
  return [...groups.values()];
}
