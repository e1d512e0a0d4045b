import {
  buildProjectNamespace,
  buildProjectObjects,
  getObject,
  kubeRequest,
  PROJECT_FINALIZER,
  PROJECT_LABEL,
  setConditions,
  type LiveObject,
  type ProjectResource,
} from '@kubeop/kube';
import type { ReconcileResult } from '../controller/queue.js';
import type { Live, ReconcileContext } from './context.js';
import { apply, CR_BASE, errorMessage, writeStatus } from './util.js';

const NAMESPACE_POLL_MS = 2_000;

type Namespace = LiveObject & { status?: { phase?: string } };

/**
 * Project → its namespace (labelled, Pod Security `restricted`), ResourceQuota, LimitRange and
 * NetworkPolicies, from the policy. A finalizer makes deletion remove the namespace and wait for it.
 * A namespace that exists but belongs to something else is never adopted.
 */
export async function reconcileProject(ctx: ReconcileContext, key: string): Promise<ReconcileResult | void> {
  let p = ctx.projects.get(key);
  if (!p) return;
  const path = `${CR_BASE}/projects/${encodeURIComponent(p.metadata.name)}`;
  const nsRef = { apiVersion: 'v1', kind: 'Namespace', name: p.spec.namespace };
  const generation = p.metadata.generation ?? 0;
  const finalizers = p.metadata.finalizers ?? [];

  if (p.metadata.deletionTimestamp) {
    if (!finalizers.includes(PROJECT_FINALIZER)) return;
    const ns = await getObject<Namespace>(ctx.kc, nsRef);
    if (ns && ns.metadata.labels?.[PROJECT_LABEL] === p.metadata.name) {
      if (!ns.metadata.deletionTimestamp) {
        await kubeRequest(ctx.kc, { method: 'DELETE', path: `/api/v1/namespaces/${encodeURIComponent(ns.metadata.name)}` });
        ctx.log('info', 'deleting project namespace', { project: p.metadata.name, namespace: ns.metadata.name });
      }
      // the namespace informer reports its removal; poll as well in case an event is lost
      return { requeueAfterMs: NAMESPACE_POLL_MS };
    }
    await kubeRequest(ctx.kc, {
      method: 'PATCH',
      path,
      body: { metadata: { resourceVersion: p.metadata.resourceVersion, finalizers: finalizers.filter((f) => f !== PROJECT_FINALIZER) } },
      contentType: 'application/merge-patch+json',
    });
    ctx.log('info', 'project finalized', { project: p.metadata.name });
    return;
  }

  if (!finalizers.includes(PROJECT_FINALIZER)) {
    p = await kubeRequest<Live<ProjectResource>>(ctx.kc, {
      method: 'PATCH',
      path,
      body: { metadata: { resourceVersion: p.metadata.resourceVersion, finalizers: [...finalizers, PROJECT_FINALIZER] } },
      contentType: 'application/merge-patch+json',
    });
  }

  const status = (ready: boolean, reason: string, message: string) => ({
    observedGeneration: generation,
    namespace: p.spec.namespace,
    ready,
    conditions: setConditions(p.status?.conditions, [
      { type: 'Ready', status: ready ? 'True' : 'False', reason, message, observedGeneration: generation },
    ]),
  });

  const existing = await getObject<Namespace>(ctx.kc, nsRef);
  if (existing && existing.metadata.labels?.[PROJECT_LABEL] !== p.metadata.name) {
    await writeStatus(
      ctx.kc,
      path,
      p.status,
      status(false, 'NamespaceConflict', `namespace ${p.spec.namespace} exists and does not belong to this project`),
    );
    return;
  }
  if (existing?.status?.phase === 'Terminating') {
    await writeStatus(ctx.kc, path, p.status, status(false, 'NamespaceTerminating', `namespace ${p.spec.namespace} is being deleted`));
    return { requeueAfterMs: NAMESPACE_POLL_MS };
  }
  const policy = ctx.policy();
  try {
    await apply(ctx.kc, buildProjectNamespace(p));
    for (const obj of buildProjectObjects(p, policy)) await apply(ctx.kc, obj);
  } catch (e) {
    await writeStatus(ctx.kc, path, p.status, status(false, 'ApplyFailed', errorMessage(e))).catch(() => false);
    throw e;
  }
  await writeStatus(
    ctx.kc,
    path,
    p.status,
    status(
      true,
      'Reconciled',
      `namespace ${p.spec.namespace} with quota, limits and network policies (policy revision ${policy.revision})`,
    ),
  );
}
