import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Hand-written next to the migrations that create it;
 * keep both in step. With the `pg` driver, bigint and numeric come back as strings.
 */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
type Numeric = ColumnType<string, string | number, string | number>;

export type BootstrapState = 'pending' | 'running' | 'succeeded' | 'failed';

export interface ClustersTable {
  id: string;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Envelope-encrypted kubeconfig (kms blob), bound to this row by its AAD. */
  kubeconfig_enc: Buffer | null;
  kms_key_id: string | null;
  api_server: string | null;
  reachable: ColumnType<boolean, boolean | undefined, boolean>;
  server_version: string | null;
  last_error: string | null;
  checked_at: Date | null;
  options: ColumnType<ClusterOptionsJson, string | undefined, string>;
  bootstrap_state: BootstrapState | null;
  bootstrap_started_at: Date | null;
  bootstrap_finished_at: Date | null;
  bootstrap_error: string | null;
  /** The policy revision the sync worker last applied to the cluster (migration 0004). */
  policy_synced_revision: ColumnType<string | null, never, string | number | null>;
  policy_sync_error: ColumnType<string | null, never, string | null>;
  policy_synced_at: ColumnType<Date | null, never, Date | null>;
  /** Server URL for issued kubeconfigs (migration 0006); null: the registered kubeconfig's. */
  public_server: ColumnType<string | null, string | null | undefined, string | null>;
  /** PEM CA bundle for issued kubeconfigs (migration 0006); null: the registered kubeconfig's. */
  public_ca: ColumnType<string | null, string | null | undefined, string | null>;
}

/** What the cluster was registered with: how to bootstrap it. */
export interface ClusterOptionsJson {
  autoBootstrap?: boolean;
  installAdmission?: boolean;
  withMocks?: boolean;
  installMetricsServer?: boolean;
}

/** Sync bookkeeping of tenants, projects and apps (migration 0003): written by the services and the sync worker. */
export interface SyncColumns {
  /** Writes so far. */
  generation: ColumnType<string, never, string>;
  /** The last generation applied to the cluster. */
  synced_generation: ColumnType<string, never, string>;
  sync_error: ColumnType<string | null, never, string | null>;
  synced_at: ColumnType<Date | null, never, Date | null>;
}

export interface TenantsTable extends SyncColumns {
  id: string;
  name: string;
  cluster_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectsTable extends SyncColumns {
  id: string;
  tenant_id: string;
  name: string;
  /** The namespace the project owns on its tenant's cluster, fixed at creation. */
  namespace: ColumnType<string, string, never>;
  /** Whether the tenant is bound to a cluster (fixed at creation). */
  bound: ColumnType<boolean, boolean | undefined, never>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AppsTable extends SyncColumns {
  id: string;
  project_id: string;
  name: string;
  image: string | null;
  host: string | null;
  /** Whether the tenant is bound to a cluster (fixed at creation). */
  bound: ColumnType<boolean, boolean | undefined, never>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One accepted usage sample, hour-truncated (migration 0007). Invoices aggregate these on read. */
export interface UsageSamplesTable {
  tenant_id: string;
  /** Start of the UTC hour the sample measures. */
  ts: ColumnType<Date, Date | string, never>;
  /** First day of the month whose invoice bills the sample: the month of `ts` unless that invoice was closed first. */
  billing_period: ColumnType<string, string, never>;
  cpu_milli: ColumnType<string, string | number | bigint, never>;
  mem_mib: ColumnType<string, string | number | bigint, never>;
  cluster_id: string | null;
  project_id: string | null;
  source: ColumnType<string, string | undefined, never>;
  /** The client's id of the sample: a second sample with the same id for the tenant is not stored. */
  sample_id: string | null;
  ingested_at: CreatedAt;
}

/** A tenant's rates from `effective_from` on; rows are history, kept when the tenant goes. */
export interface TenantRatesTable {
  tenant_id: string;
  effective_from: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Price of one milli-CPU-hour (numeric(20,12)). */
  cpu_milli_rate: Numeric;
  /** Price of one MiB-hour (numeric(20,12)). */
  mem_mib_rate: Numeric;
  tier: ColumnType<string, string | undefined, string>;
  /** A fraction, 0–1 (numeric(5,4)); the API speaks percent. */
  discount: Numeric;
  currency: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

/** A closed invoice: the document as it was answered when closed, never changed afterwards. */
export interface InvoicesTable {
  tenant_id: string;
  /** First day of the invoiced month. */
  period: ColumnType<string, string, never>;
  currency: string;
  total: Numeric;
  document: ColumnType<Record<string, unknown>, string, never>;
  closed_at: CreatedAt;
}

/** The answer of an ingest request sent with an `Idempotency-Key`. */
export interface UsageIngestKeysTable {
  key: string;
  /** SHA-256 of the canonical request body. */
  body_hash: string;
  response: ColumnType<Record<string, unknown> | null, string | null | undefined, string>;
  created_at: CreatedAt;
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

/** A change waiting to be applied to a cluster (written with the change, drained by the sync worker). */
export interface SyncOutboxTable {
  id: Generated<Int8>;
  cluster_id: string;
  /** `policy` entries name the cluster as their object (its `Policy/default`). */
  kind: 'tenant' | 'project' | 'app' | 'policy';
  object_id: string;
  op: 'apply' | 'delete';
  /** What a delete needs once the row is gone: `{name, namespace?}` of the custom resource. */
  ref: ColumnType<{ name?: string; namespace?: string }, string | undefined, string>;
  generation: ColumnType<string, string | number | undefined, string | number>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  last_error: string | null;
  created_at: CreatedAt;
}

export type PolicyScope = 'global' | 'cluster';

/** What a policy row stores: the policy as the API takes it, every field filled in. */
export interface PolicyBodyJson {
  imageAllowlist: string[];
  egressBaseline: string[];
  quotaMax: { requestsCPU: string; requestsMemory: string };
  limitRangeDefaults: { defaultRequest: { cpu: string; memory: string }; default: { cpu: string; memory: string } };
  ingressNamespace: string;
}

/** The global platform policy and per-cluster overrides (migration 0004). */
export interface PoliciesTable {
  id: Generated<string>;
  scope: PolicyScope;
  cluster_id: string | null;
  body: ColumnType<PolicyBodyJson, string, string>;
  /** From the `policy_revision` sequence shared by every row: unique across scopes, rising per write. */
  revision: ColumnType<string, never, never>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A token the Manager issued, by its `jti` (listing and revocation). */
export interface IssuedTokensTable {
  jti: string;
  subject: string;
  role: 'admin' | 'tenant' | 'project';
  scope: string;
  tenant_id: string | null;
  project_id: string | null;
  /** The `sub` of whoever issued it (`cli` for the command line). */
  issued_by: string;
  issued_at: CreatedAt;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface Database {
  clusters: ClustersTable;
  tenants: TenantsTable;
  projects: ProjectsTable;
  apps: AppsTable;
  usage_samples: UsageSamplesTable;
  tenant_rates: TenantRatesTable;
  invoices: InvoicesTable;
  usage_ingest_keys: UsageIngestKeysTable;
  audit_log: AuditLogTable;
  sync_outbox: SyncOutboxTable;
  policies: PoliciesTable;
  issued_tokens: IssuedTokensTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type AppRow = Selectable<AppsTable>;
export type ClusterRow = Selectable<ClustersTable>;
export type PolicyRow = Selectable<PoliciesTable>;
export type SyncOutboxRow = Selectable<SyncOutboxTable>;
export type IssuedTokenRow = Selectable<IssuedTokensTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type TenantUpdate = Updateable<TenantsTable>;
