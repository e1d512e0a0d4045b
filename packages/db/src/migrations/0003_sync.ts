import { sql, type Kysely } from 'kysely';

/**
 * Manager → cluster sync. Projects get the namespace they own, fixed at creation (unique: a hash of
 * the project id is part of it). Tenants, projects and apps count their writes (`generation`) and
 * remember the last generation applied to their cluster. `sync_outbox` is written in the same
 * statement as each change of an entity bound to a cluster and drained by the sync worker.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('namespace', 'text').execute();
  // Existing projects: the rule of projectNamespaceName() in @kubeop/kube (resources.ts), in SQL;
  // a test pins that both agree.
  await sql`
    update projects p
       set namespace = 'kubeop-' || left(t.name, 22) || '-' || left(p.name, 22) || '-' ||
                       left(encode(sha256(convert_to(p.id::text, 'UTF8')), 'hex'), 8)
      from tenants t
     where t.id = p.tenant_id`.execute(db);
  await db.schema
    .alterTable('projects')
    .alterColumn('namespace', (c) => c.setNotNull())
    .execute();
  await db.schema.createIndex('projects_namespace_key').unique().on('projects').column('namespace').execute();

  for (const table of ['tenants', 'projects', 'apps']) {
    await db.schema
      .alterTable(table)
      .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(1))
      .addColumn('synced_generation', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('sync_error', 'text')
      .addColumn('synced_at', 'timestamptz')
      .execute();
  }

  // Whether the tenant is bound to a cluster (fixed at the tenant's creation), kept on projects and
  // apps so reads need no join to know whether there is anything to sync.
  for (const table of ['projects', 'apps']) {
    await db.schema
      .alterTable(table)
      .addColumn('bound', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  }
  await sql`update projects p set bound = true from tenants t where t.id = p.tenant_id and t.cluster_id is not null`.execute(db);
  await sql`update apps a set bound = true from projects p where p.id = a.project_id and p.bound`.execute(db);

  await db.schema
    .createTable('sync_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('cluster_id', 'uuid', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('tenant', 'project', 'app')`))
    .addColumn('object_id', 'uuid', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull().check(sql`op in ('apply', 'delete')`))
    .addColumn('ref', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // What is already bound to a cluster gets there too.
  await sql`
    insert into sync_outbox (cluster_id, kind, object_id, op, generation, ref)
    select t.cluster_id, 'tenant', t.id, 'apply', t.generation, jsonb_build_object('name', t.id::text)
      from tenants t where t.cluster_id is not null`.execute(db);
  await sql`
    insert into sync_outbox (cluster_id, kind, object_id, op, generation, ref)
    select t.cluster_id, 'project', p.id, 'apply', p.generation, jsonb_build_object('name', p.id::text)
      from projects p join tenants t on t.id = p.tenant_id where t.cluster_id is not null`.execute(db);
  await sql`
    insert into sync_outbox (cluster_id, kind, object_id, op, generation, ref)
    select t.cluster_id, 'app', a.id, 'apply', a.generation, jsonb_build_object('name', a.name, 'namespace', p.namespace)
      from apps a join projects p on p.id = a.project_id join tenants t on t.id = p.tenant_id where t.cluster_id is not null`.execute(db);
  await db.schema.createIndex('sync_outbox_due').on('sync_outbox').columns(['next_attempt_at', 'cluster_id']).execute();
  await db.schema.createIndex('sync_outbox_object').on('sync_outbox').columns(['cluster_id', 'kind', 'object_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sync_outbox').execute();
  for (const table of ['tenants', 'projects', 'apps']) {
    for (const c of ['generation', 'synced_generation', 'sync_error', 'synced_at', ...(table === 'tenants' ? [] : ['bound'])]) {
      await db.schema.alterTable(table).dropColumn(c).execute();
    }
  }
  await db.schema.dropIndex('projects_namespace_key').execute();
  await db.schema.alterTable('projects').dropColumn('namespace').execute();
}
