import type { Condition } from '../resources.js';

/**
 * Sets `next` in `conditions` (by type) the way apimachinery's `meta.SetStatusCondition` does:
 * `lastTransitionTime` changes only when the status changes; reason, message and observedGeneration
 * are updated in place. Returns a new array (sorted by type, so equal sets compare equal).
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime'>,
  now: Date = new Date(),
): Condition[] {
  const out = (conditions ?? []).filter((c) => c.type !== next.type);
  const prev = (conditions ?? []).find((c) => c.type === next.type);
  const lastTransitionTime =
    prev && prev.status === next.status && prev.lastTransitionTime ? prev.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.push({ ...next, lastTransitionTime });
  return out.sort((a, b) => a.type.localeCompare(b.type));
}

/** Sets several conditions at once (see {@link setCondition}). */
export function setConditions(
  conditions: readonly Condition[] | undefined,
  next: ReadonlyArray<Omit<Condition, 'lastTransitionTime'>>,
  now: Date = new Date(),
): Condition[] {
  return next.reduce<Condition[]>((acc, c) => setCondition(acc, c, now), [...(conditions ?? [])]);
}

export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
