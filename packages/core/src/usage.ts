import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import { ConflictError, InvalidError, TooLargeError, type FieldIssue } from '@kubeop/kube';
import { isUuid } from './ids.js';
import { translateDbError } from './pg-errors.js';

/**
 * Usage ingestion. A batch is validated as a whole before anything is written; then one
 * transaction stores it with one multi-row INSERT (`unnest` of column arrays).
 *
 * Semantics: samples for the same tenant and hour add up (from one source or many); a sample sent
 * with an `id` is stored once per tenant (a retry or a duplicate is not counted again; the first
 * one wins); a request sent again with the same `Idempotency-Key` and body gets the first answer
 * and changes nothing.
 */

/** Most milli-CPU-hours one sample may carry: 10 million cores for an hour. */
export const MAX_CPU_MILLI = 10_000_000_000_000;
/** Most MiB-hours one sample may carry: 1 EiB for an hour. */
export const MAX_MEM_MIB = 1_099_511_627_776;
/** How far ahead of now a sample's hour may start. */
export const MAX_FUTURE_MS = 60 * 60 * 1000;
/** Samples before this are refused (surely a unit or clock mistake). */
export const MIN_USAGE_TS = Date.UTC(2000, 0, 1);
const MAX_ID = 200;
const MAX_SOURCE = 100;
const MAX_KEY = 255;
const MAX_ISSUES = 20;
const HOUR_MS = 60 * 60 * 1000;
/**
 * The advisory lock (two-int form) that orders ingests (shared) against closing a month (exclusive).
 * A tenant deleted while its samples are being stored keeps them: history outlives the tenant.
 */
export const USAGE_LOCK = [0x6b75_6265, 0x7573_6167] as const;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const KEY_CHARS = /^[\x21-\x7e]+$/;

/** One validated sample: `ts` is the start of its UTC hour. */
export interface UsageRecord {
  ts: Date;
  tenantId: string;
  cpuMilli: number;
  memMib: number;
  clusterId: string | null;
  projectId: string | null;
  source: string;
  sampleId: string | null;
}

export interface IngestResult {
  status: 'ok';
  /** Samples stored by this request. */
  accepted: number;
  /** Samples whose `id` had been seen before for the tenant (not counted again). */
  duplicates: number;
}

export interface IngestOptions {
  maxBatch: number;
  /** The `Idempotency-Key` header: the same key and body answer the first answer again. */
  idempotencyKey?: string | undefined;
  now?: Date | undefined;
}

/** Parses an RFC 3339 timestamp strictly (calendar-checked); null when it is not one. */
export function parseRfc3339(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    Number(s) > 59 ||
    Number(oh ?? 0) > 23 ||
    Number(om ?? 0) > 59
  )
    return null;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  return new Date(local - offset + ms);
}

export function truncateToHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
}

/** `YYYY-MM-01` of the UTC month of `d`. */
export function monthOf(d: Date): string {
  return `${d.getUTCFullYear().toString().padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** The month after a `YYYY-MM-01`. */
export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(y, m, 1)));
}

const FIELDS = ['ts', 'tenant_id', 'cpu_milli', 'mem_mib', 'id', 'cluster_id', 'project_id', 'source'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_BY_LOWER = new Map<string, Field>(FIELDS.map((f) => [f, f]));

/** The record's fields, matched case-insensitively (as the upstream's Go decoder did); an exact match wins. */
function fieldsOf(item: Record<string, unknown>): Partial<Record<Field, unknown>> {
  const out: Partial<Record<Field, unknown>> = {};
  for (const k in item) {
    if (!Object.hasOwn(item, k)) continue;
    const v = item[k];
    const f = FIELD_BY_LOWER.get(k) ?? FIELD_BY_LOWER.get(k.toLowerCase());
    if (f === undefined || (f !== k && Object.hasOwn(item, f))) continue;
    out[f] = v;
  }
  return out;
}

function quantity(v: unknown, max: number): string | null {
  if (v === undefined || v === null) return 'is required';
  if (typeof v !== 'number' || !Number.isInteger(v)) return 'must be an integer';
  if (v < 0) return 'must not be negative';
  if (v > max) return `must be at most ${max}`;
  return null;
}

/**
 * Validates a batch without touching the database: every record, every field. Throws an
 * InvalidError whose issues name `<index>.<field>` (the first 20 problems) when any is bad.
 */
export function parseUsageBatch(raw: readonly unknown[], now: Date = new Date()): UsageRecord[] {
  const issues: FieldIssue[] = [];
  const records: UsageRecord[] = [];
  const latest = now.getTime() + MAX_FUTURE_MS;
  for (let i = 0; i < raw.length && issues.length < MAX_ISSUES; i++) {
    const item = raw[i];
    const bad = (field: string, message: string) => issues.push({ path: `${i}.${field}`, message });
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ path: String(i), message: 'must be an object {ts, tenant_id, cpu_milli, mem_mib}' });
      continue;
    }
    const f = fieldsOf(item as Record<string, unknown>);
    const before = issues.length;
    let ts: Date | null = null;
    if (typeof f.ts !== 'string') bad('ts', 'is required: an RFC 3339 timestamp, e.g. 2026-11-05T10:00:00Z');
    else {
      ts = parseRfc3339(f.ts);
      if (!ts) bad('ts', 'must be an RFC 3339 timestamp, e.g. 2026-11-05T10:00:00Z');
      else if (ts.getTime() < MIN_USAGE_TS) bad('ts', 'must not be before 2000-01-01');
      else if (truncateToHour(ts).getTime() > latest) bad('ts', 'must not be more than 1 hour in the future');
    }
    if (typeof f.tenant_id !== 'string' || !isUuid(f.tenant_id)) bad('tenant_id', 'must be a tenant id (UUID)');
    const cpu = quantity(f.cpu_milli, MAX_CPU_MILLI);
    if (cpu) bad('cpu_milli', cpu);
    const mem = quantity(f.mem_mib, MAX_MEM_MIB);
    if (mem) bad('mem_mib', mem);
    for (const dim of ['cluster_id', 'project_id'] as const) {
      const v = f[dim];
      if (v !== undefined && v !== null && (typeof v !== 'string' || !isUuid(v))) bad(dim, 'must be a UUID or null');
    }
    if (f.source !== undefined && f.source !== null && (typeof f.source !== 'string' || f.source.length > MAX_SOURCE))
      bad('source', `must be a string of at most ${MAX_SOURCE} characters`);
    if (f.id !== undefined && f.id !== null && (typeof f.id !== 'string' || f.id.length < 1 || f.id.length > MAX_ID))
      bad('id', `must be a string of 1 to ${MAX_ID} characters`);
    if (issues.length > before) continue;
    records.push({
      ts: truncateToHour(ts!),
      tenantId: (f.tenant_id as string).toLowerCase(),
      cpuMilli: f.cpu_milli as number,
      memMib: f.mem_mib as number,
      clusterId: typeof f.cluster_id === 'string' ? f.cluster_id.toLowerCase() : null,
      projectId: typeof f.project_id === 'string' ? f.project_id.toLowerCase() : null,
      source: typeof f.source === 'string' ? f.source : '',
      sampleId: typeof f.id === 'string' ? f.id : null,
    });
  }
  if (issues.length) throw new InvalidError(`invalid usage batch, nothing stored: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return records;
}

/** SHA-256 of the batch as validated: the same samples hash alike however their JSON was spelled. */
function batchHash(records: readonly UsageRecord[]): string {
  const h = createHash('sha256');
  for (const r of records) {
    h.update(JSON.stringify([r.ts.getTime(), r.tenantId, r.cpuMilli, r.memMib, r.clusterId, r.projectId, r.source, r.sampleId]));
    h.update('\n');
  }
  return h.digest('hex');
}

/**
 * Validates and stores a batch: all of it, or (on any bad record) nothing. Unknown tenants are
 * bad records (`<index>.tenant_id`). More records than `maxBatch` → TooLargeError (413).
 */
export async function ingestUsage(db: Kysely<Database>, raw: readonly unknown[], opts: IngestOptions): Promise<IngestResult> {
  if (raw.length > opts.maxBatch) {
    throw new TooLargeError(`a batch holds at most ${opts.maxBatch} records (KUBEOP_USAGE_MAX_BATCH); got ${raw.length}: split it`);
  }
  const key = opts.idempotencyKey;
  if (key !== undefined && (key.length < 1 || key.length > MAX_KEY || !KEY_CHARS.test(key))) {
    throw InvalidError.field('Idempotency-Key', `must be 1 to ${MAX_KEY} printable ASCII characters without spaces`);
  }
  const records = parseUsageBatch(raw, opts.now);
  const hash = key === undefined ? '' : batchHash(records);
  try {
    return await db.transaction().execute(async (trx) => {
      if (key !== undefined) {
        // A concurrent request with the same key waits here until this one commits (or rolls back).
        const claimed = await sql<{ key: string }>`
          insert into usage_ingest_keys (key, body_hash) values (${key}, ${hash})
          on conflict (key) do nothing returning key`.execute(trx);
        if (claimed.rows.length === 0) {
          const prior = await trx
            .selectFrom('usage_ingest_keys')
            .select(['body_hash', 'response'])
            .where('key', '=', key)
            .executeTakeFirstOrThrow();
          if (prior.body_hash !== hash) {
            const message = 'this Idempotency-Key was used with a different body: use a new key for a new batch';
            throw new ConflictError(message, [{ path: 'Idempotency-Key', message }]);
          }
          return prior.response as unknown as IngestResult;
        }
      }
      const result = await storeRecords(trx, records);
      if (key !== undefined) {
        await trx
          .updateTable('usage_ingest_keys')
          .set({ response: JSON.stringify(result) })
          .where('key', '=', key)
          .execute();
      }
      return result;
    });
  } catch (e) {
    return translateDbError(e);
  }
}

type Column = (string | number | null)[];

/** Columns of usage_samples an ingest writes: name, type, whether elements need quoting, and the column default. */
const SAMPLE_COLUMNS = [
  ['tenant_id', 'uuid', false, undefined],
  ['ts', 'timestamptz', false, undefined],
  ['billing_period', 'date', false, undefined],
  ['cpu_milli', 'int8', false, undefined],
  ['mem_mib', 'int8', false, undefined],
  ['cluster_id', 'uuid', false, null],
  ['project_id', 'uuid', false, null],
  ['source', 'text', true, ''],
  ['sample_id', 'text', true, null],
] as const;

/**
 * A PostgreSQL array literal. Ids, timestamps, dates and integers go unquoted (they hold no
 * special character); text is quoted and escaped. Cheaper than the driver's generic conversion.
 */
function arrayLiteral(values: Column, quote: boolean): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : quote ? `"${String(v).replace(/["\\]/g, '\\$&')}"` : String(v);
  }
  return `{${parts.join(',')}}`;
}

/** One multi-row INSERT from column arrays; columns left at their default in every row are not sent. */
async function insertSamples(trx: Kysely<Database>, cols: Column[], onConflict: boolean): Promise<number> {
  const used = SAMPLE_COLUMNS.map((c, i) => [c, cols[i]!] as const).filter(
    ([[, , , dflt], values]) => dflt === undefined || values.some((v) => v !== dflt),
  );
  const names = sql.join(used.map(([[name]]) => sql.ref(name)));
  const arrays = sql.join(used.map(([[, type, quote], values]) => sql`${arrayLiteral(values, quote)}::${sql.raw(type)}[]`));
  const inserted = await sql`
    insert into usage_samples (${names}) select * from unnest(${arrays})
    ${onConflict ? sql`on conflict (tenant_id, sample_id) do nothing` : sql``}`.execute(trx);
  return Number(inserted.numAffectedRows ?? 0n);
}

async function storeRecords(trx: Kysely<Database>, records: readonly UsageRecord[]): Promise<IngestResult> {
  if (records.length === 0) return { status: 'ok', accepted: 0, duplicates: 0 };
  const tenantIds = [...new Set(records.map((r) => r.tenantId))];
  // Ingests share this lock, closing a month takes it alone: the closed months read next stay as
  // they are until the samples are in (one lock in memory, not a row lock per tenant).
  await sql`select pg_advisory_xact_lock_shared(${USAGE_LOCK[0]}, ${USAGE_LOCK[1]})`.execute(trx);
  // Known tenants, with their closed months (a statement after the lock: it sees every close).
  const known = await sql<{ id: string; closed: string[] }>`
    select t.id, array(select to_char(i.period, 'YYYY-MM-DD') from invoices i where i.tenant_id = t.id) as closed
      from tenants t where t.id = any(${tenantIds}::uuid[])`.execute(trx);
  const knownIds = new Set(known.rows.map((r) => r.id));
  if (knownIds.size < tenantIds.length) {
    const issues: FieldIssue[] = [];
    records.forEach((r, i) => {
      if (!knownIds.has(r.tenantId) && issues.length < MAX_ISSUES) issues.push({ path: `${i}.tenant_id`, message: 'tenant not found' });
    });
    throw new InvalidError(`invalid usage batch, nothing stored: ${issues[0]!.path}: tenant not found`, issues);
  }
  // Samples for an hour whose invoice is closed go to the next open month (an adjustment there).
  const closed = new Set(known.rows.flatMap((r) => r.closed.map((period) => `${r.id} ${period}`)));
  const n = records.length;
  const cols: Column[] = SAMPLE_COLUMNS.map(() => new Array<string | number | null>(n));
  const [tenant, ts, period, cpu, mem, cluster, project, source, id] = cols as [
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
    Column,
  ];
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const iso = r.ts.toISOString();
    let month = `${iso.slice(0, 7)}-01`;
    while (closed.size && closed.has(`${r.tenantId} ${month}`)) month = nextMonth(month);
    tenant[i] = r.tenantId;
    ts[i] = iso;
    period[i] = month;
    cpu[i] = r.cpuMilli;
    mem[i] = r.memMib;
    cluster[i] = r.clusterId;
    project[i] = r.projectId;
    source[i] = r.source;
    id[i] = r.sampleId;
  }
  // Samples without an id cannot conflict: a plain INSERT for them (no speculative insertion), one
  // with ON CONFLICT DO NOTHING for those with one (the first of an id wins).
  const withId = id.some((v) => v !== null);
  const withoutId = id.some((v) => v === null);
  let accepted = 0;
  for (const ids of [false, true]) {
    if (ids ? !withId : !withoutId) continue;
    const group = withId && withoutId ? cols.map((c) => c.filter((_, i) => (id[i] !== null) === ids)) : cols;
    accepted += await insertSamples(trx, group, ids);
  }
  return { status: 'ok', accepted, duplicates: n - accepted };
}

export interface UsageTotals {
  cpuMilli: number;
  memMib: number;
}

export interface SnapshotQuery {
  tenantId?: string | undefined;
  /** Inclusive; samples are hour-truncated, so hour boundaries are exact. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

/** Sums of all stored usage, optionally of one tenant and a time range (deleted tenants included). */
export async function usageSnapshot(db: Kysely<Database>, q: SnapshotQuery = {}): Promise<UsageTotals> {
  if (q.tenantId !== undefined && !isUuid(q.tenantId)) return { cpuMilli: 0, memMib: 0 };
  let query = db
    .selectFrom('usage_samples')
    .select([sql<string>`coalesce(sum(cpu_milli), 0)::text`.as('cpu'), sql<string>`coalesce(sum(mem_mib), 0)::text`.as('mem')]);
  if (q.tenantId !== undefined) query = query.where('tenant_id', '=', q.tenantId);
  if (q.from !== undefined) query = query.where('ts', '>=', q.from);
  if (q.to !== undefined) query = query.where('ts', '<', q.to);
  const row = await query.executeTakeFirstOrThrow();
  return { cpuMilli: Number(row.cpu), memMib: Number(row.mem) };
}
