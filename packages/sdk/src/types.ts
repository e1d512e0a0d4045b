import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

/** The JSON body an operation takes. */
export type JsonBody<K extends keyof operations> =
  NonNullable<operations[K]['requestBody']> extends {
    content: { 'application/json': infer B };
  }
    ? B
    : never;

/** The query parameters an operation takes. */
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

/** Paging of list operations: `limit` (default 100, at most 500) and the `cursor` of a previous page. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export type Tenant = Schemas['Tenant'];
export type Project = Schemas['Project'];
export type App = Schemas['App'];
export type AppStatus = Schemas['AppStatus'];
export type SyncStatus = Schemas['SyncStatus'];
export type Cluster = Schemas['Cluster'];
export type PlatformStatus = Schemas['PlatformStatus'];
export type Policy = Schemas['Policy'];
export type ProjectKubeconfig = Schemas['ProjectKubeconfig'];
export type IssuedToken = Schemas['IssuedToken'];
export type UsageIngestResult = Schemas['UsageIngestResult'];
export type UsageMeterResult = Schemas['UsageMeterResult'];
export type UsageSnapshot = Schemas['UsageSnapshot'];
export type Invoice = Schemas['Invoice'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type InvoiceProject = Schemas['InvoiceProject'];
export type TenantRates = Schemas['TenantRates'];
export type TenantRate = Schemas['TenantRate'];
/** The error body of every failed operation. */
export type ErrorBody = Schemas['Error'];

export type CreateTenantInput = JsonBody<'tenants-create'>;
export type UpdateTenantInput = JsonBody<'tenants-patch'>;
export type CreateProjectInput = JsonBody<'projects-create'>;
export type UpdateProjectInput = JsonBody<'projects-patch'>;
export type CreateAppInput = JsonBody<'apps-create'>;
export type UpdateAppInput = JsonBody<'apps-patch'>;
export type ReplaceAppInput = JsonBody<'apps-replace'>;
export type RegisterClusterInput = JsonBody<'clusters-register'>;
export type PolicyInput = Omit<JsonBody<'platform-policyPut'>, 'clusterID'>;
export type UsageSample = JsonBody<'usage-ingest'>[number];
export type SetRateInput = JsonBody<'rates-set'>;
/** `GET /v1/clusters/{id}/ready`: 200 when ready, 503 with `ready: false` and the details when not. */
export type ClusterReadiness = operations['clusters-ready']['responses'][200]['content']['application/json'];
