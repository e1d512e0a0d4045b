/**
 * A minimal JSON client for the Kubernetes API, speaking HTTPS from a validated `KubeConnection`
 * (./kubeconfig.ts) and nothing else: no credential plugins, no files, no proxies from the
 * environment, and every connection checked against the outbound policy (./egress.ts).
 *
 * Why not client-node's clients: they act on everything a kubeconfig says (exec plugins, file paths,
 * proxies), their ObjectSerializer re-maps field names through the model classes (e.g. JSON schema
 * `x-kubernetes-validations` ↔ `x_kubernetes_validations`), which silently drops or mangles fields of
 * wire-format manifests, and they have no per-call timeout. Here every request has a deadline
 * (AbortSignal), a capped response size, and objects travel as plain JSON, exactly as built.
 *
 * Errors are summarised (method, path, HTTP status, reason): a remote server's body is never put in
 * a message, since a caller chose the server. The parsed `Status` stays on the error for logs.
 */
import type * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { InvalidError, UnavailableError } from './errors.js';
import { DeniedAddressError, guardedLookup, isDenied } from './egress.js';
import type { KubeConnection } from './kubeconfig.js';
import type { ObjectRef } from './manifests/types.js';

/** Default deadline of one API request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Responses larger than this are abandoned (ours are single objects and short lists). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** `Status` object the API server returns with errors. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

const REASON = /^[A-Za-z]{1,64}$/;

/** The API server answered with an error status (4xx/5xx). The message never quotes the body. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string | undefined;
  /** The server's Status object, for logs only: a caller-chosen server wrote it. */
  readonly status: KubeStatus | undefined;

  constructor(method: string, path: string, code: number, status: KubeStatus | undefined) {
    const reason = status?.reason && REASON.test(status.reason) ? status.reason : undefined;
    super(`${method} ${path}: HTTP ${code}${reason ? ` ${reason}` : ''}`);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.status = status;
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof KubeApiError && e.code === 404;
}

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the server URL, e.g. `/apis/apps/v1/namespaces/x/deployments/y`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Deadline for the whole request including the response body (default 10 s). */
  timeoutMs?: number;
  /** Caller's cancellation (combined with the deadline). */
  signal?: AbortSignal;
}

/** Performs one request; resolves with the parsed JSON body (undefined for an empty body). */
export async function kubeRequest<T>(kc: KubeConnection, req: KubeRequest): Promise<T> {
  try {
    return await kubeRequestOnce<T>(kc, req);
  } catch (e) {
    // a kept-alive connection the server closed while idle: retry once (never for POST, which is not idempotent)
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (req.method !== 'POST' && (code === 'ECONNRESET' || code === 'EPIPE') && !req.signal?.aborted) return kubeRequestOnce<T>(kc, req);
    throw e;
  }
}

async function kubeRequestOnce<T>(kc: KubeConnection, req: KubeRequest): Promise<T> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) qs.set(k, String(v));
  if (!req.path.startsWith('/')) throw new InvalidError(`request path ${JSON.stringify(req.path)} must start with /`);
  const url = new URL(`${kc.server}${req.path}${qs.size ? `?${qs.toString()}` : ''}`);
  if (url.protocol !== 'https:') throw new InvalidError('cluster servers must be https:// URLs');
  const where = `${req.method} ${url.pathname}`;
  const origin = `${url.protocol}//${url.host}`;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // IP literals skip the DNS lookup, where the policy is otherwise checked
  if (isIP(host) !== 0 && isDenied(kc.policy, host)) {
    throw new UnavailableError(`Kubernetes API ${origin} unreachable (${new DeniedAddressError(host).message})`);
  }

  const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
  if (kc.token !== undefined) headers.Authorization = `Bearer ${kc.token}`;
  else if (kc.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${kc.username}:${kc.password ?? ''}`).toString('base64')}`;
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
  if (payload) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;

  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      reject(translateTransportError(e, where, origin, timeoutMs, timeout.aborted));
    };
    const r = https.request(url, { method: req.method, headers, agent: agentFor(kc), signal, lookup: guardedLookup(kc.policy) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          fail(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('response aborted')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    r.on('error', fail);
    r.end(payload);
  });

  let parsed: unknown;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (status < 200 || status >= 300) {
    throw new KubeApiError(req.method, url.pathname, status, isStatus(parsed) ? parsed : undefined);
  }
  return parsed as T;
}

const agents = new WeakMap<KubeConnection, https.Agent>();

/**
 * One keep-alive Agent per connection (its TLS identity is fixed), so status polls and bootstraps
 * reuse TCP+TLS sessions. Idle sockets are unref'd by Node and time out.
 */
function agentFor(kc: KubeConnection): https.Agent {
  let agent = agents.get(kc);
  if (agent) return agent;
  agent = new https.Agent({
    keepAlive: true,
    maxFreeSockets: 4,
    timeout: 30_000,
    rejectUnauthorized: !kc.insecureSkipTlsVerify,
    ...(kc.ca !== undefined ? { ca: kc.ca } : {}),
    ...(kc.clientCert !== undefined ? { cert: kc.clientCert } : {}),
    ...(kc.clientKey !== undefined ? { key: kc.clientKey } : {}),
    ...(kc.tlsServerName !== undefined ? { servername: kc.tlsServerName } : {}),
  });
  agents.set(kc, agent);
  return agent;
}

/** Closes the idle connections of a connection that will not be used again. */
export function releaseConnection(kc: KubeConnection): void {
  agents.get(kc)?.destroy();
  agents.delete(kc);
}

const VERSION = /^v?\d{1,4}\.\d{1,4}[\w.+-]{0,64}$/;

/** The `gitVersion` of a `/version` answer when it looks like one, else null (never an arbitrary string). */
export function versionOf(v: { gitVersion?: unknown } | undefined | null): string | null {
  return typeof v?.gitVersion === 'string' && VERSION.test(v.gitVersion) ? v.gitVersion : null;
}

function isStatus(v: unknown): v is KubeStatus {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

function translateTransportError(e: unknown, where: string, origin: string, timeoutMs: number, timedOut: boolean): Error {
  if (timedOut) return new UnavailableError(`Kubernetes API ${origin} did not answer ${where} within ${timeoutMs} ms`, { cause: e });
  if (e instanceof Error && e.name === 'AbortError') return new UnavailableError(`${where} to ${origin} was cancelled`, { cause: e });
  if (e instanceof DeniedAddressError) return new UnavailableError(`Kubernetes API ${origin} unreachable (${e.message})`, { cause: e });
  const code = (e as { code?: string } | null)?.code;
  // Node's own codes (ECONNREFUSED, CERT_HAS_EXPIRED, ...) or its short message: never a remote body
  const detail = code ?? (e instanceof Error ? e.message.slice(0, 200) : 'error');
  return new UnavailableError(`Kubernetes API ${origin} unreachable (${detail})`, { cause: e });
}

// ---------------------------------------------------------------------------------------------
// resource paths

interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

const KNOWN: Record<string, ResourceInfo> = {
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'rbac.authorization.k8s.io/v1/ClusterRole': { plural: 'clusterroles', namespaced: false },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { plural: 'clusterrolebindings', namespaced: false },
  'rbac.authorization.k8s.io/v1/Role': { plural: 'roles', namespaced: true },
  'rbac.authorization.k8s.io/v1/RoleBinding': { plural: 'rolebindings', namespaced: true },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { plural: 'customresourcedefinitions', namespaced: false },
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': { plural: 'mutatingwebhookconfigurations', namespaced: false },
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': { plural: 'validatingwebhookconfigurations', namespaced: false },
  'autoscaling/v2/HorizontalPodAutoscaler': { plural: 'horizontalpodautoscalers', namespaced: true },
  'policy/v1/PodDisruptionBudget': { plural: 'poddisruptionbudgets', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
  'apiregistration.k8s.io/v1/APIService': { plural: 'apiservices', namespaced: false },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': { plural: 'validatingadmissionpolicies', namespaced: false },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': { plural: 'validatingadmissionpolicybindings', namespaced: false },
  'v1/ResourceQuota': { plural: 'resourcequotas', namespaced: true },
  'v1/LimitRange': { plural: 'limitranges', namespaced: true },
  'networking.k8s.io/v1/Ingress': { plural: 'ingresses', namespaced: true },
};

const discovered = new WeakMap<KubeConnection, Map<string, ResourceInfo>>();

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Plural and scope of a kind: a built-in table, else discovery (cached per KubeConnection). */
export async function resourceInfo(kc: KubeConnection, apiVersion: string, kind: string, timeoutMs?: number): Promise<ResourceInfo> {
  const key = `${apiVersion}/${kind}`;
  const known = KNOWN[key];
  if (known) return known;
  let cache = discovered.get(kc);
  if (!cache) discovered.set(kc, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const list = await kubeRequest<{ resources?: Array<{ name: string; kind: string; namespaced: boolean }> }>(kc, {
    method: 'GET',
    path: groupVersionPath(apiVersion),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const r = list.resources?.find((x) => x.kind === kind && !x.name.includes('/'));
  if (!r) throw new InvalidError(`the API server does not serve ${kind} in ${apiVersion}`);
  const info = { plural: r.name, namespaced: r.namespaced };
  cache.set(key, info);
  return info;
}

/** Collection path (`name` omitted) or object path of a reference. */
export async function objectPath(
  kc: KubeConnection,
  ref: Omit<ObjectRef, 'name'> & { name?: string },
  timeoutMs?: number,
): Promise<string> {
  const info = await resourceInfo(kc, ref.apiVersion, ref.kind, timeoutMs);
  let p = groupVersionPath(ref.apiVersion);
  if (info.namespaced) {
    if (!ref.namespace) throw new InvalidError(`${ref.kind} ${ref.name ?? ''} needs a namespace`);
    p += `/namespaces/${encodeURIComponent(ref.namespace)}`;
  }
  p += `/${info.plural}`;
  if (ref.name) p += `/${encodeURIComponent(ref.name)}`;
  return p;
}

/** GET an object; null when it does not exist. */
export async function getObject<T>(
  kc: KubeConnection,
  ref: ObjectRef,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<T | null> {
  try {
    return await kubeRequest<T>(kc, { method: 'GET', path: await objectPath(kc, ref, options.timeoutMs), ...options });
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** DELETE an object (background propagation); false when it did not exist. */
export async function deleteObject(
  kc: KubeConnection,
  ref: ObjectRef,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<boolean> {
  try {
    await kubeRequest(kc, {
      method: 'DELETE',
      path: await objectPath(kc, ref, options.timeoutMs),
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
      ...options,
    });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Server-side apply of one complete intent object. */
export async function serverSideApply<T>(
  kc: KubeConnection,
  obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } },
  options: { fieldManager: string; force: boolean; timeoutMs?: number; signal?: AbortSignal },
): Promise<T> {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return kubeRequest<T>(kc, {
    method: 'PATCH',
    path: await objectPath(kc, ref, options.timeoutMs),
    query: { fieldManager: options.fieldManager, force: options.force },
    body: obj,
    // JSON is YAML: the apply content type accepts it
    contentType: 'application/apply-patch+yaml',
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// watch

export interface WatchEvent<T = LiveObjectLike> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  /** The object; for ERROR a `Status` (410 Gone: the resourceVersion is too old, list again). */
  object: T;
}

type LiveObjectLike = { apiVersion?: string; kind?: string; metadata?: { name?: string; resourceVersion?: string } };

export interface KubeWatchRequest {
  /** Collection path, e.g. `/apis/apps/v1/deployments` or `/api/v1/namespaces/x/services`. */
  path: string;
  /** `resourceVersion`, `labelSelector`, `timeoutSeconds`, … (`watch=1` and `allowWatchBookmarks=true` are added). */
  query?: Record<string, string | number | boolean | undefined>;
  /** Ends the watch (the promise then resolves). */
  signal?: AbortSignal;
  /** Abandon the stream when nothing arrived for this long (default 5 min; bookmarks arrive about every minute). */
  idleTimeoutMs?: number;
}

/**
 * A streaming watch over the same HTTPS client (no client-node): calls `onEvent` for each event in
 * order, resolves when the server closes the stream (its `timeoutSeconds`) or `signal` aborts, and
 * rejects on transport errors, an error status (KubeApiError) or an idle stream. A single event
 * larger than {@link MAX_RESPONSE_BYTES} fails the watch.
 */
export function kubeWatch<T = LiveObjectLike>(
  kc: KubeConnection,
  req: KubeWatchRequest,
  onEvent: (e: WatchEvent<T>) => void,
): Promise<void> {
  const qs = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true' });
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const url = new URL(`${kc.server}${req.path}?${qs.toString()}`);
  if (url.protocol !== 'https:') return Promise.reject(new InvalidError('cluster servers must be https:// URLs'));
  const where = `GET ${url.pathname}`;
  const origin = `${url.protocol}//${url.host}`;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0 && isDenied(kc.policy, host)) {
    return Promise.reject(new UnavailableError(`Kubernetes API ${origin} unreachable (${new DeniedAddressError(host).message})`));
  }
  const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
  if (kc.token !== undefined) headers.Authorization = `Bearer ${kc.token}`;
  else if (kc.username !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${kc.username}:${kc.password ?? ''}`).toString('base64')}`;
  const idleMs = req.idleTimeoutMs ?? 300_000;

  return new Promise<void>((resolve, reject) => {
    if (req.signal?.aborted) return resolve();
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const done = (e?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      req.signal?.removeEventListener('abort', onAbort);
      r.destroy();
      if (e === undefined) resolve();
      else reject(e);
    };
    const onAbort = (): void => done();
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => done(new UnavailableError(`${where} to ${origin}: no event for ${idleMs} ms`)), idleMs);
      idle.unref();
    };
    const r = https.request(url, { method: 'GET', headers, agent: agentFor(kc), lookup: guardedLookup(kc.policy) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        let text = '';
        res.on('data', (c: Buffer) => {
          if (text.length < 65536) text += c.toString('utf8');
        });
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          done(new KubeApiError('GET', url.pathname, status, isStatus(parsed) ? parsed : undefined));
        });
        return;
      }
      touch();
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        touch();
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          let ev: WatchEvent<T>;
          try {
            ev = JSON.parse(line) as WatchEvent<T>;
          } catch {
            done(new UnavailableError(`${where} to ${origin}: malformed watch event`));
            return;
          }
          try {
            onEvent(ev);
          } catch (e) {
            done(e);
            return;
          }
        }
        if (buf.length > MAX_RESPONSE_BYTES) done(new UnavailableError(`${where}: watch event larger than ${MAX_RESPONSE_BYTES} bytes`));
      });
      res.on('end', () => done());
      res.on('error', (e) => done(translateTransportError(e, where, origin, idleMs, false)));
      res.on('aborted', () => done(new UnavailableError(`${where} to ${origin}: stream aborted`)));
    });
    r.on('error', (e) => done(settled ? undefined : translateTransportError(e, where, origin, idleMs, false)));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    r.end();
  });
}

/** A token issued by TokenRequest, with the expiry the API server granted (it may shorten the request). */
export interface ServiceAccountToken {
  token: string;
  expiresAt: Date;
}

/** A token of a ServiceAccount (TokenRequest), bound to the account's uid: deleting the account revokes it. */
export async function requestServiceAccountToken(
  kc: KubeConnection,
  account: { namespace: string; name: string },
  expirationSeconds = 3600,
  options: { timeoutMs?: number } = {},
): Promise<ServiceAccountToken> {
  const tr = await kubeRequest<{ status?: { token?: string; expirationTimestamp?: string } }>(kc, {
    method: 'POST',
    path: `/api/v1/namespaces/${encodeURIComponent(account.namespace)}/serviceaccounts/${encodeURIComponent(account.name)}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds } },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const token = tr.status?.token;
  const expiresAt = new Date(tr.status?.expirationTimestamp ?? '');
  if (!token || Number.isNaN(expiresAt.getTime())) throw new UnavailableError('the cluster answered a TokenRequest without a token');
  return { token, expiresAt };
}

/** A token of a ServiceAccount (TokenRequest), e.g. for a process that must act as that account. */
export async function serviceAccountToken(
  kc: KubeConnection,
  account: { namespace: string; name: string },
  expirationSeconds = 3600,
): Promise<string> {
  return (await requestServiceAccountToken(kc, account, expirationSeconds)).token;
}
