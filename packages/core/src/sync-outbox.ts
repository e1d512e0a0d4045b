import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@kubeop/db';

/**
 * What a write of a tenant, project or app adds to `sync_outbox`, as one more part of the same
 * statement (see auditedWrite): `m` is the written row. Only entities whose tenant is bound to a
 * cluster get an entry. An entry says "this object changed"; the sync worker applies the object's
 * state at the time it runs (so a later write is never overtaken by an earlier one) or, when the row
 * is gone, deletes the custom resource named in `ref`.
 */
export type SyncKind = 'tenant' | 'project' | 'app';
/** What the outbox carries: entity changes, and a cluster's policy. */
export type OutboxKind = SyncKind | 'policy';
export type SyncOp = 'apply' | 'delete';

export function outboxInsert(kind: SyncKind, op: SyncOp): RawBuilder<unknown> {
  const columns = sql`insert into sync_outbox (cluster_id, kind, object_id, op, generation, ref)`;
  switch (kind) {
    case 'tenant':
      return sql`${columns}
        select m.cluster_id, 'tenant', m.id, ${op}, m.generation, jsonb_build_object('name', m.id::text)
        from m where m.cluster_id is not null`;
    case 'project':
      return sql`${columns}
        select t.cluster_id, 'project', m.id, ${op}, m.generation, jsonb_build_object('name', m.id::text)
        from m join tenants t on t.id = m.tenant_id where t.cluster_id is not null`;
    case 'app':
      return sql`${columns}
        select t.cluster_id, 'app', m.id, ${op}, m.generation, jsonb_build_object('name', m.name, 'namespace', p.namespace)
        from m join projects p on p.id = m.project_id join tenants t on t.id = p.tenant_id where t.cluster_id is not null`;
  }
}

/**
 * `policy` entries (object_id = the cluster; its `Policy/default`), as one more part of a policy
 * write's statement: `m` is the written (or deleted) override. The generation is informational (the
 * row's revision): the worker applies whatever is in effect when it runs.
 */
export function policyOutboxForCluster(): RawBuilder<unknown> {
  return sql`insert into sync_outbox (cluster_id, kind, object_id, op, generation)
    select m.cluster_id, 'policy', m.cluster_id, 'apply', m.revision from m where m.cluster_id is not null`;
}

/** A global policy write: every cluster without an override of its own. */
export function policyOutboxForGlobal(): RawBuilder<unknown> {
  return sql`insert into sync_outbox (cluster_id, kind, object_id, op, generation)
    select c.id, 'policy', c.id, 'apply', m.revision
    from clusters c cross join m where not exists (select 1 from policies o where o.cluster_id = c.id)`;
}

/** A registered (or re-registered, or bootstrapped) cluster: `m` is its row. */
export function policyOutboxForRegisteredCluster(): RawBuilder<unknown> {
  return sql`insert into sync_outbox (cluster_id, kind, object_id, op, generation) select m.id, 'policy', m.id, 'apply', 0 from m`;
}

/** Queues a cluster's policy outside a write (after a bootstrap: the Policy CRD is there now). */
export async function queueClusterPolicy(db: Kysely<Database>, clusterId: string): Promise<void> {
  await sql`insert into sync_outbox (cluster_id, kind, object_id, op, generation)
    select id, 'policy', id, 'apply', 0 from clusters where id = ${clusterId}`.execute(db);
}
