import {
  appProblem,
  buildAppDeployment,
  buildAppIngress,
  buildAppService,
  deleteObject,
  getObject,
  imageAllowed,
  REVISION_ANNOTATION,
  setConditions,
  type Condition,
  type LiveObject,
} from '@kubeop/kube';
import type { ReconcileResult } from '../controller/queue.js';
import type { ReconcileContext } from './context.js';
import { apply, CR_BASE, errorMessage, writeStatus } from './util.js';

interface DeploymentLive extends LiveObject {
  metadata: LiveObject['metadata'] & { generation?: number };
  spec: { replicas?: number; template: { metadata?: { annotations?: Record<string, string> } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

type Cond = Omit<Condition, 'lastTransitionTime'>;

/**
 * App (type Image) → Deployment, Service and (with a host) Ingress, owned by the App so deleting it
 * cascades. Status: Ready, Progressing and Degraded with observedGeneration, the revision (a hash
 * of the pod template: a new image is a new revision and a rolling update) and availableReplicas.
 * Unimplemented types and images outside the policy's allowlist are refused in the status.
 */
export async function reconcileApp(ctx: ReconcileContext, key: string): Promise<ReconcileResult | void> {
  const app = ctx.apps.get(key);
  if (!app || app.metadata.deletionTimestamp) return;
  const ns = app.metadata.namespace!;
  const path = `${CR_BASE}/namespaces/${encodeURIComponent(ns)}/apps/${encodeURIComponent(app.metadata.name)}`;
  const generation = app.metadata.generation ?? 0;
  const policy = ctx.policy();
  const conds = (
    ready: Cond['status'],
    readyReason: string,
    progressing: Cond['status'],
    degraded: Cond['status'],
    reason: string,
    message: string,
  ) =>
    setConditions(app.status?.conditions, [
      { type: 'Ready', status: ready, reason: readyReason, message, observedGeneration: generation },
      { type: 'Progressing', status: progressing, reason, message, observedGeneration: generation },
      { type: 'Degraded', status: degraded, reason, message, observedGeneration: generation },
    ]);

  const problem = appProblem(app, policy, (image) => imageAllowed(image, policy.imageAllowlist));
  if (problem) {
    await writeStatus(ctx.kc, path, app.status, {
      observedGeneration: generation,
      ready: false,
      message: problem.message,
      ...(app.status?.revision ? { revision: app.status.revision } : {}),
      ...(app.status?.availableReplicas !== undefined ? { availableReplicas: app.status.availableReplicas } : {}),
      conditions: conds('False', problem.reason, 'False', 'True', problem.reason, problem.message),
    });
    return;
  }

  let dep: DeploymentLive;
  try {
    dep = await apply<DeploymentLive>(ctx.kc, buildAppDeployment(app, policy));
    await apply(ctx.kc, buildAppService(app));
    const ingress = buildAppIngress(app);
    if (ingress) await apply(ctx.kc, ingress);
    else {
      const ref = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: app.metadata.name, namespace: ns };
      const live = await getObject<LiveObject & { metadata: { ownerReferences?: Array<{ uid: string }> } }>(ctx.kc, ref);
      if (live?.metadata.ownerReferences?.some((o) => o.uid === app.metadata.uid)) await deleteObject(ctx.kc, ref);
    }
  } catch (e) {
    const message = errorMessage(e);
    await writeStatus(ctx.kc, path, app.status, {
      observedGeneration: generation,
      ready: false,
      message,
      conditions: conds('False', 'ApplyFailed', 'False', 'True', 'ApplyFailed', message),
    }).catch(() => false);
    throw e;
  }

  // the Deployment controller's view (the informer may be ahead of the apply answer)
  const cached = ctx.deployments.get(key) as DeploymentLive | undefined;
  const d = cached && Number(cached.metadata.resourceVersion) > Number(dep.metadata.resourceVersion) ? cached : dep;
  const revision = dep.spec.template.metadata?.annotations?.[REVISION_ANNOTATION] ?? '';
  const want = d.spec.replicas ?? 1;
  const s = d.status ?? {};
  const observed = (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  const complete = observed && (s.updatedReplicas ?? 0) === want && (s.replicas ?? 0) === want && (s.availableReplicas ?? 0) >= want;
  const stalled = s.conditions?.find((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
  const available = s.availableReplicas ?? 0;
  let conditions: Condition[];
  let message: string;
  if (complete) {
    message = `revision ${revision} available (${available}/${want})`;
    conditions = conds('True', 'Available', 'False', 'False', 'RolloutComplete', message);
  } else if (stalled) {
    message = `rollout of revision ${revision} stalled: ${stalled.message ?? 'progress deadline exceeded'}`.slice(0, 1000);
    conditions = conds('False', 'RolloutStalled', 'False', 'True', 'ProgressDeadlineExceeded', message);
  } else {
    message = `rolling out revision ${revision} (${s.updatedReplicas ?? 0}/${want} updated, ${available} available)`;
    conditions = conds('False', 'RollingOut', 'True', 'False', 'RollingOut', message);
  }
  await writeStatus(ctx.kc, path, app.status, {
    observedGeneration: generation,
    ready: complete,
    revision,
    availableReplicas: available,
    message,
    conditions,
  });
}
