import { sql, type Kysely } from 'kysely';

/**
 * Platform policy (`PUT /v1/platform/policy`): one global row and at most one override per cluster,
 * each with its whole body (jsonb) and a revision. Revisions come from ONE sequence shared by every
 * row, so a revision names exactly one stored write: a cluster going back from its override to the
 * global policy never shows an older override's number as "live". Clusters remember which revision
 * the sync worker last applied to them; `sync_outbox` takes `policy` entries (object_id = cluster).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence policy_revision`.execute(db);
  await db.schema
    .createTable('policies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('global', 'cluster')`))
    .addColumn('cluster_id', 'uuid', (c) => c.references('clusters.id').onDelete('cascade'))
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(sql`nextval('policy_revision')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('policies_cluster_id_key', ['cluster_id'])
    .addCheckConstraint('policies_scope_cluster', sql`(scope = 'global') = (cluster_id is null)`)
    .execute();
  // at most one global row (the upsert's conflict target)
  await sql`create unique index policies_global_key on policies (scope) where scope = 'global'`.execute(db);

  await db.schema
    .alterTable('clusters')
    .addColumn('policy_synced_revision', 'bigint')
    .addColumn('policy_sync_error', 'text')
    .addColumn('policy_synced_at', 'timestamptz')
    .execute();

  await sql`alter table sync_outbox drop constraint sync_outbox_kind_check`.execute(db);
  await sql`alter table sync_outbox add constraint sync_outbox_kind_check check (kind in ('tenant', 'project', 'app', 'policy'))`.execute(
    db,
  );
  // every registered cluster gets the policy Kubernetes-side (the defaults until one is stored)
  await sql`
    insert into sync_outbox (cluster_id, kind, object_id, op, generation)
    select id, 'policy', id, 'apply', 0 from clusters`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sync_outbox where kind = 'policy'`.execute(db);
  await sql`alter table sync_outbox drop constraint sync_outbox_kind_check`.execute(db);
  await sql`alter table sync_outbox add constraint sync_outbox_kind_check check (kind in ('tenant', 'project', 'app'))`.execute(db);
  for (const c of ['policy_synced_revision', 'policy_sync_error', 'policy_synced_at']) {
    await db.schema.alterTable('clusters').dropColumn(c).execute();
  }
  await db.schema.dropTable('policies').execute();
  await sql`drop sequence policy_revision`.execute(db);
}
