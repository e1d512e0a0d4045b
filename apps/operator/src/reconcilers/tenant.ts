import { setConditions } from '@kubeop/kube';
import type { ReconcileResult } from '../controller/queue.js';
import type { ReconcileContext } from './context.js';
import { CR_BASE, writeStatus } from './util.js';

/** Tenant: bookkeeping only (its projects carry its id); Ready once seen, with observedGeneration. */
export async function reconcileTenant(ctx: ReconcileContext, key: string): Promise<ReconcileResult | void> {
  const t = ctx.tenants.get(key);
  if (!t || t.metadata.deletionTimestamp) return;
  const generation = t.metadata.generation ?? 0;
  const projects = ctx.projects.list().filter((p) => p.spec.tenantRef === t.metadata.name).length;
  const conditions = setConditions(t.status?.conditions, [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Reconciled',
      message: `${projects} project${projects === 1 ? '' : 's'}`,
      observedGeneration: generation,
    },
  ]);
  await writeStatus(ctx.kc, `${CR_BASE}/tenants/${encodeURIComponent(t.metadata.name)}`, t.status, {
    observedGeneration: generation,
    ready: true,
    conditions,
  });
}
