import type { ClusterMetering, Invoice, InvoiceLine, TenantRate, UsageTotals } from '@kubeop/core';
import { z } from 'zod';
import type { oas31 } from 'zod-openapi';

/**
 * The wire format of usage, rates and invoices. Money is decimal text (exact); quantities are
 * integers. Invoices keep the upstream's keys (`tenant_id`, `start`, `end`, `lines`, `subtotal`).
 */
const timestamp = z.iso.datetime({ offset: true });
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
/**
 * The same, documented alike but checked as strings only: for the fields of invoice lines, which a
 * year-long invoice carries 8,760 times and which our own code spells (the pattern checks would
 * cost ~10 ms per such invoice, for an answer we built ourselves).
 */
const lineTimestamp = z.string().meta({ format: 'date-time' });
const lineDecimal = z.string().meta({ pattern: '^-?\\d+(\\.\\d+)?$' });
const lineUuid = z.string().meta({ format: 'uuid' });

/** What one usage record is (documentation; the service validates every record and names `<index>.<field>`). */
export const USAGE_RECORD_SCHEMA: oas31.SchemaObject = {
  type: 'object',
  required: ['ts', 'tenant_id', 'cpu_milli', 'mem_mib'],
  properties: {
    ts: { type: 'string', format: 'date-time', description: 'RFC 3339; truncated to the start of its UTC hour; at most 1 hour ahead' },
    tenant_id: { type: 'string', format: 'uuid', description: 'An existing tenant' },
    cpu_milli: { type: 'integer', minimum: 0, maximum: 10_000_000_000_000, description: 'milli-CPU-hours (1000 = one core for an hour)' },
    mem_mib: { type: 'integer', minimum: 0, maximum: 1_099_511_627_776, description: 'MiB-hours' },
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: "The sender's sample id: a sample with an id already stored for the tenant is not counted again",
    },
    cluster_id: { type: ['string', 'null'], format: 'uuid' },
    project_id: { type: ['string', 'null'], format: 'uuid' },
    source: { type: 'string', maxLength: 100, description: 'Who measured it (samples of one hour from several sources add up)' },
  },
};

export const ingestResultJson = z
  .object({
    status: z.literal('ok'),
    accepted: z.number().int().describe('Samples stored by this request'),
    duplicates: z.number().int().describe('Samples whose id was stored before (not counted again)'),
  })
  .meta({ id: 'UsageIngestResult' });

export const meterResultJson = z
  .object({
    clusters: z.array(
      z.union([
        z.object({
          cluster_id: z.uuid(),
          action: z.literal('metered'),
          tenants: z.number().int().describe('Tenants with usage on the cluster'),
          samples: z.number().int().describe('Samples of this run: one per tenant and project with usage'),
          accepted: z.number().int().describe('Samples stored by this run'),
          duplicates: z.number().int().describe('Samples of this slot stored before (not counted again)'),
        }),
        z.object({ cluster_id: z.uuid(), action: z.literal('failed'), error: z.string().describe('Why (retried by the next run)') }),
      ]),
    ),
  })
  .meta({ id: 'UsageMeterResult' });

export const meterResultToJson = (outcome: ReadonlyMap<string, ClusterMetering>): z.infer<typeof meterResultJson> => ({
  clusters: [...outcome].map(([cluster_id, o]) =>
    o.action === 'metered'
      ? { cluster_id, action: o.action, tenants: o.tenants, samples: o.samples, accepted: o.accepted, duplicates: o.duplicates }
      : { cluster_id, action: o.action, error: o.error },
  ),
});

export const snapshotJson = z
  .object({ totals: z.object({ cpu_milli: z.number().int(), mem_mib: z.number().int() }) })
  .meta({ id: 'UsageSnapshot' });

export const snapshotToJson = (t: UsageTotals): z.infer<typeof snapshotJson> => ({
  totals: { cpu_milli: t.cpuMilli, mem_mib: t.memMib },
});

export const rateJson = z
  .object({
    tenant_id: z.uuid(),
    effective_from: timestamp,
    cpu_milli_rate: decimal.describe('Price of one milli-CPU-hour'),
    mem_mib_rate: decimal.describe('Price of one MiB-hour'),
    currency: z.string(),
    tier: z.string(),
    discount_percent: decimal,
    default: z.boolean().describe("The Manager's defaults (KUBEOP_RATE_CPU_MILLI, KUBEOP_RATE_MEM_MIB): no rate of the tenant in force"),
  })
  .meta({ id: 'TenantRate' });

export const ratesJson = z
  .object({ current: rateJson, history: z.array(rateJson).describe('Every stored rate, newest effective_from first') })
  .meta({ id: 'TenantRates' });

export const rateToJson = (r: TenantRate): z.infer<typeof rateJson> => ({
  tenant_id: r.tenantId,
  effective_from: r.effectiveFrom.toISOString(),
  cpu_milli_rate: r.cpuMilliRate,
  mem_mib_rate: r.memMibRate,
  currency: r.currency,
  tier: r.tier,
  discount_percent: r.discountPercent,
  default: r.isDefault,
});

const lineJson = z
  .object({
    ts: lineTimestamp,
    tenant_id: lineUuid,
    cpu_milli: z.number().int(),
    mem_mib: z.number().int(),
    cost: lineDecimal.describe('Exact cost of the hour at the rate in force then'),
  })
  .meta({ id: 'InvoiceLine' });

const resourceTotal = z.object({ quantity: z.number().int(), unit: z.string(), cost: decimal });

const projectTotal = z
  .object({
    project_id: z.uuid().nullable().describe('null: usage recorded without a project'),
    cpu_milli: z.number().int(),
    mem_mib: z.number().int(),
    cost: decimal.describe("Exact cost of the project's usage (lines and adjustments) at the rates in force"),
    discount: decimal.describe('Exact discount on that cost'),
  })
  .meta({ id: 'InvoiceProject' });

export const invoiceJson = z
  .object({
    tenant_id: z.uuid(),
    start: timestamp.describe('Inclusive'),
    end: timestamp.describe('Exclusive'),
    period: z.string().nullable().describe('YYYY-MM of a monthly invoice; null for a from/to range'),
    status: z.enum(['open', 'closed']),
    closed_at: timestamp.nullable(),
    currency: z.string(),
    lines: z.array(lineJson).describe('One line per hour with usage, ascending'),
    adjustments: z.array(lineJson).describe('Usage of hours of closed earlier months that arrived after they were closed'),
    totals: z.object({ cpu: resourceTotal, memory: resourceTotal }),
    projects: z
      .array(projectTotal)
      .nullable()
      .describe('Usage and cost per project (they add up to the totals); null on an invoice closed before the breakdown existed'),
    subtotal: z.number().describe('Σ line costs as a JSON number (the upstream key); subtotal_exact is the exact value'),
    subtotal_exact: decimal,
    discount: decimal.describe('Σ line cost × the discount in force for the line, exact'),
    total: decimal.describe('subtotal − discount, rounded once, half to even, to the minor unit of the currency'),
    rounding: z.string(),
  })
  .meta({ id: 'Invoice' });

const lineToJson = (l: InvoiceLine): z.infer<typeof lineJson> => ({
  ts: l.ts,
  tenant_id: l.tenantId,
  cpu_milli: l.cpuMilli,
  mem_mib: l.memMib,
  cost: l.cost,
});

export const invoiceToJson = (inv: Invoice): z.infer<typeof invoiceJson> => ({
  tenant_id: inv.tenantId,
  start: inv.start,
  end: inv.end,
  period: inv.period,
  status: inv.status,
  closed_at: inv.closedAt,
  currency: inv.currency,
  lines: inv.lines.map(lineToJson),
  adjustments: inv.adjustments.map(lineToJson),
  totals: {
    cpu: { quantity: inv.totals.cpu.quantity, unit: 'milli-CPU-hour', cost: inv.totals.cpu.cost },
    memory: { quantity: inv.totals.memory.quantity, unit: 'MiB-hour', cost: inv.totals.memory.cost },
  },
  projects:
    inv.projects?.map((p) => ({ project_id: p.projectId, cpu_milli: p.cpuMilli, mem_mib: p.memMib, cost: p.cost, discount: p.discount })) ??
    null,
  subtotal: Number(inv.subtotal),
  subtotal_exact: inv.subtotal,
  discount: inv.discount,
  total: inv.total,
  rounding: inv.rounding,
});

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * An invoice as CSV: one row per line and adjustment, one per project (its share; the last column
 * names it, empty for usage without a project), then subtotal, discount and total rows.
 */
export function invoiceCsv(output: unknown): string {
  const inv = output as z.infer<typeof invoiceJson>;
  const rows: (string | number)[][] = [['kind', 'ts', 'tenant_id', 'cpu_milli', 'mem_mib', 'cost', 'currency', 'project_id']];
  for (const [kind, lines] of [
    ['usage', inv.lines],
    ['adjustment', inv.adjustments],
  ] as const) {
    for (const l of lines) rows.push([kind, l.ts, l.tenant_id, l.cpu_milli, l.mem_mib, l.cost, inv.currency, '']);
  }
  for (const p of inv.projects ?? [])
    rows.push(['project', '', inv.tenant_id, p.cpu_milli, p.mem_mib, p.cost, inv.currency, p.project_id ?? '']);
  rows.push(['subtotal', '', inv.tenant_id, inv.totals.cpu.quantity, inv.totals.memory.quantity, inv.subtotal_exact, inv.currency, '']);
  rows.push(['discount', '', inv.tenant_id, '', '', inv.discount, inv.currency, '']);
  rows.push(['total', '', inv.tenant_id, '', '', inv.total, inv.currency, '']);
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
