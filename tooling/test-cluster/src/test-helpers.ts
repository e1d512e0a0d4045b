import * as k8s from '@kubernetes/client-node';

/** Status code of an ApiException (or undefined). */
export function statusOf(e: unknown): number | undefined {
  return e instanceof k8s.ApiException ? e.code : undefined;
}

/** Body of an ApiException as text. */
export function bodyOf(e: unknown): string {
  if (!(e instanceof k8s.ApiException)) return e instanceof Error ? e.message : String(e);
  const b: unknown = e.body;
  return typeof b === 'string' ? b : JSON.stringify(b);
}

/** Awaits `p` and returns the ApiException it rejects with (fails if it resolves). */
export async function apiError(p: Promise<unknown>): Promise<k8s.ApiException<unknown>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof k8s.ApiException) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

/** `message` of the Status object in an ApiException body (falls back to the raw body). */
export function messageOf(e: unknown): string {
  const raw = bodyOf(e);
  try {
    const parsed = JSON.parse(raw) as { message?: string };
    return parsed.message ?? raw;
  } catch {
    return raw;
  }
}
