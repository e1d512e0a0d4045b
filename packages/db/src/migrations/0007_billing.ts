import { sql, type Kysely } from 'kysely';

/**
 * Usage, rates and invoices (issue #12).
 *
 * - `usage_samples`: every accepted usage sample, hour-truncated, with its dimensions (cluster,
 *   project, source) and the month it is billed in (`billing_period`: the month of `ts`, or the next
 *   open month when `ts` falls into an invoice already closed). A sample with a client `sample_id`
 *   is stored once per tenant (unique key). Invoices aggregate these rows on read.
 * - The rows of `usage_hourly` (first wave; nothing wrote them) move into `usage_samples`
 *   (source `usage_hourly`) and the table goes.
 * - `tenant_rates` keeps its history rows when the tenant is deleted (the cascade goes) and gains a
 *   currency; `invoices` stores closed invoices (immutable snapshots) and `usage_ingest_keys` the
 *   answers of ingest requests sent with an `Idempotency-Key`.
 *
 * History outlives the tenant: none of these tables references `tenants`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_samples')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('ts', 'timestamptz', (c) => c.notNull())
    .addColumn('billing_period', 'date', (c) => c.notNull())
    .addColumn('cpu_milli', 'bigint', (c) => c.notNull().check(sql`cpu_milli >= 0`))
    .addColumn('mem_mib', 'bigint', (c) => c.notNull().check(sql`mem_mib >= 0`))
    .addColumn('cluster_id', 'uuid')
    .addColumn('project_id', 'uuid')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sample_id', 'text')
    .addColumn('ingested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // NULL sample ids never conflict: samples without an id add up.
    .addUniqueConstraint('usage_samples_sample_key', ['tenant_id', 'sample_id'])
    .execute();
  // Invoices read one tenant's month; the included columns make it an index-only scan.
  await sql`create index usage_samples_invoice_idx on usage_samples (tenant_id, billing_period, ts) include (cpu_milli, mem_mib)`.execute(
    db,
  );

  await sql`
    insert into usage_samples (tenant_id, ts, billing_period, cpu_milli, mem_mib, source)
    select tenant_id,
           date_trunc('hour', ts at time zone 'UTC') at time zone 'UTC',
           date_trunc('month', ts at time zone 'UTC')::date,
           cpu_milli, mem_mib, 'usage_hourly'
      from usage_hourly`.execute(db);
  await db.schema.dropTable('usage_hourly').execute();

  await sql`alter table tenant_rates drop constraint if exists tenant_rates_tenant_id_fkey`.execute(db);
  await db.schema
    .alterTable('tenant_rates')
    .addColumn('currency', 'text', (c) =>
      c
        .notNull()
        .defaultTo('USD')
        .check(sql`currency ~ '^[A-Z]{3}$'`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total', 'numeric', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('invoices_pkey', ['tenant_id', 'period'])
    .execute();

  await db.schema
    .createTable('usage_ingest_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('usage_ingest_keys').execute();
  await db.schema.dropTable('invoices').execute();
  await db.schema.alterTable('tenant_rates').dropColumn('created_at').dropColumn('currency').execute();
  await sql`delete from tenant_rates r where not exists (select 1 from tenants t where t.id = r.tenant_id)`.execute(db);
  await sql`alter table tenant_rates add constraint tenant_rates_tenant_id_fkey foreign key (tenant_id) references tenants (id) on delete cascade`.execute(
    db,
  );
  await db.schema
    .createTable('usage_hourly')
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('ts', 'timestamptz', (c) => c.notNull())
    .addColumn('cpu_milli', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`cpu_milli >= 0`),
    )
    .addColumn('mem_mib', 'bigint', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`mem_mib >= 0`),
    )
    .addPrimaryKeyConstraint('usage_hourly_pkey', ['tenant_id', 'ts'])
    .execute();
  await db.schema.createIndex('usage_hourly_ts_idx').on('usage_hourly').column('ts').execute();
  await sql`
    insert into usage_hourly (tenant_id, ts, cpu_milli, mem_mib)
    select s.tenant_id, s.ts, sum(s.cpu_milli), sum(s.mem_mib)
      from usage_samples s join tenants t on t.id = s.tenant_id
     group by s.tenant_id, s.ts`.execute(db);
  await db.schema.dropTable('usage_samples').execute();
}
