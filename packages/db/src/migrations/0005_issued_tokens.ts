import { sql, type Kysely } from 'kysely';

/**
 * Tokens the Manager issued (the API's `POST /v1/jwt/project` and `kubeop-manager token create`),
 * by their `jti`, so they can be listed and revoked. `tenant_id` is the tenant owning the token's
 * scope (none for admin tokens): that tenant may list and revoke it. No foreign keys: a token
 * outlives neither its expiry nor its purpose, but the record of it stays for the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('issued_tokens')
    .addColumn('jti', 'uuid', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'tenant', 'project')`))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'uuid')
    .addColumn('project_id', 'uuid')
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('issued_tokens_tenant_idx').on('issued_tokens').columns(['tenant_id', 'jti']).execute();
  // The revocation list every Manager keeps in memory: revoked tokens not yet expired.
  await db.schema
    .createIndex('issued_tokens_revoked_idx')
    .on('issued_tokens')
    .columns(['revoked_at', 'expires_at'])
    .where(sql.ref('revoked_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('issued_tokens').ifExists().execute();
}
