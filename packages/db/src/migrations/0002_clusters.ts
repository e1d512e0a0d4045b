import { sql, type Kysely } from 'kysely';

/**
 * Cluster registry: the kubeconfig sealed with envelope encryption (never stored in plaintext),
 * the last reachability probe, and the state of the last bootstrap job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clusters')
    .addColumn('kubeconfig_enc', 'bytea')
    .addColumn('kms_key_id', 'text')
    .addColumn('api_server', 'text')
    .addColumn('reachable', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('server_version', 'text')
    .addColumn('last_error', 'text')
    .addColumn('checked_at', 'timestamptz')
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('bootstrap_state', 'text', (c) => c.check(sql`bootstrap_state in ('pending', 'running', 'succeeded', 'failed')`))
    .addColumn('bootstrap_started_at', 'timestamptz')
    .addColumn('bootstrap_finished_at', 'timestamptz')
    .addColumn('bootstrap_error', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const c of [
    'kubeconfig_enc',
    'kms_key_id',
    'api_server',
    'reachable',
    'server_version',
    'last_error',
    'checked_at',
    'options',
    'bootstrap_state',
    'bootstrap_started_at',
    'bootstrap_finished_at',
    'bootstrap_error',
  ]) {
    await db.schema.alterTable('clusters').dropColumn(c).execute();
  }
}
