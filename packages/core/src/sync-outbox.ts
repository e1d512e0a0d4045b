import { sql, type RawBuilder } from 'kysely';

/**
 * What a write of a tenant, project or app adds to `sync_outbox`, as one more part of the same
 * statement (see auditedWrite): `m` is the written row. Only entities whose tenant is bound to a
 * cluster get an entry. An entry says "this object changed"; the sync worker applies the object's
 * state at the time it runs (so a later write is never overtaken by an earlier one) or, when the row
 * is gone, deletes the custom resource named in `ref`.
 */
export type SyncKind = 'tenant' | 'project' | 'app';
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
