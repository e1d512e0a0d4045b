import { sql, type Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import { ConflictError, InvalidError, NotFoundError } from '@kubeop/kube';
import type { Actor } from './audit.js';
import { isUuid } from './ids.js';
import { formatDecimal, minorUnits, rescaleHalfEven } from './money.js';
import { DISCOUNT_SCALE, RATE_SCALE, rateScheduleOf, type BillingSettings, type RateRowText, type RateStep } from './rates.js';
import { monthOf, nextMonth, USAGE_LOCK } from './usage.js';
import { translateDbError } from './pg-errors.js';

/**
 * Invoices, computed on read from the stored samples (aggregated per hour) and the tenant's rate
 * schedule; a closed invoice is a stored snapshot answered as it was when closed.
 *
 * Pricing: each hour is priced at the rate in force at the start of that hour (the latest rate
 * with `effectiveFrom` ≤ the hour; the Manager's defaults before the first one). Line costs,
 * `subtotal` and `discount` are exact (no rounding); `total` = subtotal − discount, rounded once,
 * half to even, to the currency's minor units (2 for USD).
 */

/** Amounts of lines are at RATE_SCALE; discounts (amount × fraction) at RATE_SCALE + DISCOUNT_SCALE. */
const DISCOUNTED_SCALE = RATE_SCALE + DISCOUNT_SCALE;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_RANGE_MS = 800 * 24 * 60 * 60 * 1000;

/** Usage of one hour (all sources, clusters and projects together). Quantities are numbers when safe integers, else bigints. */
export interface HourUsage {
  /** Start of the hour, epoch milliseconds. */
  ms: number;
  cpuMilli: number | bigint;
  memMib: number | bigint;
}

/** Usage of one project (null: samples without a project) under one step of the rate schedule. */
export interface ProjectStepUsage {
  projectId: string | null;
  /** Index into the schedule. */
  step: number;
  cpuMilli: number | bigint;
  memMib: number | bigint;
}

export interface InvoiceLine {
  ts: string;
  tenantId: string;
  cpuMilli: number;
  memMib: number;
  /** Exact cost of the hour (decimal text). */
  cost: string;
}

export interface ResourceTotal {
  quantity: number;
  /** Exact (decimal text). */
  cost: string;
}

/** One project's share of an invoice (lines and adjustments); the shares add up to the invoice's. */
export interface ProjectTotal {
  /** null: usage recorded without a project. */
  projectId: string | null;
  cpuMilli: number;
  memMib: number;
  /** Exact (decimal text). */
  cost: string;
  /** Exact (decimal text). */
  discount: string;
}

/** JSON-safe throughout, so that a closed invoice is stored and answered as it was computed. */
export interface Invoice {
  tenantId: string;
  /** Inclusive, RFC 3339. */
  start: string;
  /** Exclusive, RFC 3339. */
  end: string;
  /** `YYYY-MM` of a monthly invoice; null for a `from`/`to` range. */
  period: string | null;
  status: 'open' | 'closed';
  closedAt: string | null;
  currency: string;
  /** One line per hour of the period with usage, ascending. */
  lines: InvoiceLine[];
  /** Usage of hours of closed earlier periods that arrived after they were closed. */
  adjustments: InvoiceLine[];
  totals: { cpu: ResourceTotal; memory: ResourceTotal };
  /** Per project (null last), ascending by id. Absent from invoices closed before it existed. */
  projects?: ProjectTotal[];
  /** Σ line costs, exact. */
  subtotal: string;
  /** Σ line cost × discount in force for the line, exact. */
  discount: string;
  /** subtotal − discount, rounded half to even, to the currency's minor units. */
  total: string;
  rounding: string;
}

export interface InvoiceQuery {
  /** `YYYY-MM`; default: the current UTC month. */
  period?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** `YYYY-MM` → the first day of the month (`YYYY-MM-01`). */
export function parsePeriod(period: string, field = 'period'): string {
  if (!PERIOD.test(period)) throw InvalidError.field(field, 'must be a month, YYYY-MM (e.g. 2026-11)');
  return `${period}-01`;
}

function periodStart(period: string): Date {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1));
}

/** A rate step with its amounts also as numbers where they are safe integers (null where not). */
interface FastStep extends RateStep {
  cpuN: number | null;
  memN: number | null;
  discountN: number | null;
}

const safe = (v: bigint): number | null => (v <= SAFE_BIG && v >= -SAFE_BIG ? Number(v) : null);
const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An exact integer sum: a number while it stays a safe integer, carried into a bigint before it
 * would not (integer additions below 2^53 are exact in binary floating point).
 */
class ExactSum {
  private n = 0;
  private big = 0n;
  add(v: number | bigint): void {
    if (typeof v === 'bigint') this.big += v;
    else if (this.n + v > Number.MAX_SAFE_INTEGER) {
      this.big += BigInt(this.n) + BigInt(v);
      this.n = 0;
    } else this.n += v;
  }
  value(): bigint {
    return this.big + BigInt(this.n);
  }
}

/** `a × b` exactly: a number when both are numbers and the product is a safe integer, else a bigint. */
function times(a: number | bigint, b: number | null, bBig: bigint): number | bigint {
  if (typeof a === 'number' && b !== null) {
    const p = a * b;
    // both are non-negative integers: a product beyond 2^53 rounds to at least 2^53
    if (p <= Number.MAX_SAFE_INTEGER) return p;
  }
  return BigInt(a) * bBig;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HH = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/**
 * RFC 3339 text of hour starts, as `toISOString` spells them, with the day part built once per day:
 * `toISOString` costs about a microsecond, which a year of lines pays 8,760 times.
 */
class HourText {
  private day = Number.NaN;
  private prefix = '';
  of(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    const inDay = ms - day * DAY_MS;
    if (inDay % HOUR_MS !== 0) return new Date(ms).toISOString();
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
      // years outside 0000–9999 are spelled with six digits and a sign
      if (this.prefix.length !== 11 || this.prefix.charCodeAt(10) !== 84) return new Date(ms).toISOString();
    }
    return `${this.prefix}${HH[inDay / HOUR_MS]!}:00:00.000Z`;
  }
}

/**
 * Prices hours against a schedule (ascending `fromMs`, the first step in force from the start of
 * time): exact integers throughout (numbers while they are safe integers, bigints beyond). Pure: the
 * invoice is this function of the usage and the rates. `projects` (the usage per project and step)
 * gives the breakdown; it must cover the same samples as `lines` and `adjustments`.
 */
export function priceUsage(
  tenantId: string,
  lines: readonly HourUsage[],
  adjustments: readonly HourUsage[],
  schedule: readonly RateStep[],
  currency: string,
  projects: readonly ProjectStepUsage[] = [],
): Pick<Invoice, 'lines' | 'adjustments' | 'totals' | 'projects' | 'subtotal' | 'discount' | 'total' | 'rounding' | 'currency'> {
  const steps: FastStep[] = schedule.map((s) => ({ ...s, cpuN: safe(s.cpuMilli), memN: safe(s.memMib), discountN: safe(s.discount) }));
  const subtotal = new ExactSum();
  const discount = new ExactSum();
  const cpuCost = new ExactSum();
  const memCost = new ExactSum();
  const cpuQty = new ExactSum();
  const memQty = new ExactSum();
  const text = new HourText();
  const price = (hours: readonly HourUsage[]): InvoiceLine[] => {
    const out = new Array<InvoiceLine>(hours.length);
    // Hours are ascending: the step in force only moves forward.
    let s = 0;
    for (let i = 0; i < hours.length; i++) {
      const h = hours[i]!;
      const t = h.ms;
      if (i > 0 && t < hours[i - 1]!.ms) s = 0;
      while (s + 1 < steps.length && steps[s + 1]!.fromMs <= t) s++;
      const step = steps[s]!;
      const cpu = times(h.cpuMilli, step.cpuN, step.cpuMilli);
      const mem = times(h.memMib, step.memN, step.memMib);
      const cost =
        typeof cpu === 'number' && typeof mem === 'number' && cpu + mem <= Number.MAX_SAFE_INTEGER ? cpu + mem : BigInt(cpu) + BigInt(mem);
      cpuCost.add(cpu);
      memCost.add(mem);
      cpuQty.add(h.cpuMilli);
      memQty.add(h.memMib);
      subtotal.add(cost);
      discount.add(times(cost, step.discountN, step.discount));
      out[i] = {
        ts: text.of(t),
        tenantId,
        cpuMilli: Number(h.cpuMilli),
        memMib: Number(h.memMib),
        cost: formatDecimal(cost, RATE_SCALE),
      };
    }
    return out;
  };
  const pricedLines = price(lines);
  const pricedAdjustments = price(adjustments);
  const minor = minorUnits(currency);
  const exactTotal = subtotal.value() * 10n ** BigInt(DISCOUNT_SCALE) - discount.value();
  return {
    currency,
    lines: pricedLines,
    adjustments: pricedAdjustments,
    totals: {
      cpu: { quantity: Number(cpuQty.value()), cost: formatDecimal(cpuCost.value(), RATE_SCALE) },
      memory: { quantity: Number(memQty.value()), cost: formatDecimal(memCost.value(), RATE_SCALE) },
    },
    projects: priceProjects(projects, schedule),
    subtotal: formatDecimal(subtotal.value(), RATE_SCALE),
    discount: formatDecimal(discount.value(), DISCOUNTED_SCALE),
    total: formatDecimal(rescaleHalfEven(exactTotal, DISCOUNTED_SCALE, minor), minor, minor),
    rounding: `total = subtotal - discount, rounded once, half to even, to ${minor} decimals (the minor unit of ${currency})`,
  };
}

/** Cost is linear in usage: a project's cost is Σ over steps of its usage under the step × the step's rates. */
function priceProjects(usage: readonly ProjectStepUsage[], schedule: readonly RateStep[]): ProjectTotal[] {
  const byProject = new Map<string | null, { cpu: bigint; mem: bigint; cost: bigint; discount: bigint }>();
  for (const u of usage) {
    const step = schedule[u.step]!;
    const cpu = BigInt(u.cpuMilli);
    const mem = BigInt(u.memMib);
    const cost = cpu * step.cpuMilli + mem * step.memMib;
    const p = byProject.get(u.projectId) ?? { cpu: 0n, mem: 0n, cost: 0n, discount: 0n };
    byProject.set(u.projectId, { cpu: p.cpu + cpu, mem: p.mem + mem, cost: p.cost + cost, discount: p.discount + cost * step.discount });
  }
  return [...byProject]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([projectId, p]) => ({
      projectId,
      cpuMilli: Number(p.cpu),
      memMib: Number(p.mem),
      cost: formatDecimal(p.cost, RATE_SCALE),
      discount: formatDecimal(p.discount, DISCOUNTED_SCALE),
    }));
}

/** The tenant's currency: that of its rates (all alike), else the Manager's default. */
function currencyOf(schedule: readonly RateStep[], settings: BillingSettings): string {
  return schedule.length > 1 ? schedule[schedule.length - 1]!.currency : settings.currency;
}

interface BillingFacts {
  known: boolean;
  closed: Invoice | null;
  rates: RateRowText[];
}

/**
 * In one round trip: whether the tenant exists or left history (usage, rates and closed invoices
 * outlive it), the closed invoice of `period` if any, and the tenant's rates.
 */
async function billingFacts(db: Kysely<Database>, tenantId: string, period: string | null): Promise<BillingFacts> {
  if (!isUuid(tenantId)) return { known: false, closed: null, rates: [] };
  const r = await sql<BillingFacts>`
    select exists (select 1 from tenants where id = ${tenantId})
        or exists (select 1 from usage_samples where tenant_id = ${tenantId})
        or exists (select 1 from tenant_rates where tenant_id = ${tenantId})
        or exists (select 1 from invoices where tenant_id = ${tenantId}) as known,
           (select document from invoices where tenant_id = ${tenantId} and period = ${period}::date) as closed,
           coalesce((select json_agg(json_build_object('effectiveFrom', effective_from, 'cpu', cpu_milli_rate::text,
                                                       'mem', mem_mib_rate::text, 'discount', discount::text, 'currency', currency))
                       from tenant_rates where tenant_id = ${tenantId}), '[]'::json) as rates`.execute(db);
  return r.rows[0]!;
}

/** An integer as PostgreSQL spells it: a number when it is a safe integer, else a bigint. */
function quantityOf(text: string): number | bigint {
  return text.length < 16 ? Number(text) : BigInt(text);
}

/** `a + b`, exact: a number while safe, else a bigint. */
function plus(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number' && a + b <= Number.MAX_SAFE_INTEGER) return a + b;
  return BigInt(a) + BigInt(b);
}

/**
 * Reads samples packed as `h cpu mem h cpu mem …` (non-negative integers separated by single
 * spaces; `h` = hours since the epoch) into one entry per hour, ascending, summing the samples of
 * an hour. A scan by character codes: a year of samples arrives as one text instead of 8,760 rows
 * the driver would parse field by field, and grouping here is cheaper than in PostgreSQL (numeric
 * sums per group).
 */
export function parseHours(packed: string): HourUsage[] {
  const hours: HourUsage[] = [];
  let sorted = true;
  let h = 0;
  let cpu: number | bigint = 0;
  let field = 0;
  let start = 0;
  for (let i = 0; i <= packed.length; i++) {
    if (i < packed.length && packed.charCodeAt(i) !== 32) continue;
    let v: number | bigint = 0;
    if (i - start < 16) for (let j = start; j < i; j++) v = v * 10 + (packed.charCodeAt(j) - 48);
    else v = BigInt(packed.slice(start, i));
    start = i + 1;
    if (field === 0) h = Number(v);
    else if (field === 1) cpu = v;
    else {
      const ms = h * HOUR_MS;
      const last = hours[hours.length - 1];
      if (last !== undefined && last.ms === ms) {
        last.cpuMilli = plus(last.cpuMilli, cpu);
        last.memMib = plus(last.memMib, v);
      } else {
        if (last !== undefined && ms < last.ms) sorted = false;
        hours.push({ ms, cpuMilli: cpu, memMib: v });
      }
    }
    field = field === 2 ? 0 : field + 1;
  }
  return sorted ? hours : mergeHours(hours);
}

/** Entries of one hour merged into one, ascending. */
function mergeHours(hours: readonly HourUsage[]): HourUsage[] {
  const byHour = new Map<number, HourUsage>();
  for (const h of hours) {
    const prev = byHour.get(h.ms);
    byHour.set(h.ms, prev ? { ms: h.ms, cpuMilli: plus(prev.cpuMilli, h.cpuMilli), memMib: plus(prev.memMib, h.memMib) } : h);
  }
  return [...byHour.values()].sort((a, b) => a.ms - b.ms);
}

/**
 * The usage of the invoice in one statement (one snapshot, so the project breakdown adds up to the
 * lines): every sample's hour and quantities packed into one text (summed per hour by
 * `parseHours`), and the usage per project and rate step, grouped in PostgreSQL (a few rows).
 */
async function usageRows(
  db: Kysely<Database>,
  tenantId: string,
  range: { start: Date; end: Date; period: string | null },
  schedule: readonly RateStep[],
): Promise<{ hours: HourUsage[]; projects: ProjectStepUsage[] }> {
  // the rate step of an hour: width_bucket counts the thresholds at or before it (the first is -infinity)
  const thresholds = ['-infinity', ...schedule.slice(1).map((s) => new Date(s.fromMs).toISOString())];
  // A sample is billed in the month of its hour or later: for a range, the lower bound on the month
  // keeps this on the index (read in index order: month, hour).
  const where =
    range.period !== null
      ? sql`tenant_id = ${tenantId} and billing_period = ${range.period}::date`
      : sql`tenant_id = ${tenantId} and billing_period >= ${monthOf(range.start)}::date and ts >= ${range.start} and ts < ${range.end}`;
  const r = await sql<{ hours: string | null; projects: { p: string | null; s: number; c: string; m: string }[] | null }>`
    select (select string_agg(date_part('epoch', ts)::int8 / 3600 || ' ' || cpu_milli || ' ' || mem_mib, ' ')
              from usage_samples where ${where}) as hours,
           (select json_agg(json_build_object('p', project_id, 's', step, 'c', cpu::text, 'm', mem::text))
              from (select project_id, width_bucket(ts, ${thresholds}::timestamptz[]) as step, sum(cpu_milli) as cpu, sum(mem_mib) as mem
                      from usage_samples where ${where} group by 1, 2) p) as projects`.execute(db);
  const row = r.rows[0]!;
  return {
    hours: row.hours ? parseHours(row.hours) : [],
    projects: (row.projects ?? []).map((p) => ({ projectId: p.p, step: p.s - 1, cpuMilli: quantityOf(p.c), memMib: quantityOf(p.m) })),
  };
}

async function computeInvoice(
  db: Kysely<Database>,
  tenantId: string,
  range: { start: Date; end: Date; period: string | null },
  rates: readonly RateRowText[],
  settings: BillingSettings,
): Promise<Invoice> {
  const schedule = rateScheduleOf(rates, settings);
  const usage = await usageRows(db, tenantId, range, schedule);
  let lines = usage.hours;
  let adjustments: HourUsage[] = [];
  if (range.period !== null) {
    // Everything billed in the month: its own hours, and late hours of closed earlier months.
    const start = range.start.getTime();
    lines = usage.hours.filter((h) => h.ms >= start);
    adjustments = usage.hours.filter((h) => h.ms < start);
  }
  const currency = currencyOf(schedule, settings);
  const steps = schedule.map((s, i) => (i === 0 ? { ...s, currency } : s));
  return {
    tenantId,
    start: range.start.toISOString(),
    end: range.end.toISOString(),
    period: range.period === null ? null : range.period.slice(0, 7),
    status: 'open',
    closedAt: null,
    ...priceUsage(tenantId, lines, adjustments, steps, currency, usage.projects),
  };
}

function resolveQuery(q: InvoiceQuery, now: Date): { start: Date; end: Date; period: string | null } {
  if (q.period !== undefined && (q.from !== undefined || q.to !== undefined)) {
    throw InvalidError.field('period', 'give either period or from/to, not both');
  }
  if (q.from !== undefined || q.to !== undefined) {
    if (q.from === undefined) throw InvalidError.field('from', 'is required with to');
    if (q.to === undefined) throw InvalidError.field('to', 'is required with from');
    if (q.to.getTime() <= q.from.getTime()) throw InvalidError.field('to', 'must be after from');
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_MS) throw InvalidError.field('to', 'a range spans at most 800 days');
    return { start: q.from, end: q.to, period: null };
  }
  const period = q.period !== undefined ? parsePeriod(q.period) : monthOf(now);
  return { start: periodStart(period), end: periodStart(nextMonth(period)), period };
}

/**
 * The invoice of a tenant (also of a deleted one that left history): the current UTC month by
 * default, a month (`period`) or a range (`from`/`to`, usage by hour, no adjustments). A closed
 * month answers its stored snapshot.
 */
export async function getInvoice(
  db: Kysely<Database>,
  tenantId: string,
  q: InvoiceQuery,
  settings: BillingSettings,
  now: Date = new Date(),
): Promise<Invoice> {
  const range = resolveQuery(q, now);
  const facts = await billingFacts(db, tenantId, range.period);
  if (!facts.known) throw new NotFoundError('tenant', tenantId);
  if (facts.closed) return facts.closed;
  return computeInvoice(db, tenantId, range, facts.rates, settings);
}

/**
 * Closes a month that is over: the invoice as computed now is stored and answered unchanged from
 * then on; usage for its hours that arrives later is billed as an adjustment of the next open month.
 * Closing a closed month answers the stored invoice.
 */
export async function closeInvoice(
  db: Kysely<Database>,
  tenantId: string,
  periodText: string,
  settings: BillingSettings,
  actor: Actor,
  now: Date = new Date(),
): Promise<Invoice> {
  const period = parsePeriod(periodText);
  const end = periodStart(nextMonth(period));
  if (end.getTime() > now.getTime()) {
    throw new ConflictError(`${periodText} is not over yet: a month is closed after its end`, [
      { path: 'period', message: 'the month is not over yet' },
    ]);
  }
  try {
    return await db.transaction().execute(async (trx) => {
      // Waits for running ingests (they share the lock) and holds new ones until the snapshot is
      // stored: no sample lands in the month between computing and storing it.
      await sql`select pg_advisory_xact_lock(${USAGE_LOCK[0]}, ${USAGE_LOCK[1]})`.execute(trx);
      const facts = await billingFacts(trx, tenantId, period);
      if (!facts.known) throw new NotFoundError('tenant', tenantId);
      if (facts.closed) return facts.closed;
      const computed = await computeInvoice(trx, tenantId, { start: periodStart(period), end, period }, facts.rates, settings);
      const invoice: Invoice = { ...computed, status: 'closed', closedAt: now.toISOString() };
      const inserted = await trx
        .insertInto('invoices')
        .values({ tenant_id: tenantId, period, currency: invoice.currency, total: invoice.total, document: JSON.stringify(invoice) })
        .onConflict((oc) => oc.columns(['tenant_id', 'period']).doNothing())
        .returning('tenant_id')
        .executeTakeFirst();
      if (!inserted) return (await billingFacts(trx, tenantId, period)).closed!;
      await trx
        .insertInto('audit_log')
        .values({
          actor: actor.name,
          action: 'create',
          resource_type: 'invoice',
          resource_id: tenantId,
          request_id: actor.requestId ?? null,
          details: JSON.stringify({ period: invoice.period, total: invoice.total, currency: invoice.currency }),
        })
        .execute();
      return invoice;
    });
  } catch (e) {
    return translateDbError(e);
  }
}
