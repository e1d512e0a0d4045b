import { sql, type Kysely } from 'kysely';

/**
 * Invoices break usage down per project: the invoice index carries `project_id` too, so an invoice
 * (hours and projects in one statement) stays an index-only scan instead of visiting a heap page
 * per sample. Ingest idempotency keys expire: an index on their age for the hourly purge.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index usage_samples_invoice_v2_idx on usage_samples (tenant_id, billing_period, ts) include (cpu_milli, mem_mib, project_id)`.execute(
    db,
  );
  await sql`drop index usage_samples_invoice_idx`.execute(db);
  await sql`alter index usage_samples_invoice_v2_idx rename to usage_samples_invoice_idx`.execute(db);
  await sql`create index usage_ingest_keys_created_idx on usage_ingest_keys (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index usage_ingest_keys_created_idx`.execute(db);
  await sql`drop index usage_samples_invoice_idx`.execute(db);
  await sql`create index usage_samples_invoice_idx on usage_samples (tenant_id, billing_period, ts) include (cpu_milli, mem_mib)`.execute(
    db,
  );
}
