import fc from 'fast-check';
import { sql } from 'kysely';
import { ConflictError, InvalidError, NotFoundError, TooLargeError } from '@kubeop/kube';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from './audit.js';
import { closeInvoice, getInvoice } from './invoices.js';
import { DEFAULT_BILLING_SETTINGS, getTenantRates, setTenantRate, type RateInput } from './rates.js';
import { createTenant, deleteTenant } from './tenants.js';
import { parseDecimal } from './money.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';
import { ingestUsage, purgeIngestKeys, USAGE_LOCK, usageSnapshot } from './usage.js';

const actor: Actor = { name: 'test', requestId: 'req-billing' };
const settings = DEFAULT_BILLING_SETTINGS;
const opts = { maxBatch: settings.maxBatch };
let t: TestDatabase;
let seq = 0;

beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
});
afterAll(async () => {
  await t?.drop();
});

const db = () => t.handle.db;
const PROJECT_A = '0193a4f0-0000-7000-8000-00000000000a';
const PROJECT_B = '0193a4f0-0000-7000-8000-00000000000b';
const newTenant = async () => (await createTenant(db(), { name: `bill-${++seq}` }, actor)).id;
const sample = (tenant_id: string, ts: string, cpu_milli: number, mem_mib: number, extra: Record<string, unknown> = {}) => ({
  ts,
  tenant_id,
  cpu_milli,
  mem_mib,
  ...extra,
});
const setRate = (tenantId: string, rate: RateInput) => setTenantRate(db(), tenantId, rate, settings, actor);
const countSamples = async (tenantId: string) =>
  Number(
    (
      await db()
        .selectFrom('usage_samples')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`usage, rates and invoices on ${inject('databaseKind')} PostgreSQL`, () => {
  it('ingests the walkthrough sample and prices it at the default rates, exactly', async () => {
    const tenant = await newTenant();
    const hour = '2025-10-07T09:00:00Z';
    expect(await ingestUsage(db(), [sample(tenant, hour, 500, 1024)], opts)).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
    const inv = await getInvoice(db(), tenant, { period: '2025-10' }, settings);
    expect(inv).toMatchObject({
      tenantId: tenant,
      start: '2025-10-01T00:00:00.000Z',
      end: '2025-11-01T00:00:00.000Z',
      period: '2025-10',
      status: 'open',
      currency: 'USD',
      lines: [{ ts: '2025-10-07T09:00:00.000Z', tenantId: tenant, cpuMilli: 500, memMib: 1024, cost: '0.0007048' }],
      adjustments: [],
      totals: { cpu: { quantity: 500, cost: '0.0005' }, memory: { quantity: 1024, cost: '0.0002048' } },
      subtotal: '0.0007048',
      discount: '0',
      total: '0.00',
    });
  });

  it('truncates timestamps to the hour and adds samples of one hour up, whatever their source', async () => {
    const tenant = await newTenant();
    await ingestUsage(
      db(),
      [
        sample(tenant, '2025-10-07T10:05:00Z', 100, 10, { source: 'a' }),
        sample(tenant, '2025-10-07T12:35:00+02:00', 200, 20, { source: 'b' }),
        sample(tenant, '2025-10-07T11:59:59.999Z', 1, 1),
      ],
      opts,
    );
    const inv = await getInvoice(db(), tenant, { period: '2025-10' }, settings);
    expect(inv.lines.map((l) => [l.ts, l.cpuMilli, l.memMib])).toEqual([
      ['2025-10-07T10:00:00.000Z', 300, 30],
      ['2025-10-07T11:00:00.000Z', 1, 1],
    ]);
  });

  it('stores every dimension as sent, whatever characters text holds', async () => {
    const tenant = await newTenant();
    const cluster = '0190a0e0-0000-7000-8000-000000000001';
    const odd = 'a "quoted", {braced} \\ back\\slash NULL é';
    await ingestUsage(
      db(),
      [
        sample(tenant, '2025-10-07T10:00:00Z', 1, 2, { source: odd, id: odd, cluster_id: cluster.toUpperCase() }),
        sample(tenant, '2025-10-07T10:00:00Z', 3, 4, { project_id: cluster, source: 'NULL' }),
        sample(tenant, '2025-10-07T10:00:00Z', 5, 6),
      ],
      opts,
    );
    const rows = await db()
      .selectFrom('usage_samples')
      .select(['cpu_milli', 'mem_mib', 'cluster_id', 'project_id', 'source', 'sample_id'])
      .where('tenant_id', '=', tenant)
      .orderBy('cpu_milli')
      .execute();
    expect(rows).toEqual([
      { cpu_milli: '1', mem_mib: '2', cluster_id: cluster, project_id: null, source: odd, sample_id: odd },
      { cpu_milli: '3', mem_mib: '4', cluster_id: null, project_id: cluster, source: 'NULL', sample_id: null },
      { cpu_milli: '5', mem_mib: '6', cluster_id: null, project_id: null, source: '', sample_id: null },
    ]);
  });

  it('rejects a batch with one bad record as a whole, naming index and field, and writes nothing', async () => {
    const tenant = await newTenant();
    const good = sample(tenant, '2025-10-07T10:00:00Z', 1, 1);
    const cases: [unknown, string][] = [
      [{ ...good, cpu_milli: -1 }, '3.cpu_milli'],
      [{ ...good, cpu_milli: 1.5 }, '3.cpu_milli'],
      [{ ...good, mem_mib: '12' }, '3.mem_mib'],
      [{ ...good, mem_mib: undefined }, '3.mem_mib'],
      [{ ...good, ts: '2025-10-07 10:00' }, '3.ts'],
      [{ ...good, ts: '2025-02-30T10:00:00Z' }, '3.ts'],
      [{ ...good, ts: new Date(Date.now() + 3 * 3600_000).toISOString() }, '3.ts'],
      [{ ...good, tenant_id: 'nope' }, '3.tenant_id'],
      [{ ...good, tenant_id: '00000000-0000-4000-8000-000000000000' }, '3.tenant_id'],
      [{ ...good, cluster_id: 'x' }, '3.cluster_id'],
      [{ ...good, id: '' }, '3.id'],
      [{ ...good, cpu_milli: Number.MAX_SAFE_INTEGER }, '3.cpu_milli'],
      ['text', '3'],
    ];
    for (const [bad, path] of cases) {
      const err = await ingestUsage(db(), [good, good, good, bad, good], opts).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).issues[0]?.path).toBe(path);
    }
    expect(await countSamples(tenant)).toBe(0);
    // Field names are matched case-insensitively, as the upstream's decoder did.
    await ingestUsage(db(), [{ TS: '2025-10-07T10:00:00Z', Tenant_ID: tenant, CPU_Milli: 7, mem_MIB: 8 }], opts);
    expect(await countSamples(tenant)).toBe(1);
  });

  it('refuses batches over the limit before reading them', async () => {
    const err = await ingestUsage(db(), new Array(11).fill({}), { maxBatch: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
  });

  it('counts a sample id once per tenant: retries and duplicates change nothing', async () => {
    const tenant = await newTenant();
    const batch = [
      sample(tenant, '2025-10-07T10:00:00Z', 100, 10, { id: 's1' }),
      sample(tenant, '2025-10-07T10:00:00Z', 100, 10, { id: 's1' }),
      sample(tenant, '2025-10-07T10:00:00Z', 5, 5),
    ];
    expect(await ingestUsage(db(), batch, opts)).toEqual({ status: 'ok', accepted: 2, duplicates: 1 });
    expect(await ingestUsage(db(), batch.slice(0, 1), opts)).toEqual({ status: 'ok', accepted: 0, duplicates: 1 });
    expect(await usageSnapshot(db(), { tenantId: tenant })).toEqual({ cpuMilli: 105, memMib: 15 });
  });

  it('counts sample ids once when concurrent batches race to store them', async () => {
    const tenant = await newTenant();
    const batch = Array.from({ length: 200 }, (_, i) =>
      sample(tenant, `2025-10-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, 10, 1, { id: `race-${i}` }),
    );
    // overlapping halves, six at once: every id is stored by exactly one of them
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, k) => ingestUsage(db(), k % 2 ? batch.slice(0, 150) : batch.slice(50), opts)),
    );
    expect(results.reduce((a, r) => a + r.accepted, 0)).toBe(200);
    expect(results.reduce((a, r) => a + r.duplicates, 0)).toBe(6 * 150 - 200);
    expect(await usageSnapshot(db(), { tenantId: tenant })).toEqual({ cpuMilli: 2000, memMib: 200 });
  });

  it('answers a repeated Idempotency-Key with the first answer, and refuses it with another body', async () => {
    const tenant = await newTenant();
    const batch = [sample(tenant, '2025-10-07T10:00:00Z', 100, 10)];
    const key = `k-${tenant}`;
    const first = await ingestUsage(db(), batch, { ...opts, idempotencyKey: key });
    expect(await ingestUsage(db(), batch, { ...opts, idempotencyKey: key })).toEqual(first);
    expect(await usageSnapshot(db(), { tenantId: tenant })).toEqual({ cpuMilli: 100, memMib: 10 });
    const other = await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 1, 1)], { ...opts, idempotencyKey: key }).catch(
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(ConflictError);
    // a failed request does not use up its key
    const bad = [sample(tenant, '2025-10-07T10:00:00Z', -1, 1)];
    await expect(ingestUsage(db(), bad, { ...opts, idempotencyKey: `${key}-2` })).rejects.toBeInstanceOf(InvalidError);
    expect(await ingestUsage(db(), batch, { ...opts, idempotencyKey: `${key}-2` })).toEqual({ status: 'ok', accepted: 1, duplicates: 0 });
  });

  it('forgets an Idempotency-Key after its lifetime: then it is a new key, and the purge removes it', async () => {
    const tenant = await newTenant();
    const key = `old-${tenant}`;
    await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 100, 10)], { ...opts, idempotencyKey: key, keyTtlSeconds: 3600 });
    const age = (seconds: number) =>
      sql`update usage_ingest_keys set created_at = now() - make_interval(secs => ${seconds}) where key = ${key}`.execute(db());
    await age(3500);
    const other = [sample(tenant, '2025-10-07T11:00:00Z', 1, 1)];
    await expect(ingestUsage(db(), other, { ...opts, idempotencyKey: key, keyTtlSeconds: 3600 })).rejects.toBeInstanceOf(ConflictError);
    await age(3700);
    expect(await ingestUsage(db(), other, { ...opts, idempotencyKey: key, keyTtlSeconds: 3600 })).toEqual({
      status: 'ok',
      accepted: 1,
      duplicates: 0,
    });
    // claimed anew: remembered again from now
    expect(await ingestUsage(db(), other, { ...opts, idempotencyKey: key, keyTtlSeconds: 3600 })).toEqual({
      status: 'ok',
      accepted: 1,
      duplicates: 0,
    });
    expect(await usageSnapshot(db(), { tenantId: tenant })).toEqual({ cpuMilli: 101, memMib: 11 });
    const keys = () => db().selectFrom('usage_ingest_keys').select('key').where('key', '=', key).execute();
    await purgeIngestKeys(db(), 3600);
    expect(await keys()).toHaveLength(1);
    await age(3700);
    await purgeIngestKeys(db(), 3600);
    expect(await keys()).toHaveLength(0);
  });

  it('counts concurrent submits with the same Idempotency-Key once', async () => {
    const tenant = await newTenant();
    const batch = Array.from({ length: 50 }, (_, i) => sample(tenant, `2025-10-07T${String(i % 24).padStart(2, '0')}:00:00Z`, 10, 1));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ingestUsage(db(), batch, { ...opts, idempotencyKey: `c-${tenant}` })),
    );
    for (const r of results) expect(r).toEqual({ status: 'ok', accepted: 50, duplicates: 0 });
    expect(await usageSnapshot(db(), { tenantId: tenant })).toEqual({ cpuMilli: 500, memMib: 50 });
  });

  it('keeps rate history and prices each hour at the rate in force then (known answers)', async () => {
    const tenant = await newTenant();
    expect((await getTenantRates(db(), tenant, settings)).current).toMatchObject({
      cpuMilliRate: '0.000001',
      memMibRate: '0.0000002',
      isDefault: true,
    });
    await setRate(tenant, { cpuMilliRate: '0.01', memMibRate: '0', effectiveFrom: new Date('2025-10-01T00:00:00Z'), tier: 'gold' });
    // effective mid-hour: the 12:00 hour keeps the old rate, 13:00 takes the new one
    await setRate(tenant, { cpuMilliRate: '0.02', memMibRate: '0.001', effectiveFrom: new Date('2025-10-15T12:30:00Z') });
    const rates = await getTenantRates(db(), tenant, settings);
    expect(rates.current).toMatchObject({ cpuMilliRate: '0.02', memMibRate: '0.001', tier: 'standard', isDefault: false });
    expect(rates.history.map((r) => r.cpuMilliRate)).toEqual(['0.02', '0.01']);
    await ingestUsage(
      db(),
      [
        sample(tenant, '2025-09-30T23:00:00Z', 100, 100), // September: not on the October invoice
        sample(tenant, '2025-10-01T00:00:00Z', 100, 100), // 1.00 + 0
        sample(tenant, '2025-10-15T12:00:00Z', 100, 100), // 1.00 + 0
        sample(tenant, '2025-10-15T13:00:00Z', 100, 100), // 2.00 + 0.1
      ],
      opts,
    );
    const inv = await getInvoice(db(), tenant, { period: '2025-10' }, settings);
    expect(inv.lines.map((l) => l.cost)).toEqual(['1', '1', '2.1']);
    expect(inv.totals).toEqual({ cpu: { quantity: 300, cost: '4' }, memory: { quantity: 300, cost: '0.1' } });
    expect(inv).toMatchObject({ subtotal: '4.1', discount: '0', total: '4.10' });
    const sept = await getInvoice(db(), tenant, { period: '2025-09' }, settings);
    expect(sept.lines.map((l) => l.cost)).toEqual(['0.00012']); // the defaults before the first rate
    // ranges: by hour, across months
    const range = await getInvoice(
      db(),
      tenant,
      { from: new Date('2025-09-30T00:00:00Z'), to: new Date('2025-10-15T13:00:00Z') },
      settings,
    );
    expect(range.lines.map((l) => l.ts)).toEqual(['2025-09-30T23:00:00.000Z', '2025-10-01T00:00:00.000Z', '2025-10-15T12:00:00.000Z']);
    expect(range.period).toBeNull();
  });

  it('breaks an invoice down per project across a rate change; the shares add up to the invoice', async () => {
    const tenant = await newTenant();
    const [p1, p2] = ['0193a4f0-0000-7000-8000-0000000000a1', '0193a4f0-0000-7000-8000-0000000000a2'];
    await setRate(tenant, {
      cpuMilliRate: '0.01',
      memMibRate: '0.001',
      discountPercent: '10',
      effectiveFrom: new Date('2025-10-01T00:00:00Z'),
    });
    await setRate(tenant, { cpuMilliRate: '0.02', memMibRate: '0', effectiveFrom: new Date('2025-10-15T00:00:00Z') });
    await ingestUsage(
      db(),
      [
        sample(tenant, '2025-10-02T10:00:00Z', 100, 1000, { project_id: p2 }), // 1 + 1, 10 % off
        sample(tenant, '2025-10-02T10:00:00Z', 50, 0, { project_id: p1 }), // 0.5, 10 % off
        sample(tenant, '2025-10-20T10:00:00Z', 100, 1000, { project_id: p1 }), // 2 + 0
        sample(tenant, '2025-10-20T11:00:00Z', 10, 0), // 0.2, no project
      ],
      opts,
    );
    const inv = await getInvoice(db(), tenant, { period: '2025-10' }, settings);
    expect(inv.projects).toEqual([
      { projectId: p1, cpuMilli: 150, memMib: 1000, cost: '2.5', discount: '0.05' },
      { projectId: p2, cpuMilli: 100, memMib: 1000, cost: '2', discount: '0.2' },
      { projectId: null, cpuMilli: 10, memMib: 0, cost: '0.2', discount: '0' },
    ]);
    expect(inv).toMatchObject({ subtotal: '4.7', discount: '0.25', total: '4.45' });
    expect(inv.lines.map((l) => [l.ts.slice(0, 13), l.cost])).toEqual([
      ['2025-10-02T10', '2.5'],
      ['2025-10-20T10', '2'],
      ['2025-10-20T11', '0.2'],
    ]);
  });

  it('applies discounts and rounds once, half to even, to minor units (known answers)', async () => {
    const priced = async (cpu: number, discountPercent: string, currency = 'USD') => {
      const tenant = await newTenant();
      await setRate(tenant, {
        cpuMilliRate: '0.005',
        memMibRate: '0',
        discountPercent,
        currency,
        effectiveFrom: new Date('2025-01-01T00:00:00Z'),
      });
      await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', cpu, 0)], opts);
      const inv = await getInvoice(db(), tenant, { period: '2025-10' }, settings);
      return [inv.subtotal, inv.discount, inv.total, inv.currency];
    };
    expect(await priced(1, '0')).toEqual(['0.005', '0', '0.00', 'USD']); // tie → even (half-up would say 0.01)
    expect(await priced(3, '0')).toEqual(['0.015', '0', '0.02', 'USD']);
    expect(await priced(5, '0')).toEqual(['0.025', '0', '0.02', 'USD']);
    expect(await priced(7, '0')).toEqual(['0.035', '0', '0.04', 'USD']);
    expect(await priced(5, '10')).toEqual(['0.025', '0.0025', '0.02', 'USD']); // 0.0225
    expect(await priced(1000, '12.5')).toEqual(['5', '0.625', '4.38', 'USD']); // 4.375 → 4.38 (8 is even)
    expect(await priced(100, '0', 'JPY')).toEqual(['0.5', '0', '0', 'JPY']); // no minor unit; 0.5 → 0
    expect(await priced(300, '0', 'JPY')).toEqual(['1.5', '0', '2', 'JPY']);
  });

  it('validates rates, naming the field', async () => {
    const tenant = await newTenant();
    const bad: [Parameters<typeof setTenantRate>[2], string][] = [
      [{ cpuMilliRate: '-1', memMibRate: '0' }, 'cpuMilliRate'],
      [{ cpuMilliRate: '0.0000000000001', memMibRate: '0' }, 'cpuMilliRate'],
      [{ cpuMilliRate: '1', memMibRate: 'abc' }, 'memMibRate'],
      [{ cpuMilliRate: '1', memMibRate: '1', currency: 'XYZ1' }, 'currency'],
      [{ cpuMilliRate: '1', memMibRate: '1', discountPercent: '101' }, 'discountPercent'],
      [{ cpuMilliRate: '1', memMibRate: '1', tier: 'Gold!' }, 'tier'],
    ];
    for (const [input, path] of bad) {
      const err = await setTenantRate(db(), tenant, input, settings, actor).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).issues[0]?.path).toBe(path);
    }
    await setRate(tenant, { cpuMilliRate: '1', memMibRate: '1', currency: 'EUR' });
    await expect(
      setTenantRate(db(), tenant, { cpuMilliRate: '1', memMibRate: '1', currency: 'USD' }, settings, actor),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      setTenantRate(db(), '00000000-0000-4000-8000-000000000000', { cpuMilliRate: '1', memMibRate: '1' }, settings, actor),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('closes a month: the invoice is frozen, late usage becomes an adjustment of the next open month', async () => {
    const tenant = await newTenant();
    await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 1000, 0)], opts);
    await expect(closeInvoice(db(), tenant, '2099-01', settings, actor)).rejects.toBeInstanceOf(ConflictError);
    const closed = await closeInvoice(db(), tenant, '2025-10', settings, actor);
    expect(closed).toMatchObject({ status: 'closed', subtotal: '0.001', lines: [{ cpuMilli: 1000 }] });
    expect(await closeInvoice(db(), tenant, '2025-10', settings, actor)).toEqual(closed);

    // late usage of October, and a rate change: the closed invoice does not move
    await setRate(tenant, { cpuMilliRate: '1', memMibRate: '1', effectiveFrom: new Date('2025-01-01T00:00:00Z') });
    await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 2, 0), sample(tenant, '2025-11-02T00:00:00Z', 3, 0)], opts);
    expect(await getInvoice(db(), tenant, { period: '2025-10' }, settings)).toEqual(closed);
    const nov = await getInvoice(db(), tenant, { period: '2025-11' }, settings);
    expect(nov.lines.map((l) => [l.ts, l.cpuMilli])).toEqual([['2025-11-02T00:00:00.000Z', 3]]);
    expect(nov.adjustments.map((l) => [l.ts, l.cpuMilli, l.cost])).toEqual([['2025-10-07T10:00:00.000Z', 2, '2']]);
    expect(nov.subtotal).toBe('5');

    // November closed too: later October usage goes on to December
    await closeInvoice(db(), tenant, '2025-11', settings, actor);
    await ingestUsage(db(), [sample(tenant, '2025-10-08T10:00:00Z', 4, 0)], opts);
    const dec = await getInvoice(db(), tenant, { period: '2025-12' }, settings);
    expect(dec.adjustments.map((l) => [l.ts, l.cpuMilli])).toEqual([['2025-10-08T10:00:00.000Z', 4]]);
  });

  it('orders an ingest behind a close in progress: its sample of the closed month becomes an adjustment', async () => {
    const tenant = await newTenant();
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const released = new Promise<void>((r) => (release = r));
    // what closeInvoice does, held open between storing the invoice and committing
    const closing = db()
      .transaction()
      .execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${USAGE_LOCK[0]}, ${USAGE_LOCK[1]})`.execute(trx);
        await trx
          .insertInto('invoices')
          .values({ tenant_id: tenant, period: '2025-10-01', currency: 'USD', total: '0', document: '{}' })
          .execute();
        locked();
        await released;
      });
    await isLocked;
    const ingest = ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 5, 0)], opts);
    await new Promise((r) => setTimeout(r, 300));
    expect(await countSamples(tenant)).toBe(0); // waiting for the close
    release();
    await closing;
    await ingest;
    const rows = await sql<{ period: string }>`
      select to_char(billing_period, 'YYYY-MM') as period from usage_samples where tenant_id = ${tenant}`.execute(db());
    expect(rows.rows).toEqual([{ period: '2025-11' }]);
  });

  it('keeps usage, rates and closed invoices of a deleted tenant', async () => {
    const tenant = await newTenant();
    await setRate(tenant, { cpuMilliRate: '0.5', memMibRate: '0', effectiveFrom: new Date('2025-01-01T00:00:00Z') });
    await ingestUsage(db(), [sample(tenant, '2025-10-07T10:00:00Z', 2, 0), sample(tenant, '2025-11-07T10:00:00Z', 4, 0)], opts);
    const closed = await closeInvoice(db(), tenant, '2025-10', settings, actor);
    await deleteTenant(db(), tenant, actor);
    expect(await getInvoice(db(), tenant, { period: '2025-10' }, settings)).toEqual(closed);
    expect((await getInvoice(db(), tenant, { period: '2025-11' }, settings)).subtotal).toBe('2');
    expect((await getTenantRates(db(), tenant, settings)).history).toHaveLength(1);
    // no new usage for it
    const err = await ingestUsage(db(), [sample(tenant, '2025-11-07T11:00:00Z', 1, 0)], opts).catch((e: unknown) => e);
    expect((err as InvalidError).issues).toEqual([{ path: '0.tenant_id', message: 'tenant not found' }]);
    await expect(getInvoice(db(), '00000000-0000-4000-8000-000000000000', {}, settings)).rejects.toBeInstanceOf(NotFoundError);
  });

  const propertyRate: RateInput = {
    cpuMilliRate: '0.000003',
    memMibRate: '0.0000007',
    discountPercent: '7.5',
    effectiveFrom: new Date('2025-10-31T06:00:00Z'),
  };

  it('property: however a usage set is split, ordered, retried and duplicated, the invoice is that of the set', async () => {
    const hours = Array.from({ length: 72 }, (_, i) => new Date(Date.UTC(2025, 9, 30, i)).toISOString()); // Oct 30 → Nov 1
    const usage = fc.array(
      fc.record({
        hour: fc.nat(hours.length - 1),
        cpu: fc.nat(5_000_000),
        mem: fc.nat(1_000_000),
        withId: fc.boolean(),
        project: fc.constantFrom(null, PROJECT_A, PROJECT_B),
      }),
      { minLength: 1, maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        usage,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.nat({ max: 12 }), { maxLength: 10 }),
        fc.nat(),
        async (set, cuts, retries, seed) => {
          const tenant = await newTenant();
          await setRate(tenant, propertyRate);
          const records = set.map((u, i) =>
            sample(tenant, hours[u.hour]!, u.cpu, u.mem, {
              ...(u.withId ? { id: `s${i}` } : {}),
              ...(u.project ? { project_id: u.project } : {}),
            }),
          );
          // The reference: every record once, in one batch.
          const reference = await newTenant();
          await setRate(reference, propertyRate);
          await ingestUsage(
            db(),
            records.map((r) => ({ ...r, tenant_id: reference })),
            opts,
          );
          // The same records shuffled, split into batches; batches with ids retried, ids duplicated.
          const shuffled = [...records].sort(
            (a, b) => ((records.indexOf(a) * 7919 + seed) % 101) - ((records.indexOf(b) * 7919 + seed) % 101),
          );
          const batches: (typeof records)[] = [];
          let start = 0;
          for (const c of cuts) {
            const end = start + (c % 5) + 1;
            batches.push(shuffled.slice(start, end));
            start = end;
            if (start >= shuffled.length) break;
          }
          if (start < shuffled.length) batches.push(shuffled.slice(start));
          for (const [i, b] of batches.entries()) {
            const key = `p-${tenant}-${i}`;
            await ingestUsage(db(), b, { ...opts, idempotencyKey: key });
            if (retries.includes(i)) await ingestUsage(db(), b, { ...opts, idempotencyKey: key }); // a retry with its key
            const withIds = b.filter((r) => 'id' in r);
            if (withIds.length && retries.includes(i + 1)) await ingestUsage(db(), withIds, opts); // a duplicate by sample id
          }
          for (const period of ['2025-10', '2025-11']) {
            const got = await getInvoice(db(), tenant, { period }, settings);
            const want = await getInvoice(db(), reference, { period }, settings);
            const strip = (inv: typeof got) => ({ ...inv, tenantId: '', lines: inv.lines.map((l) => ({ ...l, tenantId: '' })) });
            expect(strip(got)).toEqual(strip(want));
            // the per-project shares add up to the invoice, exactly
            const sum = (xs: string[]) => xs.reduce((a, x) => a + parseDecimal(x, 16)!, 0n);
            expect(sum(got.projects!.map((p) => p.cost))).toBe(parseDecimal(got.subtotal, 16));
            expect(sum(got.projects!.map((p) => p.discount))).toBe(parseDecimal(got.discount, 16));
            expect(got.projects!.reduce((a, p) => a + p.cpuMilli, 0)).toBe(got.totals.cpu.quantity);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
