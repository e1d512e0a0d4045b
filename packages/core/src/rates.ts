import { sql, type Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import { ConflictError, InvalidError, NotFoundError, type FieldIssue } from '@kubeop/kube';
import type { Actor } from './audit.js';
import { isUuid } from './ids.js';
import { formatDecimal, parseDecimal } from './money.js';
import { translateDbError } from './pg-errors.js';

/** Rates are stored as numeric(20, 12): 12 fraction digits, 8 integer digits. */
export const RATE_SCALE = 12;
/** Discounts are stored as a fraction with 4 digits (numeric(5, 4)): a percent with 2 digits is the same integer. */
export const DISCOUNT_SCALE = 4;
const MAX_RATE = 10n ** 8n * 10n ** BigInt(RATE_SCALE);
const TIER = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** What the Manager prices with when a tenant has no rate yet, and how much one ingest may carry. */
export interface BillingSettings {
  /** Price of one milli-CPU-hour (`KUBEOP_RATE_CPU_MILLI`, decimal text). */
  defaultCpuMilliRate: string;
  /** Price of one MiB-hour (`KUBEOP_RATE_MEM_MIB`, decimal text). */
  defaultMemMibRate: string;
  /** ISO 4217 code of the default rates (`KUBEOP_BILLING_CURRENCY`). */
  currency: string;
  /** Most records one ingest request may carry (`KUBEOP_USAGE_MAX_BATCH`). */
  maxBatch: number;
  /** How long an ingest `Idempotency-Key` is remembered (`KUBEOP_USAGE_IDEMPOTENCY_TTL`, 7 days). */
  idempotencyKeyTtlSeconds: number;
}

/** The upstream's defaults (upstream-behaviour.md §9, §10.1). */
export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  defaultCpuMilliRate: '0.000001',
  defaultMemMibRate: '0.0000002',
  currency: 'USD',
  maxBatch: 10_000,
  idempotencyKeyTtlSeconds: 7 * 24 * 3600,
};

/** A tenant's rates from `effectiveFrom` on. Amounts are exact decimal text. */
export interface TenantRate {
  tenantId: string;
  effectiveFrom: Date;
  cpuMilliRate: string;
  memMibRate: string;
  currency: string;
  tier: string;
  discountPercent: string;
  /** True for the Manager's defaults (no row of the tenant in force). */
  isDefault: boolean;
}

export interface TenantRates {
  /** The rate in force now: the latest row with `effectiveFrom` ≤ now, else the defaults. */
  current: TenantRate;
  /** Every stored row, newest `effectiveFrom` first (future ones included). */
  history: TenantRate[];
}

export interface RateInput {
  cpuMilliRate: string;
  memMibRate: string;
  currency?: string | undefined;
  tier?: string | undefined;
  discountPercent?: string | undefined;
  /** Default: now. A row with the same `effectiveFrom` is replaced. */
  effectiveFrom?: Date | undefined;
}

/** One step of a rate schedule, in exact units: rates at RATE_SCALE, discount at DISCOUNT_SCALE. */
export interface RateStep {
  fromMs: number;
  cpuMilli: bigint;
  memMib: bigint;
  discount: bigint;
  currency: string;
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/** Parses a rate (decimal text or a JSON number) at RATE_SCALE: ≥ 0, < 10^8, at most 12 fraction digits. */
export function parseRate(value: string, field: string): bigint {
  const v = parseDecimal(value, RATE_SCALE);
  if (v === null) throw InvalidError.field(field, 'must be a decimal with at most 12 fraction digits, e.g. "0.000001"');
  if (v < 0n || v >= MAX_RATE) throw InvalidError.field(field, 'must be at least 0 and below 100000000');
  return v;
}

/** The defaults of `settings` as the first step of every schedule (validated when the Manager starts). */
export function defaultStep(settings: BillingSettings): RateStep {
  return {
    fromMs: Number.NEGATIVE_INFINITY,
    cpuMilli: parseRate(settings.defaultCpuMilliRate, 'KUBEOP_RATE_CPU_MILLI'),
    memMib: parseRate(settings.defaultMemMibRate, 'KUBEOP_RATE_MEM_MIB'),
    discount: 0n,
    currency: settings.currency,
  };
}

interface RateRow {
  tenant_id: string;
  effective_from: Date;
  cpu_milli_rate: string;
  mem_mib_rate: string;
  currency: string;
  tier: string;
  discount: string;
}

function toRate(row: RateRow): TenantRate {
  return {
    tenantId: row.tenant_id,
    effectiveFrom: row.effective_from,
    cpuMilliRate: formatDecimal(parseDecimal(row.cpu_milli_rate, RATE_SCALE)!, RATE_SCALE),
    memMibRate: formatDecimal(parseDecimal(row.mem_mib_rate, RATE_SCALE)!, RATE_SCALE),
    currency: row.currency,
    tier: row.tier,
    discountPercent: formatDecimal(parseDecimal(row.discount, DISCOUNT_SCALE)!, 2),
    isDefault: false,
  };
}

function defaultRate(tenantId: string, settings: BillingSettings): TenantRate {
  return {
    tenantId,
    effectiveFrom: new Date(0),
    cpuMilliRate: formatDecimal(parseRate(settings.defaultCpuMilliRate, 'KUBEOP_RATE_CPU_MILLI'), RATE_SCALE),
    memMibRate: formatDecimal(parseRate(settings.defaultMemMibRate, 'KUBEOP_RATE_MEM_MIB'), RATE_SCALE),
    currency: settings.currency,
    tier: 'standard',
    discountPercent: '0',
    isDefault: true,
  };
}

async function rateRows(db: Kysely<Database>, tenantId: string): Promise<RateRow[]> {
  return db
    .selectFrom('tenant_rates')
    .select(['tenant_id', 'effective_from', 'cpu_milli_rate', 'mem_mib_rate', 'currency', 'tier', 'discount'])
    .where('tenant_id', '=', tenantId)
    .orderBy('effective_from', 'desc')
    .execute();
}

/**
 * Whether the id names a tenant that exists or that left billing history behind (usage, rates or
 * closed invoices survive the tenant's deletion).
 */
export async function isBillingTenant(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  if (!isUuid(tenantId)) return false;
  const r = await sql<{ known: boolean }>`
    select exists (select 1 from tenants where id = ${tenantId})
        or exists (select 1 from usage_samples where tenant_id = ${tenantId})
        or exists (select 1 from tenant_rates where tenant_id = ${tenantId})
        or exists (select 1 from invoices where tenant_id = ${tenantId}) as known`.execute(db);
  return r.rows[0]?.known === true;
}

/** A stored rate in exact text, as the schedule is built from it. */
export interface RateRowText {
  effectiveFrom: Date | string;
  cpu: string;
  mem: string;
  discount: string;
  currency: string;
}

/** A tenant's rate schedule from its rows (any order): oldest first, starting with the defaults (in force before the first row). */
export function rateScheduleOf(rows: readonly RateRowText[], settings: BillingSettings): RateStep[] {
  const steps = rows
    .map((r) => ({
      fromMs: new Date(r.effectiveFrom).getTime(),
      cpuMilli: parseDecimal(r.cpu, RATE_SCALE)!,
      memMib: parseDecimal(r.mem, RATE_SCALE)!,
      discount: parseDecimal(r.discount, DISCOUNT_SCALE)!,
      currency: r.currency,
    }))
    .sort((a, b) => a.fromMs - b.fromMs);
  return [defaultStep(settings), ...steps];
}

/** The rate in force now and the history of a tenant (also of a deleted one that left history). */
export async function getTenantRates(
  db: Kysely<Database>,
  tenantId: string,
  settings: BillingSettings,
  now: Date = new Date(),
): Promise<TenantRates> {
  if (!(await isBillingTenant(db, tenantId))) throw new NotFoundError('tenant', tenantId);
  const history = (await rateRows(db, tenantId)).map(toRate);
  const current = history.find((r) => r.effectiveFrom.getTime() <= now.getTime()) ?? defaultRate(tenantId, settings);
  return { current, history };
}

function validateRateInput(input: RateInput, settings: BillingSettings) {
  const issues: FieldIssue[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof InvalidError) issues.push(...e.issues);
      else throw e;
      return undefined;
    }
  };
  const cpu = attempt(() => parseRate(input.cpuMilliRate, 'cpuMilliRate'));
  const mem = attempt(() => parseRate(input.memMibRate, 'memMibRate'));
  const currency = input.currency ?? settings.currency;
  if (!isCurrency(currency)) issues.push({ path: 'currency', message: 'must be an ISO 4217 currency code, e.g. USD' });
  const tier = input.tier ?? 'standard';
  if (!TIER.test(tier)) issues.push({ path: 'tier', message: 'must be 1–40 lower-case letters, digits and "-"' });
  const discount = parseDecimal(input.discountPercent ?? '0', 2);
  if (discount === null || discount < 0n || discount > 10_000n)
    issues.push({ path: 'discountPercent', message: 'must be a percent from 0 to 100 with at most 2 fraction digits' });
  const effectiveFrom = input.effectiveFrom ?? new Date();
  if (Number.isNaN(effectiveFrom.getTime())) issues.push({ path: 'effectiveFrom', message: 'must be an RFC 3339 timestamp' });
  if (issues.length) throw new InvalidError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return { cpu: cpu!, mem: mem!, currency, tier, discount: discount!, effectiveFrom };
}

/**
 * Adds a row to the tenant's rate history (a row with the same `effectiveFrom` is replaced).
 * Every row of a tenant has one currency: invoices never mix currencies.
 */
export async function setTenantRate(
  db: Kysely<Database>,
  tenantId: string,
  input: RateInput,
  settings: BillingSettings,
  actor: Actor,
): Promise<TenantRate> {
  const v = validateRateInput(input, settings);
  if (!isUuid(tenantId)) throw new NotFoundError('tenant', tenantId);
  try {
    return await db.transaction().execute(async (trx) => {
      // The tenant row is locked against deletion while its rate is written.
      const tenant = await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forKeyShare().executeTakeFirst();
      if (!tenant) throw new NotFoundError('tenant', tenantId);
      const other = await trx
        .selectFrom('tenant_rates')
        .select('currency')
        .where('tenant_id', '=', tenantId)
        .where('currency', '!=', v.currency)
        .where('effective_from', '!=', v.effectiveFrom)
        .executeTakeFirst();
      if (other) {
        const message = `the tenant's rates are in ${other.currency}: every rate of a tenant has one currency`;
        throw new ConflictError(message, [{ path: 'currency', message }]);
      }
      const values = {
        tenant_id: tenantId,
        effective_from: v.effectiveFrom,
        cpu_milli_rate: formatDecimal(v.cpu, RATE_SCALE),
        mem_mib_rate: formatDecimal(v.mem, RATE_SCALE),
        currency: v.currency,
        tier: v.tier,
        discount: formatDecimal(v.discount, DISCOUNT_SCALE),
      };
      const row = await trx
        .insertInto('tenant_rates')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'effective_from']).doUpdateSet({
            cpu_milli_rate: values.cpu_milli_rate,
            mem_mib_rate: values.mem_mib_rate,
            currency: values.currency,
            tier: values.tier,
            discount: values.discount,
          }),
        )
        .returning(['tenant_id', 'effective_from', 'cpu_milli_rate', 'mem_mib_rate', 'currency', 'tier', 'discount'])
        .executeTakeFirstOrThrow();
      const rate = toRate(row);
      await trx
        .insertInto('audit_log')
        .values({
          actor: actor.name,
          action: 'update',
          resource_type: 'tenant_rates',
          resource_id: tenantId,
          request_id: actor.requestId ?? null,
          details: JSON.stringify({ ...rate, effectiveFrom: rate.effectiveFrom.toISOString() }),
        })
        .execute();
      return rate;
    });
  } catch (e) {
    return translateDbError(e);
  }
}
