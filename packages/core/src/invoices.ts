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
        ts: new Date(t).toISOString(),
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

/** An integer sum as PostgreSQL sends it (numeric text): a number when it is a safe integer, else a bigint. */
function quantityOf(text: string): number | bigint {
  return text.length < 16 ? Number(text) : BigInt(text);
}

/**
 * One row of the usage query: an hour (`step` null; `h` = hours since the epoch) or a project's usage
 * under one rate step (`h` null; `step` 1-based).
 */
interface UsageRow {
  h: number | null;
  step: number | null;
  project: string | null;
  cpu: string;
  mem: string;
}

const HOUR_MS = 3_600_000;

/**
 * The usage of the invoice in one statement (one snapshot): one row per hour (ascending within
 * each billing month) and one per project and rate step (grouping sets over the same rows), so the
 * breakdown adds up to the lines.
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
  // keeps this on the index, and grouping in index order (month, hour) needs no sort.
  const where =
    range.period !== null
      ? sql`billing_period = ${range.period}::date`
      : sql`billing_period >= ${monthOf(range.start)}::date and ts >= ${range.start} and ts < ${range.end}`;
  const rows = await sql<UsageRow>`
    select case when grouping(ts) = 0 then (extract(epoch from ts) / 3600)::int4 end as h,
           step, project_id as project, sum(cpu_milli)::text as cpu, sum(mem_mib)::text as mem
      from (select billing_period, ts, project_id, cpu_milli, mem_mib, width_bucket(ts, ${thresholds}::timestamptz[]) as step
              from usage_samples
             where tenant_id = ${tenantId} and ${where}) s
     group by grouping sets ((billing_period, ts), (project_id, step))
     order by grouping(ts), billing_period, ts`.execute(db);
  const hours: HourUsage[] = [];
  const projects: ProjectStepUsage[] = [];
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows.rows) {
    if (r.h === null) {
      projects.push({ projectId: r.project, step: r.step! - 1, cpuMilli: quantityOf(r.cpu), memMib: quantityOf(r.mem) });
      continue;
    }
    const ms = r.h * HOUR_MS;
    if (ms <= last) sorted = false;
    last = Math.max(last, ms);
    hours.push({ ms, cpuMilli: quantityOf(r.cpu), memMib: quantityOf(r.mem) });
  }
  return { hours: sorted ? hours : mergeHours(hours), projects };
}

/** The same hour billed in several months (late samples of a closed month): one entry for it, ascending. */
function mergeHours(hours: readonly HourUsage[]): HourUsage[] {
  const byHour = new Map<number, HourUsage>();
  const add = (a: number | bigint, b: number | bigint) =>
    typeof a === 'number' && typeof b === 'number' && a + b <= Number.MAX_SAFE_INTEGER ? a + b : BigInt(a) + BigInt(b);
  for (const h of hours) {
    const prev = byHour.get(h.ms);
    byHour.set(h.ms, prev ? { ms: h.ms, cpuMilli: add(prev.cpuMilli, h.cpuMilli), memMib: add(prev.memMib, h.memMib) } : h);
  }
  return [...byHour.values()].sort((a, b) => a.ms - b.ms);
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
