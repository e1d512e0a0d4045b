/**
 * A minimal JSON client for the Kubernetes API, on top of KubeConfig's own TLS/auth handling
 * (`applyToHTTPSOptions`: CA, client certs, tokens, exec plugins, proxies).
 *
 * Why not client-node's generated clients: their ObjectSerializer re-maps field names through the
 * model classes (e.g. JSON schema `x-kubernetes-validations` ↔ `x_kubernetes_validations`, with
 * `items` passed through untouched), which silently drops or mangles fields of wire-format manifests,
 * and they have no per-call timeout. Here every request has a deadline (AbortSignal) and objects
 * travel as plain JSON, exactly as built.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { InvalidError, UnavailableError } from '../errors.js';
import type { ObjectRef } from './manifests/types.js';

/** Default deadline of one API request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** `Status` object the API server returns with errors. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

/** The API server answered with an error status (4xx/5xx). */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string | undefined;
  readonly status: KubeStatus | undefined;

  constructor(method: string, path: string, code: number, status: KubeStatus | undefined, text: string) {
    super(`${method} ${path}: ${status?.message ?? (text.slice(0, 500) || `HTTP ${code}`)} (HTTP ${code})`);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = status?.reason;
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
export async function kubeRequest<T>(kc: KubeConfig, req: KubeRequest): Promise<T> {
  try {
    return await kubeRequestOnce<T>(kc, req);
  } catch (e) {
    // a kept-alive connection the server closed while idle: retry once (never for POST, which is not idempotent)
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (req.method !== 'POST' && (code === 'ECONNRESET' || code === 'EPIPE') && !req.signal?.aborted) return kubeRequestOnce<T>(kc, req);
    throw e;
  }
}

async function kubeRequestOnce<T>(kc: KubeConfig, req: KubeRequest): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InvalidError('kubeconfig has no current cluster');
  const timeoutMs = req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const base = cluster.server.replace(/\/+$/, '');
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const url = new URL(`${base}${req.path}${qs.size ? `?${qs.toString()}` : ''}`);

  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const agent = cluster.proxyUrl || url.protocol !== 'https:' ? opts.agent : keepAliveAgent(kc, opts);
  const given = opts.headers && !Array.isArray(opts.headers) ? (opts.headers as http.OutgoingHttpHeaders) : {};
  const headers: http.OutgoingHttpHeaders = { ...given, Accept: 'application/json' };
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
  if (payload) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const where = `${req.method} ${url.pathname}`;

  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      reject(translateTransportError(e, where, url, timeoutMs, timeout.aborted));
    };
    const mod = url.protocol === 'http:' ? http : https;
    const r = mod.request(url, { method: req.method, headers, agent, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
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
    throw new KubeApiError(req.method, url.pathname, status, isStatus(parsed) ? parsed : undefined, text);
  }
  return parsed as T;
}

const agents = new WeakMap<KubeConfig, { key: string; agent: https.Agent }>();

/**
 * client-node builds a new Agent per call (one TCP+TLS handshake per request); reuse one keep-alive
 * Agent per KubeConfig and TLS identity instead. Idle sockets are unref'd by Node and time out.
 */
function keepAliveAgent(kc: KubeConfig, o: https.RequestOptions): https.Agent {
  const h = createHash('sha256');
  for (const part of [o.ca, o.cert, o.key, o.pfx]) {
    for (const v of Array.isArray(part) ? part : [part])
      h.update(v === undefined ? '-' : typeof v === 'string' || Buffer.isBuffer(v) ? v : JSON.stringify(v)).update('|');
  }
  h.update(String(o.rejectUnauthorized)).update('|').update(String(o.servername)).update('|').update(String(o.passphrase));
  const key = h.digest('hex');
  const cached = agents.get(kc);
  if (cached?.key === key) return cached.agent;
  cached?.agent.destroy();
  const agent = new https.Agent({
    keepAlive: true,
    maxFreeSockets: 4,
    timeout: 30_000,
    ...(o.ca !== undefined ? { ca: o.ca } : {}),
    ...(o.cert !== undefined ? { cert: o.cert } : {}),
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.pfx !== undefined ? { pfx: o.pfx } : {}),
    ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}),
    ...(o.rejectUnauthorized !== undefined ? { rejectUnauthorized: o.rejectUnauthorized } : {}),
    ...(o.servername !== undefined ? { servername: o.servername } : {}),
  });
  agents.set(kc, { key, agent });
  return agent;
}

function isStatus(v: unknown): v is KubeStatus {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

function translateTransportError(e: unknown, where: string, url: URL, timeoutMs: number, timedOut: boolean): Error {
  const code = (e as { code?: string } | null)?.code;
  const origin = `${url.protocol}//${url.host}`;
  if (timedOut) return new UnavailableError(`Kubernetes API ${origin} did not answer ${where} within ${timeoutMs} ms`, { cause: e });
  if (e instanceof Error && e.name === 'AbortError') return new UnavailableError(`${where} to ${origin} was cancelled`, { cause: e });
  const detail = code ?? (e instanceof Error ? e.message : String(e));
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
};

const discovered = new WeakMap<KubeConfig, Map<string, ResourceInfo>>();

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Plural and scope of a kind: a built-in table, else discovery (cached per KubeConfig). */
export async function resourceInfo(kc: KubeConfig, apiVersion: string, kind: string, timeoutMs?: number): Promise<ResourceInfo> {
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
export async function objectPath(kc: KubeConfig, ref: Omit<ObjectRef, 'name'> & { name?: string }, timeoutMs?: number): Promise<string> {
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
  kc: KubeConfig,
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
  kc: KubeConfig,
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
  kc: KubeConfig,
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
