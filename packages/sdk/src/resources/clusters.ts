import { apiErrorOf } from '../errors.js';
import { paginate, type Page } from '../pagination.js';
import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent, expectPage } from '../responses.js';
import type { Cluster, ClusterReadiness, PageQuery, PlatformStatus, RegisterClusterInput } from '../types.js';

function isReadiness(v: unknown): v is ClusterReadiness {
  return typeof v === 'object' && v !== null && typeof (v as { ready?: unknown }).ready === 'boolean';
}

/** `/v1/clusters` (admin only). */
export function clustersApi(raw: KubeopRawClient) {
  const list = (query: PageQuery = {}): Promise<Page<Cluster>> => expectPage(raw.GET('/v1/clusters', { params: { query } }));
  return {
    /**
     * Registers a cluster by its kubeconfig (base64 of the YAML); `autoBootstrap: true` installs the
     * platform at once. A name already registered is a 409 unless `replace: true`.
     */
    register: (input: RegisterClusterInput): Promise<Cluster> => expectData(raw.POST('/v1/clusters', { body: input })),
    list,
    /** Every cluster, following the pages. */
    listAll: (query: Omit<PageQuery, 'cursor'> = {}): AsyncGenerator<Cluster, void, undefined> =>
      paginate((cursor) => list({ ...query, cursor })),
    get: (id: string): Promise<Cluster> => expectData(raw.GET('/v1/clusters/{id}', { params: { path: { id } } })),
    /** Forgets a cluster. One that tenants still use is a 409; `force: true` forgets it anyway. */
    delete: (id: string, opts: { force?: boolean } = {}): Promise<void> =>
      expectNoContent(
        raw.DELETE('/v1/clusters/{id}', {
          params: { path: { id }, query: opts.force === undefined ? {} : { force: opts.force ? 'true' : 'false' } },
        }),
      ),
    /** What the platform on the cluster looks like now (operator, admission, webhook CA bundle). */
    status: (id: string): Promise<PlatformStatus> => expectData(raw.GET('/v1/clusters/{id}/status', { params: { path: { id } } })),
    /** Whether the platform on the cluster is ready; a not-ready answer (503) resolves with `ready: false`. */
    ready: async (id: string): Promise<ClusterReadiness> => {
      const { data, error, response } = await raw.GET('/v1/clusters/{id}/ready', { params: { path: { id } } });
      if (response.ok) return data as ClusterReadiness;
      if (response.status === 503 && isReadiness(error)) return error;
      throw apiErrorOf(response, error);
    },
  };
}

export type ClustersApi = ReturnType<typeof clustersApi>;
