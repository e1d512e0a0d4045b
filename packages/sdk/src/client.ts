import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import type { KubeopRawClient } from './raw.js';
import { appsApi } from './resources/apps.js';
import { clustersApi } from './resources/clusters.js';
import { invoicesApi } from './resources/invoices.js';
import { kubeconfigsApi } from './resources/kubeconfigs.js';
import { policyApi } from './resources/policy.js';
import { projectsApi } from './resources/projects.js';
import { ratesApi } from './resources/rates.js';
import { tenantsApi } from './resources/tenants.js';
import { tokensApi } from './resources/tokens.js';
import { usageApi } from './resources/usage.js';

/** A bearer token, or a function that returns the current one (asked before every request). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

export interface KubeopClientOptions {
  /** The Manager's root URL, e.g. `http://localhost:18080` (without `/v1`: the paths carry it). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` (needed when the Manager runs with `KUBEOP_REQUIRE_AUTH=true`). */
  token?: TokenSource;
  /** The fetch to use (default: the global `fetch`). It is called with a `Request`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

function bearerAuth(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has('authorization')) return undefined;
      const value = typeof token === 'function' ? await token() : token;
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
}

/**
 * A client of a kubeOP Manager's `/v1` API. Every method resolves with the answer's body and rejects
 * with a `KubeopApiError` on an error status; list methods answer one page (`{items, nextCursor}`)
 * and `listAll` iterates over every page. `raw` is the typed openapi-fetch client for anything else.
 *
 * ```ts
 * const kubeop = createKubeopClient({ baseUrl: 'http://localhost:18080', token: process.env.KUBEOP_TOKEN });
 * const tenant = await kubeop.tenants.create({ name: 'acme' });
 * ```
 */
export function createKubeopClient(options: KubeopClientOptions) {
  const raw: KubeopRawClient = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  if (options.token !== undefined) raw.use(bearerAuth(options.token));
  return {
    /** The typed openapi-fetch client: `raw.GET('/v1/clusters/{id}/ready', { params: { path: { id } } })`. */
    raw,
    clusters: clustersApi(raw),
    tenants: tenantsApi(raw),
    projects: projectsApi(raw),
    apps: appsApi(raw),
    policy: policyApi(raw),
    tokens: tokensApi(raw),
    kubeconfigs: kubeconfigsApi(raw),
    usage: usageApi(raw),
    invoices: invoicesApi(raw),
    rates: ratesApi(raw),
  };
}

export type KubeopClient = ReturnType<typeof createKubeopClient>;
