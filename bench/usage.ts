/**
 * Usage benchmark against real PostgreSQL:
 *
 * 1. Ingest: records/s of `ingestUsage` (what POST /v1/usage/ingest runs after parsing JSON:
 *    validation, tenant check, closed-period lookup, one `insert … select from unnest(…)` in a
 *    transaction) for batches of 1,000 and 10,000, next to a raw `COPY … FROM STDIN` of the same rows
 *    into the same table in the same run. The ratio is how close ingest gets to the database's bulk
 *    path (aim ≥ 50 %).
 * 2. Invoice: latency of `getInvoice` for one tenant (a month, and a whole year as a range) with a
 *    year of hourly data for 1,000 tenants in the table (8.76 M rows, each hour in one of three
 *    projects, so the per-project breakdown has work; aim < 50 ms).
 *
 *   npm run bench -- usage           (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_USAGE_TENANTS=100 npm run bench -- usage      (a quick run: 876 k rows)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appRouter, createCallerFactory, type Context } from '@kubeop/api';
import { DEFAULT_BILLING_SETTINGS, getInvoice, ingestUsage, migrateToLatest, openDatabase } from '@kubeop/core';
import pg from 'pg';
import { admin, serverUrl, withDb } from './postgres.js';
import { from as copyFrom } from 'pg-copy-streams';
import { writeResult } from './results.js';

const tenants = Number(process.env.BENCH_USAGE_TENANTS ?? 1000);
const hours = Number(process.env.BENCH_USAGE_HOURS ?? 8760);
const rounds = Number(process.env.BENCH_USAGE_ROUNDS ?? 7);
const invoiceRuns = Number(process.env.BENCH_USAGE_INVOICE_RUNS ?? 100);
const HOUR_MS = 3600_000;
const YEAR_START = Date.UTC(2025, 0, 1);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

interface Sample {
  ts: string;
  tenant_id: string;
  cpu_milli: number;
  mem_mib: number;
  id?: string;
}

/** A batch as the API receives it (parsed JSON), at hours of 2024 (apart from the invoice data). */
function batch(size: number, tenantIds: string[], round: number, withIds: boolean): Sample[] {
  return Array.from({ length: size }, (_, i) => ({
    ts: new Date(Date.UTC(2024, 0, 1) + ((round * size + i) % 8000) * HOUR_MS).toISOString(),
    tenant_id: tenantIds[i % tenantIds.length]!,
    cpu_milli: 250 + (i % 1000),
    mem_mib: 512 + (i % 4096),
    ...(withIds ? { id: `r${round}-${i}-${randomUUID()}` } : {}),
  }));
}

/** The rows ingest would write, as COPY text. */
function copyText(samples: Sample[]): string {
  let out = '';
  for (const s of samples) {
    const ts = new Date(s.ts);
    const period = `${ts.toISOString().slice(0, 7)}-01`;
    out += `${s.tenant_id}\t${s.ts}\t${period}\t${s.cpu_milli}\t${s.mem_mib}\t\\N\t\\N\t\t${s.id ?? '\\N'}\n`;
  }
  return out;
}

async function copyRows(pool: pg.Pool, samples: Sample[]): Promise<number> {
  const text = copyText(samples);
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    await pipeline(
      Readable.from([text]),
      client.query(
        copyFrom(
          'copy usage_samples (tenant_id, ts, billing_period, cpu_milli, mem_mib, cluster_id, project_id, source, sample_id) from stdin',
        ),
      ),
    );
    await client.query('commit');
    return performance.now() - started;
  } finally {
    client.release();
  }
}

async function main(): Promise<void> {
  const name = `kubeop_bench_usage_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = withDb(serverUrl, name);
  const handle = await openDatabase({ url, dataDir: '', poolSize: 4 });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    await pool.query(`insert into tenants (id, name) select gen_random_uuid(), 'bench-' || i from generate_series(1, $1::int) i`, [
      tenants,
    ]);
    const tenantIds = (await db.selectFrom('tenants').select('id').orderBy('name').execute()).map((r) => r.id);

    // 1. Ingest vs COPY, interleaved round by round (a shared machine drifts).
    const ingestRows: { batch: string; ingestPerSec: number; copyPerSec: number; ratio: number; ingestMs: number; copyMs: number }[] = [];
    for (const [size, withIds] of [
      [1000, false],
      [10000, false],
      [10000, true],
    ] as const) {
      const ingestMs: number[] = [];
      const copyMs: number[] = [];
      for (let r = 0; r < rounds + 1; r++) {
        const a = batch(size, tenantIds, r, withIds);
        const b = batch(size, tenantIds, r, withIds);
        const started = performance.now();
        const result = await ingestUsage(db, a, { maxBatch: 10_000 });
        const took = performance.now() - started;
        if (result.accepted !== size) throw new Error(`ingest stored ${result.accepted} of ${size}`);
        const copyTook = await copyRows(pool, b);
        if (r > 0) {
          // round 0 warms up (JIT, plans, caches)
          ingestMs.push(took);
          copyMs.push(copyTook);
        }
      }
      const i = median(ingestMs);
      const c = median(copyMs);
      ingestRows.push({
        batch: `${size}${withIds ? ' with ids' : ''}`,
        ingestPerSec: (size / i) * 1000,
        copyPerSec: (size / c) * 1000,
        ratio: c / i,
        ingestMs: i,
        copyMs: c,
      });
    }

    // 2. A year of hourly data for every tenant, loaded server-side, then invoices of one tenant.
    const loadStarted = performance.now();
    await pool.query('truncate usage_samples');
    await pool.query(
      `insert into usage_samples (tenant_id, ts, billing_period, cpu_milli, mem_mib, project_id)
       select t.id, h, date_trunc('month', h at time zone 'UTC')::date, 100 + (extract(hour from h at time zone 'UTC')::int * 10), 2048,
              (array['0193a4f0-0000-7000-8000-0000000000a1', '0193a4f0-0000-7000-8000-0000000000a2', null])
                [1 + extract(hour from h at time zone 'UTC')::int % 3]::uuid
         from tenants t
        cross join generate_series($1::timestamptz, $2::timestamptz, interval '1 hour') h`,
      [new Date(YEAR_START), new Date(YEAR_START + (hours - 1) * HOUR_MS)],
    );
    await pool.query('vacuum analyze usage_samples');
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const total = Number((await pool.query<{ n: string }>('select count(*)::text as n from usage_samples')).rows[0]!.n);
    const tenant = tenantIds[Math.floor(tenantIds.length / 2)]!;
    await db
      .insertInto('tenant_rates')
      .values({
        tenant_id: tenant,
        effective_from: '2025-06-15T12:00:00Z',
        cpu_milli_rate: '0.000002',
        mem_mib_rate: '0.0000003',
        tier: 'gold',
        discount: '0.1',
      })
      .execute();
    const invoiceRows: { query: string; lines: number; p50: number; p95: number; max: number }[] = [];
    // What GET /v1/invoices/{id} runs below HTTP: the procedure with its access check, input and
    // output validation and the wire mapping (auth off; the other services are not used).
    const caller = createCallerFactory(appRouter)({
      db,
      authRequired: false,
      principal: null,
      authError: null,
      actor: { name: 'bench' },
      requestId: 'bench',
      billing: DEFAULT_BILLING_SETTINGS,
    } as unknown as Context);
    const year = { from: new Date(YEAR_START), to: new Date(Date.UTC(2026, 0, 1)) };
    const cases: [string, () => Promise<{ lines: unknown[] }>][] = [
      ['month (?period=2025-06)', () => getInvoice(db, tenant, { period: '2025-06' }, DEFAULT_BILLING_SETTINGS)],
      ['year (?from=2025-01-01&to=2026-01-01)', () => getInvoice(db, tenant, year, DEFAULT_BILLING_SETTINGS)],
      [
        'year, through the API procedure',
        () => caller.invoices.get({ tenantID: tenant, from: year.from.toISOString(), to: year.to.toISOString() }),
      ],
    ];
    for (const [label, run] of cases) {
      const times: number[] = [];
      let lines = 0;
      for (let i = 0; i < invoiceRuns + 3; i++) {
        const started = performance.now();
        const inv = await run();
        // what the API sends: the invoice as JSON
        JSON.stringify(inv);
        const took = performance.now() - started;
        lines = inv.lines.length;
        if (i >= 3) times.push(took);
      }
      invoiceRows.push({ query: label, lines, p50: median(times), p95: pct(times, 0.95), max: Math.max(...times) });
    }

    console.log(`\nkubeOP usage benchmark, PostgreSQL at ${new URL(serverUrl).host}, Node ${process.version}\n`);
    console.log('| batch | ingest records/s | COPY records/s | ingest / COPY | ingest ms | COPY ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of ingestRows)
      console.log(
        `| ${r.batch} | ${r.ingestPerSec.toFixed(0)} | ${r.copyPerSec.toFixed(0)} | ${(r.ratio * 100).toFixed(0)} % | ${r.ingestMs.toFixed(1)} | ${r.copyMs.toFixed(1)} |`,
      );
    console.log(`\n(median of ${rounds} rounds; aim: ingest >= 50 % of COPY)\n`);
    console.log(
      `invoice of one tenant, ${total.toLocaleString('en')} rows of ${tenants} tenants in usage_samples (loaded in ${loadSeconds.toFixed(0)} s):\n`,
    );
    console.log('| query | lines | p50 ms | p95 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const r of invoiceRows)
      console.log(`| ${r.query} | ${r.lines} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`);
    console.log('\n(aim: < 50 ms)\n');

    writeResult('usage', { tenants, hours, rows: total, rounds, ingest: ingestRows, invoice: invoiceRows });
  } finally {
    await pool.end();
    await handle.close();
    if (process.env.BENCH_USAGE_KEEP) console.log(`kept database ${name}`);
    else await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
