import { paginate, type Page } from '../pagination.js';
import type { KubeopRawClient } from '../raw.js';
import { expectData, expectNoContent, expectPage } from '../responses.js';
import type { CreateTenantInput, PageQuery, Tenant, UpdateTenantInput } from '../types.js';

/** `/v1/tenants` (admin only, but `get` of a tenant's own). */
export function tenantsApi(raw: KubeopRawClient) {
  const list = (query: PageQuery = {}): Promise<Page<Tenant>> => expectPage(raw.GET('/v1/tenants', { params: { query } }));
  return {
    /** Creates a tenant, optionally bound to a cluster (`clusterID`). */
    create: (input: CreateTenantInput): Promise<Tenant> => expectData(raw.POST('/v1/tenants', { body: input })),
    /** One page of tenants, newest first. */
    list,
    /** Every tenant, following the pages. */
    listAll: (query: Omit<PageQuery, 'cursor'> = {}): AsyncGenerator<Tenant, void, undefined> =>
      paginate((cursor) => list({ ...query, cursor })),
    get: (id: string): Promise<Tenant> => expectData(raw.GET('/v1/tenants/{id}', { params: { path: { id } } })),
    /** Renames a tenant (its namespace stays). */
    update: (id: string, input: UpdateTenantInput): Promise<void> =>
      expectNoContent(raw.PATCH('/v1/tenants/{id}', { params: { path: { id } }, body: input })),
    delete: (id: string): Promise<void> => expectNoContent(raw.DELETE('/v1/tenants/{id}', { params: { path: { id } } })),
  };
}

export type TenantsApi = ReturnType<typeof tenantsApi>;
