import { migrationProvider } from '@kubeop/db';
import { createTestDatabase, type TestDatabase } from '@kubeop/db/testing';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from './ids.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'), { migrate: false });
});
afterAll(async () => {
  await t?.drop();
});

describe(`migration 0007_billing (${inject('databaseKind')} PostgreSQL)`, () => {
  it('moves usage_hourly rows into usage_samples, keeps rates past the tenant, and goes back down', async () => {
    const db = t.handle.db;
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0003_sync')).error).toBeUndefined();
    const tenant = newId();
    await sql`insert into tenants (id, name) values (${tenant}, 'before-billing')`.execute(db);
    await sql`insert into usage_hourly (tenant_id, ts, cpu_milli, mem_mib) values
                (${tenant}, '2025-10-07T10:20:00Z', 100, 10), (${tenant}, '2025-10-31T23:00:00Z', 5, 1)`.execute(db);
    await sql`insert into tenant_rates (tenant_id, effective_from, cpu_milli_rate, mem_mib_rate, discount)
              values (${tenant}, '2025-01-01T00:00:00Z', 0.5, 0.25, 0.1)`.execute(db);

    expect((await migrator.migrateTo('0007_billing')).error).toBeUndefined();
    const samples = await sql<{ ts: Date; billing_period: string; cpu_milli: string; source: string }>`
      select ts, to_char(billing_period, 'YYYY-MM-DD') as billing_period, cpu_milli, source from usage_samples order by ts`.execute(db);
    expect(samples.rows).toEqual([
      { ts: new Date('2025-10-07T10:00:00Z'), billing_period: '2025-10-01', cpu_milli: '100', source: 'usage_hourly' },
      { ts: new Date('2025-10-31T23:00:00Z'), billing_period: '2025-10-01', cpu_milli: '5', source: 'usage_hourly' },
    ]);
    await sql`delete from tenants where id = ${tenant}`.execute(db);
    const rates = await sql<{ currency: string; n: string }>`select currency, count(*) over () as n from tenant_rates`.execute(db);
    expect(rates.rows).toEqual([{ currency: 'USD', n: '1' }]);
    expect((await sql<{ n: string }>`select count(*) as n from usage_samples`.execute(db)).rows[0]!.n).toBe('2');

    // down again: usage_hourly comes back with the samples of tenants that still exist
    const other = newId();
    await sql`insert into tenants (id, name) values (${other}, 'after-billing')`.execute(db);
    await sql`insert into usage_samples (tenant_id, ts, billing_period, cpu_milli, mem_mib) values
                (${other}, '2025-11-01T00:00:00Z', '2025-11-01', 3, 4), (${other}, '2025-11-01T00:00:00Z', '2025-11-01', 1, 1)`.execute(db);
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]?.migrationName).toBe('0007_billing');
    const hourly = await sql<{ tenant_id: string; cpu_milli: string; mem_mib: string }>`
      select tenant_id, cpu_milli, mem_mib from usage_hourly`.execute(db);
    expect(hourly.rows).toEqual([{ tenant_id: other, cpu_milli: '4', mem_mib: '5' }]);
  });
});
