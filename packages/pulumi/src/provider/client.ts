import type { KubeopApiError, KubeopClient } from '@kubeop/sdk';
import { sdkLoader } from './sdk.js';

/**
 * How a resource reaches its Manager, as the provider receives it: plain values (Pulumi unwraps the
 * secret `token` before it calls the provider, and keeps it encrypted in the state).
 */
export interface ConnectionProps {
  baseUrl: string;
  token?: string;
}

/**
 * A client for one call of the provider. Built from the resource's own (stored) properties on every
 * call, never captured: the provider is serialized into the state with the program, and whatever its
 * functions close over is serialized with it.
 */
export function clientFor(props: ConnectionProps): KubeopClient {
  if (typeof props.baseUrl !== 'string' || props.baseUrl === '') {
    throw new Error('kubeop: no Manager URL: set `connection.baseUrl` on the resource or the `kubeop:baseUrl` stack config');
  }
  return sdkLoader.load().createKubeopClient({ baseUrl: props.baseUrl, ...(props.token ? { token: props.token } : {}) });
}

/** The connection part of a resource's properties (kept in its outputs: `read` and `delete` get only those). */
export function connectionOf(props: ConnectionProps): ConnectionProps {
  return props.token === undefined ? { baseUrl: props.baseUrl } : { baseUrl: props.baseUrl, token: props.token };
}

/** The Manager answered 404: the object is gone. */
export function isNotFound(e: unknown): boolean {
  return isApiError(e) && e.status === 404;
}

/** A KubeopApiError (of whichever copy of the SDK threw it). */
function isApiError(e: unknown): e is KubeopApiError {
  return sdkLoader.load().isKubeopApiError(e);
}

/**
 * A Pulumi-facing error for a failed call: what was being done, the Manager's status and code, each
 * field it names, and its request id; or that the Manager could not be reached. Never the token.
 */
export function failure(what: string, e: unknown, baseUrl?: string): Error {
  if (isApiError(e)) {
    const fields = e.issues.map((i) => `field \`${i.path || '(body)'}\`: ${i.message}`);
    const hint =
      e.status === 401
        ? ' (the Manager rejected the token: set `connection.token` or `kubeop:token` to a valid one)'
        : e.status === 403
          ? ' (the token is not allowed to do this: tenants, rates and other tenants’ objects need an admin token)'
          : '';
    const detail = fields.length ? `${fields.join('; ')}` : e.message;
    const request = e.requestId ? ` [request ${e.requestId}]` : '';
    return new Error(`kubeop: ${what} failed: ${e.status} ${e.error}: ${detail}${hint}${request}`);
  }
  const reason = e instanceof Error ? e.message : String(e);
  const where = baseUrl ? ` at ${baseUrl}` : '';
  return new Error(`kubeop: ${what} failed: cannot reach the Manager${where}: ${reason}`);
}

/** Runs `call`, turning its failure into a `failure(what, …)` error. */
export async function attempt<T>(what: string, props: ConnectionProps, call: (client: KubeopClient) => Promise<T>): Promise<T> {
  const client = clientFor(props);
  try {
    return await call(client);
  } catch (e) {
    throw failure(what, e, props.baseUrl);
  }
}

/** `call`'s value, or `undefined` when the Manager answers 404 (the object is gone). */
export async function unlessGone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** What `read` answers for an object the Manager no longer has: Pulumi drops it from the state. */
export const GONE = { id: '' } as const;
