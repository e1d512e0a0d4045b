import type { Kysely } from 'kysely';

/**
 * Where users of issued kubeconfigs reach a cluster, when it differs from where the Manager does:
 * an https URL and a PEM CA bundle, both optional (null: the registered kubeconfig's server and CA).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clusters').addColumn('public_server', 'text').addColumn('public_ca', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clusters').dropColumn('public_server').dropColumn('public_ca').execute();
}
