import type { Database, PolicyBodyJson, PolicyScope } from '@kubeop/db';
import {
  compareQuantities,
  DEFAULT_POLICY,
  guardrailPolicyIssues,
  InvalidError,
  NotFoundError,
  parseQuantity,
  quantityProblem,
  type FieldIssue,
} from '@kubeop/kube';
import { sql, type Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { isUuid } from './ids.js';
import { translateDbError } from './pg-errors.js';
import { policyOutboxForCluster, policyOutboxForGlobal } from './sync-outbox.js';

/**
 * The platform policy the Manager stores and syncs to clusters (`Policy/default`): one global policy
 * and optional per-cluster overrides. A cluster's effective policy is its override, else the global
 * policy, else the platform defaults (revision 0). Every write is audited and queues the affected
 * clusters in `sync_outbox` in the same statement; revisions come from one sequence (see migration
 * 0004), so concurrent writes each get their own and none is lost.
 */
export type PolicyBody = PolicyBodyJson;

/** What `PUT /v1/platform/policy` takes: omitted fields take the platform defaults. */
export interface PolicyInput {
  imageAllowlist?: string[] | undefined;
  egressBaseline?: string[] | undefined;
  quotaMax?: { requestsCPU?: string | undefined; requestsMemory?: string | undefined } | undefined;
  limitRangeDefaults?:
    | {
        defaultRequest?: { cpu?: string | undefined; memory?: string | undefined } | undefined;
        default?: { cpu?: string | undefined; memory?: string | undefined } | undefined;
      }
    | undefined;
  ingressNamespace?: string | undefined;
}

export type PolicySource = 'override' | 'global' | 'default';
export type PolicySyncState = 'synced' | 'pending' | 'error';

/** Where one cluster stands: the revision it should have, the one last applied by the sync worker. */
export interface ClusterPolicySync {
  clusterId: string;
  clusterName: string;
  source: PolicySource;
  desiredRevision: number;
  syncedRevision: number | null;
  state: PolicySyncState;
  error: string | null;
  syncedAt: Date | null;
}

export interface StoredPolicy {
  /** `cluster`: the cluster's own override; `global`: the global policy (also when asked for a cluster without one). */
  scope: PolicyScope;
  clusterId: string | null;
  /** False while nothing was stored for this scope: the body is then the platform defaults. */
  stored: boolean;
  body: PolicyBody;
  revision: number;
  updatedAt: Date | null;
  clusters: ClusterPolicySync[];
}

/** The policy with every omitted field taken from the platform defaults. */
export function completePolicy(input: PolicyInput): PolicyBody {
  const d = DEFAULT_POLICY;
  const lr = input.limitRangeDefaults ?? {};
  return {
    imageAllowlist: [...(input.imageAllowlist ?? d.imageAllowlist)],
    egressBaseline: [...(input.egressBaseline ?? d.egressBaseline)],
    quotaMax: {
      requestsCPU: input.quotaMax?.requestsCPU ?? d.quotaMax.requestsCPU,
      requestsMemory: input.quotaMax?.requestsMemory ?? d.quotaMax.requestsMemory,
    },
    limitRangeDefaults: {
      defaultRequest: {
        cpu: lr.defaultRequest?.cpu ?? d.limitRangeDefaults.defaultRequest.cpu,
        memory: lr.defaultRequest?.memory ?? d.limitRangeDefaults.defaultRequest.memory,
      },
      default: {
        cpu: lr.default?.cpu ?? d.limitRangeDefaults.default.cpu,
        memory: lr.default?.memory ?? d.limitRangeDefaults.default.memory,
      },
    },
    ingressNamespace: input.ingressNamespace ?? d.ingressNamespace,
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Every problem of a complete policy, each naming its field as the caller spelled it. */
export function policyIssues(body: PolicyBody): FieldIssue[] {
  const issues = guardrailPolicyIssues(body);
  const lr = body.limitRangeDefaults;
  for (const part of ['defaultRequest', 'default'] as const) {
    for (const r of ['cpu', 'memory'] as const) {
      const problem = quantityProblem(lr[part][r]);
      if (problem) issues.push({ path: `limitRangeDefaults.${part}.${r}`, message: problem });
    }
  }
  for (const r of ['cpu', 'memory'] as const) {
    const request = parseQuantity(lr.defaultRequest[r]);
    const limit = parseQuantity(lr.default[r]);
    if (request && limit && compareQuantities(request, limit) > 0) {
      issues.push({
        path: `limitRangeDefaults.defaultRequest.${r}`,
        message: `must not exceed limitRangeDefaults.default.${r} (${lr.default[r]})`,
      });
    }
  }
  if (body.ingressNamespace.length > 63 || !DNS_LABEL.test(body.ingressNamespace)) {
    issues.push({ path: 'ingressNamespace', message: 'must be a namespace name (a DNS-1123 label)' });
  }
  return issues;
}

export function assertValidPolicy(body: PolicyBody): void {
  const issues = policyIssues(body);
  if (issues.length) throw new InvalidError(`invalid policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

const RETURNING = sql`returning id, scope, cluster_id, body, revision, updated_at, coalesce(cluster_id::text, 'global') as name`;

interface PolicyWriteRow {
  id: string;
  scope: PolicyScope;
  cluster_id: string | null;
  body: PolicyBody;
  revision: string;
  updated_at: Date;
}

async function assertCluster(db: Kysely<Database>, clusterId: string): Promise<void> {
  if (!isUuid(clusterId)) throw new NotFoundError('cluster', clusterId, 'clusterID');
  const row = await db.selectFrom('clusters').select('id').where('id', '=', clusterId).executeTakeFirst();
  if (!row) throw new NotFoundError('cluster', clusterId, 'clusterID');
}

/**
 * Stores the global policy (no `clusterId`) or a cluster's override, as a new revision, and queues
 * every affected cluster: all clusters without an override for the global policy, the one cluster
 * for an override. Invalid input is an InvalidError naming each bad field; an unknown cluster is 404.
 */
export async function putPolicy(
  db: Kysely<Database>,
  input: PolicyInput,
  target: { clusterId?: string | undefined },
  actor: Actor,
): Promise<StoredPolicy> {
  const body = completePolicy(input);
  assertValidPolicy(body);
  const json = JSON.stringify(body);
  const { clusterId } = target;
  if (clusterId !== undefined && !isUuid(clusterId)) throw new NotFoundError('cluster', clusterId, 'clusterID');
  try {
    const mutation =
      clusterId === undefined
        ? sql`insert into policies (scope, body) values ('global', ${json}::jsonb)
              on conflict (scope) where scope = 'global'
              do update set body = excluded.body, revision = nextval('policy_revision'), updated_at = now()
              ${RETURNING}`
        : sql`insert into policies (scope, cluster_id, body) values ('cluster', ${clusterId}, ${json}::jsonb)
              on conflict (cluster_id)
              do update set body = excluded.body, revision = nextval('policy_revision'), updated_at = now()
              ${RETURNING}`;
    const [row] = await auditedWrite<PolicyWriteRow>(
      db,
      mutation,
      { actor, action: 'update', resourceType: 'policy', details: { scope: clusterId === undefined ? 'global' : 'cluster' } },
      clusterId === undefined ? policyOutboxForGlobal() : policyOutboxForCluster(),
    );
    // what this write stored (a concurrent write may already have replaced it)
    const clusters = await policySyncStates(db, clusterId);
    return {
      scope: row!.scope,
      clusterId: row!.cluster_id,
      stored: true,
      body: completePolicy(row!.body),
      revision: Number(row!.revision),
      updatedAt: row!.updated_at,
      clusters: clusterId === undefined ? clusters.filter((c) => c.source !== 'override') : clusters,
    };
  } catch (e) {
    return translateDbError(e, { fkValue: clusterId ?? '' });
  }
}

/**
 * Removes a cluster's override: the cluster falls back to the global policy (queued in the same
 * statement). Idempotent: a cluster without an override is left as it is. Unknown cluster: 404.
 */
export async function deletePolicyOverride(db: Kysely<Database>, clusterId: string, actor: Actor): Promise<void> {
  try {
    await assertCluster(db, clusterId);
    await auditedWrite(
      db,
      sql`delete from policies where cluster_id = ${clusterId} ${RETURNING}`,
      { actor, action: 'delete', resourceType: 'policy', details: { scope: 'cluster' } },
      policyOutboxForCluster(),
    );
  } catch (e) {
    translateDbError(e);
  }
}

interface SyncRow {
  id: string;
  name: string;
  policy_synced_revision: string | null;
  policy_sync_error: string | null;
  policy_synced_at: Date | null;
  override_revision: string | null;
  global_revision: string | null;
}

function toSync(r: SyncRow): ClusterPolicySync {
  const source: PolicySource = r.override_revision !== null ? 'override' : r.global_revision !== null ? 'global' : 'default';
  const desiredRevision = Number(r.override_revision ?? r.global_revision ?? 0);
  const syncedRevision = r.policy_synced_revision === null ? null : Number(r.policy_synced_revision);
  // nothing stored and nothing ever applied: the cluster runs on the defaults, as it should
  const state: PolicySyncState = (syncedRevision ?? 0) === desiredRevision ? 'synced' : r.policy_sync_error !== null ? 'error' : 'pending';
  return {
    clusterId: r.id,
    clusterName: r.name,
    source,
    desiredRevision,
    syncedRevision,
    state,
    error: state === 'synced' ? null : r.policy_sync_error,
    syncedAt: r.policy_synced_at,
  };
}

/** The policy sync state of every cluster (or of one), by cluster name. */
export async function policySyncStates(db: Kysely<Database>, clusterId?: string): Promise<ClusterPolicySync[]> {
  let q = db
    .selectFrom('clusters as c')
    .leftJoin('policies as o', 'o.cluster_id', 'c.id')
    .leftJoin('policies as g', (j) => j.on('g.scope', '=', 'global'))
    .select([
      'c.id',
      'c.name',
      'c.policy_synced_revision',
      'c.policy_sync_error',
      'c.policy_synced_at',
      'o.revision as override_revision',
      'g.revision as global_revision',
    ])
    .orderBy('c.name');
  if (clusterId !== undefined) q = q.where('c.id', '=', clusterId);
  return (await q.execute()).map(toSync);
}

/**
 * The global policy (no `clusterId`), or the policy in effect on a cluster (its override, else the
 * global one), with the sync state of the clusters it concerns. Nothing stored: the defaults, revision 0.
 */
export async function getPolicy(db: Kysely<Database>, target: { clusterId?: string | undefined }): Promise<StoredPolicy> {
  const { clusterId } = target;
  try {
    if (clusterId !== undefined) await assertCluster(db, clusterId);
    const rows = await db
      .selectFrom('policies')
      .select(['scope', 'cluster_id', 'body', 'revision', 'updated_at'])
      .where((eb) =>
        clusterId === undefined ? eb('scope', '=', 'global') : eb.or([eb('scope', '=', 'global'), eb('cluster_id', '=', clusterId)]),
      )
      .execute();
    const row = rows.find((r) => r.scope === 'cluster') ?? rows.find((r) => r.scope === 'global');
    const clusters = await policySyncStates(db, clusterId);
    const scope: PolicyScope = row?.scope ?? 'global';
    return {
      scope,
      clusterId: scope === 'cluster' ? (clusterId ?? null) : null,
      stored: row !== undefined,
      body: row ? completePolicy(row.body) : completePolicy({}),
      revision: row ? Number(row.revision) : 0,
      updatedAt: row?.updated_at ?? null,
      clusters: clusterId === undefined ? clusters.filter((c) => c.source !== 'override') : clusters,
    };
  } catch (e) {
    return translateDbError(e);
  }
}

/**
 * The policy in effect on a cluster and its revision (what the sync worker applies), and the
 * revision last applied there (null: none yet).
 */
export async function effectiveClusterPolicy(
  db: Kysely<Database>,
  clusterId: string,
): Promise<{ body: PolicyBody; revision: number; syncedRevision: number | null }> {
  const row = await db
    .selectFrom('clusters as c')
    .leftJoin('policies as o', 'o.cluster_id', 'c.id')
    .leftJoin('policies as g', (j) => j.on('g.scope', '=', 'global'))
    .select([
      sql<PolicyBody | null>`coalesce(o.body, g.body)`.as('body'),
      sql<string>`coalesce(o.revision, g.revision, 0)`.as('revision'),
      'c.policy_synced_revision',
    ])
    .where('c.id', '=', clusterId)
    .executeTakeFirst();
  const synced = row?.policy_synced_revision;
  return {
    body: completePolicy(row?.body ?? {}),
    revision: Number(row?.revision ?? 0),
    syncedRevision: synced === null || synced === undefined ? null : Number(synced),
  };
}
