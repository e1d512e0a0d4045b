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
/** How long an `Idempotency-Key` is remembered unless configured otherwise. */
export const DEFAULT_KEY_TTL_SECONDS = 7 * 24 * 3600;
const MAX_SOURCE = 100;
const MAX_KEY = 255;
const MAX_ISSUES = 20;
const HOUR_MS = 60 * 60 * 1000;
/**
 * The advisory lock (two-int form) that orders ingests (shared) against closing a month (exclusive).
 * A tenant deleted while its samples are being stored keeps them: history outlives the tenant.
 */
export const USAGE_LOCK = [0x6b75_6265, 0x7573_6167] as const;

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
  /** How long a key is remembered (default 7 days); a key older than this is new again. */
  keyTtlSeconds?: number | undefined;
  now?: Date | undefined;
}

const DIGIT_0 = 48;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number spelled by the `n` ASCII digits of `text` at `at`, or -1 when one is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (!(d >= 0 && d <= 9)) return -1; // NaN past the end too
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses an RFC 3339 timestamp strictly — `YYYY-MM-DD`, `T` (or `t`, or a space), `HH:MM:SS`, an
 * optional fraction, `Z` or `±HH:MM` — calendar-checked (no 30 February, no hour 24, no leap
 * second); epoch milliseconds (the fraction truncated to them), or null when it is not one.
 * Hand-written: ingest parses one per sample, and this is several times faster than a regular
 * expression with groups.
 */
export function parseRfc3339Ms(text: string): number | null {
  const len = text.length;
  if (len < 20) return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const sec = digits(text, 17, 2);
  const sep = text.charCodeAt(10);
  if (
    y < 0 ||
    text.charCodeAt(4) !== 45 || // -
    mo < 1 ||
    mo > 12 ||
    text.charCodeAt(7) !== 45 ||
    d < 1 ||
    (sep !== 84 && sep !== 116 && sep !== 32) || // T t space
    h < 0 ||
    h > 23 ||
    text.charCodeAt(13) !== 58 || // :
    mi < 0 ||
    mi > 59 ||
    text.charCodeAt(16) !== 58 ||
    sec < 0 ||
    sec > 59
  )
    return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!)) return null;
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    // a fraction of 1 to 9 digits; its first three are the milliseconds
    let n = 0;
    i++;
    for (; i < len; i++, n++) {
      const c = text.charCodeAt(i) - DIGIT_0;
      if (c < 0 || c > 9) break;
      if (n < 3) ms += c * (n === 0 ? 100 : n === 1 ? 10 : 1);
    }
    if (n < 1 || n > 9) return null;
  }
  const zone = text.charCodeAt(i);
  let offset = 0;
  if (zone === 90 || zone === 122) {
    // Z z
    if (i + 1 !== len) return null;
  } else if (zone === 43 || zone === 45) {
    // + -
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 4, 2);
    if (i + 6 !== len || oh < 0 || oh > 23 || text.charCodeAt(i + 3) !== 58 || om < 0 || om > 59) return null;
    offset = (zone === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return null;
  let utc = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (y < 100) {
    // Date.UTC reads years 0–99 as 1900–1999
    const dt = new Date(utc);
    dt.setUTCFullYear(y);
    utc = dt.getTime();
  }
  return utc - offset;
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

/**
 * The record's fields, matched case-insensitively (as the upstream's Go decoder did); an exact
 * match wins. A record spelled with our own names only (the common case) is read as it is.
 */
function fieldsOf(item: Record<string, unknown>): Partial<Record<Field, unknown>> {
  let exact = true;
  for (const k in item) {
    if (!Object.hasOwn(item, k) || FIELD_BY_LOWER.get(k) !== k) {
      exact = false;
      break;
    }
  }
  if (exact) return item;
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
  // ids repeat across a batch (few tenants, clusters and projects): each distinct one is checked once
  const ids = new Map<string, string>();
  const uuid = (v: string): string | null => {
    let id = ids.get(v);
    if (id === undefined) {
      if (!isUuid(v)) return null;
      id = v.toLowerCase();
      ids.set(v, id);
    }
    return id;
  };
  for (let i = 0; i < raw.length && issues.length < MAX_ISSUES; i++) {
    const item = raw[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ path: String(i), message: 'must be an object {ts, tenant_id, cpu_milli, mem_mib}' });
      continue;
    }
    const f = fieldsOf(item as Record<string, unknown>);
    const before = issues.length;
    let ts = 0;
    if (typeof f.ts !== 'string')
      issues.push({ path: `${i}.ts`, message: 'is required: an RFC 3339 timestamp, e.g. 2026-11-05T10:00:00Z' });
    else {
      const ms = parseRfc3339Ms(f.ts);
      if (ms === null) issues.push({ path: `${i}.ts`, message: 'must be an RFC 3339 timestamp, e.g. 2026-11-05T10:00:00Z' });
      else if (ms < MIN_USAGE_TS) issues.push({ path: `${i}.ts`, message: 'must not be before 2000-01-01' });
      else {
        ts = Math.floor(ms / HOUR_MS) * HOUR_MS;
        if (ts > latest) issues.push({ path: `${i}.ts`, message: 'must not be more than 1 hour in the future' });
      }
    }
    const tenantId = typeof f.tenant_id === 'string' ? uuid(f.tenant_id) : null;
    if (tenantId === null) issues.push({ path: `${i}.tenant_id`, message: 'must be a tenant id (UUID)' });
    const cpu = quantity(f.cpu_milli, MAX_CPU_MILLI);
    if (cpu) issues.push({ path: `${i}.cpu_milli`, message: cpu });
    const mem = quantity(f.mem_mib, MAX_MEM_MIB);
    if (mem) issues.push({ path: `${i}.mem_mib`, message: mem });
    let clusterId: string | null = null;
    let projectId: string | null = null;
    if (f.cluster_id !== undefined && f.cluster_id !== null) {
      clusterId = typeof f.cluster_id === 'string' ? uuid(f.cluster_id) : null;
      if (clusterId === null) issues.push({ path: `${i}.cluster_id`, message: 'must be a UUID or null' });
    }
    if (f.project_id !== undefined && f.project_id !== null) {
      projectId = typeof f.project_id === 'string' ? uuid(f.project_id) : null;
      if (projectId === null) issues.push({ path: `${i}.project_id`, message: 'must be a UUID or null' });
    }
    if (f.source !== undefined && f.source !== null && (typeof f.source !== 'string' || f.source.length > MAX_SOURCE))
      issues.push({ path: `${i}.source`, message: `must be a string of at most ${MAX_SOURCE} characters` });
    if (f.id !== undefined && f.id !== null && (typeof f.id !== 'string' || f.id.length < 1 || f.id.length > MAX_ID))
      issues.push({ path: `${i}.id`, message: `must be a string of 1 to ${MAX_ID} characters` });
    if (issues.length > before) continue;
    records.push({
      ts: new Date(ts),
      tenantId: tenantId!,
      cpuMilli: f.cpu_milli as number,
      memMib: f.mem_mib as number,
      clusterId,
      projectId,
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
  const attempt = (raced: boolean) =>
    db.transaction().execute(async (trx) => {
      if (key !== undefined) {
        // A concurrent request with the same key waits here until this one commits (or rolls back).
        // A key past its lifetime is claimed anew (its old answer is forgotten).
        const ttl = opts.keyTtlSeconds ?? DEFAULT_KEY_TTL_SECONDS;
        const claimed = await sql<{ key: string }>`
          insert into usage_ingest_keys (key, body_hash) values (${key}, ${hash})
          on conflict (key) do update set body_hash = excluded.body_hash, response = null, created_at = now()
            where usage_ingest_keys.created_at < now() - make_interval(secs => ${ttl})
          returning key`.execute(trx);
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
      const result = await storeRecords(trx, records, raced);
      if (key !== undefined) {
        await trx
          .updateTable('usage_ingest_keys')
          .set({ response: JSON.stringify(result) })
          .where('key', '=', key)
          .execute();
      }
      return result;
    });
  try {
    try {
      return await attempt(false);
    } catch (e) {
      // a concurrent ingest stored one of these sample ids first: again, the slower way that waits for it
      if (!isSampleIdRace(e)) throw e;
      return await attempt(true);
    }
  } catch (e) {
    return translateDbError(e);
  }
}

function isSampleIdRace(e: unknown): boolean {
  const pg = e as { code?: unknown; constraint?: unknown } | null;
  return pg?.code === '23505' && pg.constraint === 'usage_samples_sample_key';
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

/** The columns of `cols` that are not at their default in every row, with their values. */
function usedColumns(cols: readonly Column[]) {
  return SAMPLE_COLUMNS.map((c, i) => [c, cols[i]!] as const).filter(
    ([[, , , dflt], values]) => dflt === undefined || values.some((v) => v !== dflt),
  );
}

/**
 * Stores the samples in one statement, or nothing when any would need a second look: a tenant that is
 * not known, or an hour whose month is closed for its tenant (both checked in the same snapshot as
 * the insert). Samples without an id are inserted plainly (they cannot conflict). Samples with one
 * (unique within the batch) skip ids already stored by an anti-join, a plain insert too: ON CONFLICT's
 * speculative insertion writes an extra WAL record per row. A concurrent ingest storing the same id
 * in between makes the insert fail on the unique key; then (`raced`) it runs with ON CONFLICT DO
 * NOTHING, which waits for the other one.
 */
async function insertChecked(trx: Kysely<Database>, cols: Column[], raced: boolean): Promise<{ accepted: number; blocked: boolean }> {
  const used = usedColumns(cols);
  const names = used.map(([[name]]) => name);
  const list = sql.join(names.map((n) => sql.ref(n)));
  const arrays = sql.join(used.map(([[, type, quote], values]) => sql`${arrayLiteral(values, quote)}::${sql.raw(type)}[]`));
  const ids = cols[SAMPLE_COLUMNS.findIndex(([name]) => name === 'sample_id')]!;
  const withId = ids.some((v) => v !== null);
  const withoutId = ids.some((v) => v === null);
  const insert = (name: string, where: string, keyed: boolean) => sql`${sql.raw(name)} as (
      insert into usage_samples (${list}) select ${list} from u
       where ${sql.raw(where)} and not exists (select 1 from blocked)
      ${
        !keyed
          ? sql``
          : raced
            ? sql`on conflict (tenant_id, sample_id) do nothing`
            : sql`and not exists (select 1 from usage_samples s where s.tenant_id = u.tenant_id and s.sample_id = u.sample_id)`
      } returning 1)`;
  const inserts = [
    ...(withoutId ? [insert('plain', withId ? 'sample_id is null' : 'true', false)] : []),
    ...(withId ? [insert('keyed', withoutId ? 'sample_id is not null' : 'true', true)] : []),
  ];
  const counted = [withoutId ? sql`(select count(*) from plain)` : sql`0`, withId ? sql`(select count(*) from keyed)` : sql`0`];
  const r = await sql<{ accepted: number; blocked: boolean }>`
    with u (${list}) as (select * from unnest(${arrays})),
    blocked as (
      select 1 from u
        left join tenants t on t.id = u.tenant_id
        left join invoices i on i.tenant_id = u.tenant_id and i.period = u.billing_period
       where t.id is null or i.tenant_id is not null
       limit 1),
    ${sql.join(inserts)}
    select (${counted[0]} + ${counted[1]})::int as accepted, exists (select 1 from blocked) as blocked`.execute(trx);
  return r.rows[0]!;
}

/** Column arrays of the records, billed in the month of their hour or, where `closed` says it is closed, the next open one. */
function columnsOf(records: readonly UsageRecord[], closed: ReadonlySet<string>): Column[] {
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
  return cols;
}

/** The records without repeats of a sample id of one tenant (the first stays). */
function firstOfEachId(records: readonly UsageRecord[]): readonly UsageRecord[] {
  const seen = new Set<string>();
  let repeats = false;
  for (const r of records) {
    if (r.sampleId === null) continue;
    const k = `${r.tenantId} ${r.sampleId}`;
    if (seen.has(k)) repeats = true;
    seen.add(k);
  }
  if (!repeats) return records;
  seen.clear();
  return records.filter((r) => {
    if (r.sampleId === null) return true;
    const k = `${r.tenantId} ${r.sampleId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function storeRecords(trx: Kysely<Database>, batch: readonly UsageRecord[], raced: boolean): Promise<IngestResult> {
  const n = batch.length;
  if (n === 0) return { status: 'ok', accepted: 0, duplicates: 0 };
  const records = firstOfEachId(batch);
  // Ingests share this lock, closing a month takes it alone: the closed months read next stay as
  // they are until the samples are in (one lock in memory, not a row lock per tenant).
  await sql`select pg_advisory_xact_lock_shared(${USAGE_LOCK[0]}, ${USAGE_LOCK[1]})`.execute(trx);
  // The common case in one statement (a statement after the lock: it sees every close).
  const fast = await insertChecked(trx, columnsOf(records, new Set()), raced);
  if (!fast.blocked) return { status: 'ok', accepted: fast.accepted, duplicates: n - fast.accepted };

  // Unknown tenants (a 400 naming each), or samples of closed months: known tenants with their closed months.
  const tenantIds = [...new Set(records.map((r) => r.tenantId))];
  const known = await sql<{ id: string; closed: string[] }>`
    select t.id, array(select to_char(i.period, 'YYYY-MM-DD') from invoices i where i.tenant_id = t.id) as closed
      from tenants t where t.id = any(${tenantIds}::uuid[])`.execute(trx);
  const knownIds = new Set(known.rows.map((r) => r.id));
  if (knownIds.size < tenantIds.length) {
    const issues: FieldIssue[] = [];
    batch.forEach((r, i) => {
      if (!knownIds.has(r.tenantId) && issues.length < MAX_ISSUES) issues.push({ path: `${i}.tenant_id`, message: 'tenant not found' });
    });
    throw new InvalidError(`invalid usage batch, nothing stored: ${issues[0]!.path}: tenant not found`, issues);
  }
  // Samples for an hour whose invoice is closed go to the next open month (an adjustment there).
  const closed = new Set(known.rows.flatMap((r) => r.closed.map((period) => `${r.id} ${period}`)));
  // Under the shared lock no month closes meanwhile, and every tenant is known: nothing blocks now.
  const stored = await insertChecked(trx, columnsOf(records, closed), raced);
  if (stored.blocked) throw new Error('usage samples still blocked after moving them out of closed months');
  return { status: 'ok', accepted: stored.accepted, duplicates: n - stored.accepted };
}

/**
 * Forgets `Idempotency-Key`s older than `ttlSeconds` (the hourly usage job runs it), at most
 * `limit` at a time; returns how many went. Sample ids are never forgotten: they are the samples'
 * own keys.
 */
export async function purgeIngestKeys(db: Kysely<Database>, ttlSeconds: number, limit = 10_000): Promise<number> {
  const r = await sql`
    delete from usage_ingest_keys where key in (
      select key from usage_ingest_keys where created_at < now() - make_interval(secs => ${ttlSeconds}) limit ${limit})`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
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
