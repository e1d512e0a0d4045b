import {
  CRD_API_VERSION,
  kubeRequest,
  OPERATOR_MANAGER,
  serverSideApply,
  type KubeConnection,
  type KubeObject,
  type LiveObject,
} from '@kubeop/kube';

export const CR_BASE = `/apis/${CRD_API_VERSION}`;

/** Server-side apply as the operator (its own field manager, taking fields back from whoever changed them). */
export function apply<T = LiveObject>(kc: KubeConnection, obj: KubeObject): Promise<T> {
  return serverSideApply<T>(kc, obj, { fieldManager: OPERATOR_MANAGER, force: true });
}

/** JSON with object keys sorted (the API server returns custom resources with sorted keys). */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  );
}

/** Replaces `status` through the status subresource when it differs from `current`; true when written. */
export async function writeStatus(kc: KubeConnection, path: string, current: unknown, next: Record<string, unknown>): Promise<boolean> {
  if (stableJson(current ?? {}) === stableJson(next)) return false;
  await kubeRequest(kc, {
    method: 'PATCH',
    path: `${path}/status`,
    // merge patch: fields absent from `next` are removed (null)
    body: { status: { ...Object.fromEntries(Object.keys((current as object) ?? {}).map((k) => [k, null])), ...next } },
    contentType: 'application/merge-patch+json',
  });
  return true;
}

export function errorMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 1000);
}
