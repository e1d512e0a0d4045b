import type { KubeConnection } from './kubeconfig.js';
import { UnavailableError } from './errors.js';
import { deleteObject, getObject, serverSideApply } from './kube.js';
import { MANAGED_BY_LABEL } from './manifests/labels.js';
import { describeRef, refOf, type KubeObject, type LiveObject, type ObjectRef, type PruneRef } from './manifests/types.js';

export const FIELD_MANAGER = 'kubeop';

/**
 * What happened to one object:
 * - `created` / `configured` / `unchanged`: applied; decided from resourceVersion before and after;
 * - `deleted` / `absent`: pruned (or already gone);
 * - `skipped`: left alone because it exists without kubeOP's managed-by label (or a required label).
 */
export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'absent' | 'skipped';

export interface ApplyResult {
  ref: ObjectRef;
  action: ApplyAction;
  /** resourceVersion before the call (absent when the object did not exist). */
  previousResourceVersion?: string;
  /** resourceVersion after the call (absent when deleted/absent). */
  resourceVersion?: string;
  durationMs: number;
}

export interface ApplyOptions {
  fieldManager?: string;
  /** Take over fields other managers own (default true: kubeOP's intent wins). */
  force?: boolean;
  /** Deadline of each API request (default 10 s). */
  timeoutMs?: number;
  /** How long to wait for applied CRDs to become Established (default 30 s). */
  crdEstablishedTimeoutMs?: number;
  signal?: AbortSignal;
}

interface CrdLive extends LiveObject {
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

function requestOpts(o: ApplyOptions): { timeoutMs?: number; signal?: AbortSignal } {
  return { ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.signal ? { signal: o.signal } : {}) };
}

type WithManagedFields = LiveObject & {
  metadata: { generation?: number; managedFields?: Array<{ manager?: string; operation?: string }> };
};

/**
 * True when a resourceVersion moved for a reason other than our apply: controllers update the status
 * of workloads (Deployments, APIServices) between our read and our apply. Then the spec generation is
 * the same and our field manager's entry (fields and timestamp) is exactly as it was.
 */
function untouchedByUs(before: LiveObject, after: LiveObject, manager: string): boolean {
  const b = before as WithManagedFields;
  const a = after as WithManagedFields;
  if (b.metadata.generation === undefined || b.metadata.generation !== a.metadata.generation) return false;
  const ours = (o: WithManagedFields): string | undefined =>
    JSON.stringify(o.metadata.managedFields?.find((f) => f.manager === manager && f.operation === 'Apply'));
  const mine = ours(b);
  return mine !== undefined && mine === ours(a);
}

/** Server-side applies one object and reports created/configured/unchanged. */
export async function applyObject(kc: KubeConnection, obj: KubeObject, o: ApplyOptions = {}): Promise<ApplyResult> {
  const started = Date.now();
  const ref = refOf(obj);
  const before = await getObject<LiveObject>(kc, ref, requestOpts(o));
  const after = await serverSideApply<LiveObject>(kc, obj, {
    fieldManager: o.fieldManager ?? FIELD_MANAGER,
    force: o.force ?? true,
    ...requestOpts(o),
  });
  const prev = before?.metadata.resourceVersion;
  const now = after.metadata.resourceVersion;
  const action: ApplyAction = !before
    ? 'created'
    : prev === now || untouchedByUs(before, after, o.fieldManager ?? FIELD_MANAGER)
      ? 'unchanged'
      : 'configured';
  const result: ApplyResult = { ref, action, durationMs: Date.now() - started };
  if (prev) result.previousResourceVersion = prev;
  if (now) result.resourceVersion = now;
  return result;
}

const isCrd = (o: KubeObject): boolean => o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/');

/** Polls until every named CRD reports Established=True (NamesAccepted problems fail fast). */
export async function waitForCrdsEstablished(kc: KubeConnection, names: string[], o: ApplyOptions = {}): Promise<void> {
  const deadline = Date.now() + (o.crdEstablishedTimeoutMs ?? 30_000);
  const pending = new Set(names);
  for (;;) {
    for (const name of [...pending]) {
      const crd = await getObject<CrdLive>(
        kc,
        { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name },
        requestOpts(o),
      );
      const conds = crd?.status?.conditions ?? [];
      if (conds.some((c) => c.type === 'Established' && c.status === 'True')) pending.delete(name);
      const names = conds.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (names) throw new UnavailableError(`CRD ${name} was not accepted: ${names.message ?? names.reason ?? 'NamesAccepted=False'}`);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new UnavailableError(`CRDs not Established in time: ${[...pending].join(', ')}`);
    if (o.signal?.aborted) throw new UnavailableError('apply cancelled');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Applies `objects` with server-side apply (field manager `kubeop`, force): CRDs first (in
 * parallel) and, once they are Established, everything else in the given order. Stops at the first
 * error (the error names the object). Idempotent: applying the same intent again leaves every
 * resourceVersion as it was, and an object deleted behind kubeOP's back is recreated.
 */
export async function applyObjects(kc: KubeConnection, objects: readonly KubeObject[], o: ApplyOptions = {}): Promise<ApplyResult[]> {
  const crds = objects.filter(isCrd);
  const rest = objects.filter((x) => !isCrd(x));
  const results: ApplyResult[] = [];
  if (crds.length) {
    results.push(...(await Promise.all(crds.map((c) => withContext(c, () => applyObject(kc, c, o))))));
    await waitForCrdsEstablished(
      kc,
      crds.map((c) => c.metadata.name),
      o,
    );
  }
  for (const obj of rest) results.push(await withContext(obj, () => applyObject(kc, obj, o)));
  return results;
}

/** Whether a live object may be pruned: kubeOP's managed-by label, plus every label `required` names. */
export function isPrunable(labels: Record<string, string> | undefined, required: Record<string, string> = {}): boolean {
  if (labels?.[MANAGED_BY_LABEL] !== 'kubeop') return false;
  return Object.entries(required).every(([k, v]) => labels[k] === v);
}

/**
 * Deletes objects that carry kubeOP's managed-by label (and a ref's `requireLabels`), in the given
 * order. Objects without them are left alone (`skipped`): kubeOP never deletes what it does not manage.
 */
export async function pruneObjects(kc: KubeConnection, refs: readonly PruneRef[], o: ApplyOptions = {}): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const { requireLabels, ...ref } of refs) {
    const started = Date.now();
    const live = await withContext(ref, () => getObject<LiveObject>(kc, ref, requestOpts(o)));
    let action: ApplyAction = 'absent';
    if (live) {
      if (!isPrunable(live.metadata.labels, requireLabels)) action = 'skipped';
      else action = (await withContext(ref, () => deleteObject(kc, ref, requestOpts(o)))) ? 'deleted' : 'absent';
    }
    const r: ApplyResult = { ref, action, durationMs: Date.now() - started };
    if (live?.metadata.resourceVersion) r.previousResourceVersion = live.metadata.resourceVersion;
    results.push(r);
  }
  return results;
}

async function withContext<T>(obj: KubeObject | ObjectRef, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const ref = 'metadata' in obj ? refOf(obj) : obj;
    if (e instanceof Error) e.message = `${describeRef(ref)}: ${e.message}`;
    throw e;
  }
}
