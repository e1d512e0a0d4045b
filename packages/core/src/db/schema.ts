import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Hand-written next to the migrations that create it;
 * keep both in step. With the `pg` driver, bigint and numeric come back as strings.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type Numeric = ColumnType<string, string | number, string | number>;

export interface ClustersTable {
  id: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TenantsTable {
  id: string;
  name: string;
  cluster_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectsTable {
  id: string;
  tenant_id: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AppsTable {
  id: string;
  project_id: string;
  name: string;
  image: string | null;
  host: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsageHourlyTable {
  tenant_id: string;
  ts: ColumnType<Date, Date | string, Date | string>;
  cpu_milli: Int8;
  mem_mib: Int8;
}

export interface TenantRatesTable {
  tenant_id: string;
  effective_from: ColumnType<Date, Date | string | undefined, Date | string>;
  cpu_milli_rate: Numeric;
  mem_mib_rate: Numeric;
  tier: ColumnType<string, string | undefined, string>;
  discount: Numeric;
}

export interface AuditLogTable {
  id: Generated<Int8>;
  at: CreatedAt;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface Database {
  clusters: ClustersTable;
  tenants: TenantsTable;
  projects: ProjectsTable;
  apps: AppsTable;
  usage_hourly: UsageHourlyTable;
  tenant_rates: TenantRatesTable;
  audit_log: AuditLogTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type AppRow = Selectable<AppsTable>;
export type ClusterRow = Selectable<ClustersTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type TenantUpdate = Updateable<TenantsTable>;
