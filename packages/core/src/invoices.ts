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

/** Usage of one hour (all sources, clusters and projects together). */
export interface HourUsage {
  ts: Date;
  cpuMilli: bigint;
  memMib: bigint;
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
  /** Σ line costs, exact. */
  subtotal: string;
  /** Σ line cost × discount in force for the line, exact. */
  discount: string;
  /** subtotal − discount, rounded half to even to the currency's minor units. */
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

/**
 * Prices hours against a schedule (ascending `fromMs`, the first step in force from the start of
 * time). Pure: the invoice is this function of the usage and the rates.
 */
export function priceUsage(
  tenantId: string,
  lines: readonly HourUsage[],
  adjustments: readonly HourUsage[],
  schedule: readonly RateStep[],
  currency: string,
): Pick<Invoice, 'lines' | 'adjustments' | 'totals' | 'subtotal' | 'discount' | 'total' | 'rounding' | 'currency'> {
  let subtotal = 0n;
  let discount = 0n;
  let cpuCost = 0n;
  let memCost = 0n;
  let cpuQty = 0n;
  let memQty = 0n;
  const price = (hours: readonly HourUsage[]): InvoiceLine[] => {
    const out = new Array<InvoiceLine>(hours.length);
    // Hours are ascending: the step in force only moves forward.
    let s = 0;
    for (let i = 0; i < hours.length; i++) {
      const h = hours[i]!;
      const t = h.ts.getTime();
      if (i > 0 && t < hours[i - 1]!.ts.getTime()) s = 0;
      while (s + 1 < schedule.length && schedule[s + 1]!.fromMs <= t) s++;
      const step = schedule[s]!;
      const cpu = h.cpuMilli * step.cpuMilli;
      const mem = h.memMib * step.memMib;
      const cost = cpu + mem;
      cpuCost += cpu;
      memCost += mem;
      cpuQty += h.cpuMilli;
      memQty += h.memMib;
      subtotal += cost;
      discount += cost * step.discount;
      out[i] = {
        ts: h.ts.toISOString(),
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
  const exactTotal = subtotal * 10n ** BigInt(DISCOUNT_SCALE) - discount;
  return {
    currency,
    lines: pricedLines,
    adjustments: pricedAdjustments,
    totals: {
      cpu: { quantity: Number(cpuQty), cost: formatDecimal(cpuCost, RATE_SCALE) },
      memory: { quantity: Number(memQty), cost: formatDecimal(memCost, RATE_SCALE) },
    },
    subtotal: formatDecimal(subtotal, RATE_SCALE),
    discount: formatDecimal(discount, DISCOUNTED_SCALE),
    total: formatDecimal(rescaleHalfEven(exactTotal, DISCOUNTED_SCALE, minor), minor, minor),
    rounding: `total = subtotal - discount, rounded once, half to even, to ${minor} decimals (the minor unit of ${currency})`,
  };
}

/** The tenant's currency: that of its rates (all alike), else the Manager's default. */
function currencyOf(schedule: readonly RateStep[], settings: BillingSettings): string {
  return schedule.length > 1 ? schedule[schedule.length - 1]!.currency : settings.currency;
}

interface HourRow {
  /** Start of the hour, epoch milliseconds (int8 text). */
  ms: string;
  cpu: string;
  mem: string;
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

/** Hour rows (ascending by hour within each billing month) → one entry per hour, ascending. */
function toHours(rows: readonly HourRow[]): HourUsage[] {
  const out: HourUsage[] = [];
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const ms = Number(r.ms);
    if (ms <= last) sorted = false;
    last = Math.max(last, ms);
    out.push({ ts: new Date(ms), cpuMilli: BigInt(r.cpu), memMib: BigInt(r.mem) });
  }
  if (sorted) return out;
  // The same hour billed in several months (late samples of a closed month): one line for it.
  const byHour = new Map<number, HourUsage>();
  for (const h of out) {
    const prev = byHour.get(h.ts.getTime());
    byHour.set(h.ts.getTime(), prev ? { ts: h.ts, cpuMilli: prev.cpuMilli + h.cpuMilli, memMib: prev.memMib + h.memMib } : h);
  }
  return [...byHour.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
}

async function computeInvoice(
  db: Kysely<Database>,
  tenantId: string,
  range: { start: Date; end: Date; period: string | null },
  rates: readonly RateRowText[],
  settings: BillingSettings,
): Promise<Invoice> {
  const schedule = rateScheduleOf(rates, settings);
  let lines: HourUsage[];
  let adjustments: HourUsage[] = [];
  if (range.period !== null) {
    // Everything billed in the month: its own hours, and late hours of closed earlier months.
    const rows = await sql<HourRow>`
      select (extract(epoch from ts) * 1000)::int8 as ms, sum(cpu_milli)::text as cpu, sum(mem_mib)::text as mem
        from usage_samples
       where tenant_id = ${tenantId} and billing_period = ${range.period}::date
       group by ts order by ts`.execute(db);
    const start = range.start.getTime();
    const hours = toHours(rows.rows);
    lines = hours.filter((h) => h.ts.getTime() >= start);
    adjustments = hours.filter((h) => h.ts.getTime() < start);
  } else {
    // A sample is billed in the month of its hour or later: the lower bound keeps this on the index,
    // and grouping in index order (month, hour) needs no sort.
    const rows = await sql<HourRow>`
      select (extract(epoch from ts) * 1000)::int8 as ms, sum(cpu_milli)::text as cpu, sum(mem_mib)::text as mem
        from usage_samples
       where tenant_id = ${tenantId} and billing_period >= ${monthOf(range.start)}::date
         and ts >= ${range.start} and ts < ${range.end}
       group by billing_period, ts order by billing_period, ts`.execute(db);
    lines = toHours(rows.rows);
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
    ...priceUsage(tenantId, lines, adjustments, steps, currency),
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
