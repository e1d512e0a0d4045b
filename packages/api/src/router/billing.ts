import { closeInvoice, getInvoice, getTenantRates, ingestUsage, setTenantRate, UnavailableError, usageSnapshot } from '@kubeop/core';
import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { pathId, uuid } from '../wire.js';
import {
  ingestResultJson,
  invoiceCsv,
  invoiceJson,
  invoiceToJson,
  meterResultJson,
  meterResultToJson,
  rateJson,
  ratesJson,
  rateToJson,
  snapshotJson,
  snapshotToJson,
  USAGE_RECORD_SCHEMA,
} from './billing-wire.js';

const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 timestamp, e.g. 2026-11-01T00:00:00Z' })
  .transform((s) => new Date(s));
const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM (e.g. 2026-11)')
  .describe('A UTC month, YYYY-MM');
/** Money in: decimal text (exact) or a JSON number (taken as its shortest decimal spelling). */
const amount = z.union([z.string().max(40), z.number()]).transform((v) => String(v));

export const usageRouter = router({
  ingest: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/usage/ingest',
        tags: ['usage'],
        summary: 'Store a batch of usage samples: all of it or, when any record is bad, nothing',
        description:
          'The body is a JSON array of samples. A bad record fails the whole batch with 400 naming `<index>.<field>`; ' +
          'more than KUBEOP_USAGE_MAX_BATCH records → 413. Samples of one tenant and hour add up (also from different ' +
          'sources); a sample with an `id` seen before for the tenant is not counted again. The same `Idempotency-Key` ' +
          'with the same body answers the first answer and stores nothing; with another body → 409.',
      },
      body: 'records',
      headers: { idempotencyKey: 'idempotency-key' },
    })
    .input(
      z.object({
        records: z.array(z.unknown().meta({ override: USAGE_RECORD_SCHEMA })).describe('The samples'),
        idempotencyKey: z.string().optional().describe('Idempotency-Key: retries of one batch with the same key are stored once'),
      }),
    )
    .output(ingestResultJson)
    .mutation(async ({ ctx, input }) =>
      ingestUsage(ctx.db, input.records, {
        maxBatch: ctx.billing.maxBatch,
        idempotencyKey: input.idempotencyKey,
        keyTtlSeconds: ctx.billing.idempotencyKeyTtlSeconds,
      }),
    ),

  meter: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/usage/meter',
        tags: ['usage'],
        summary: "Meter every cluster's bound tenants now, for the current slot (what the hourly job does)",
        description:
          'Records per cluster, tenant and project the CPU and memory of the pods in the tenant namespaces: metrics-server ' +
          'usage where the cluster serves the metrics API, effective requests (sidecars, init containers, overhead) ' +
          'otherwise. Samples carry deterministic ids: a second run in the same slot stores nothing new (`duplicates`). ' +
          'A cluster that fails is reported (`action: failed`) and the others are metered. 503 when this Manager runs no metering.',
      },
    })
    .input(z.object({}).optional())
    .output(meterResultJson)
    .mutation(async ({ ctx }) => {
      const metering = ctx.clusters.metering;
      if (!metering) throw new UnavailableError('usage metering is not running on this Manager');
      return meterResultToJson(await metering.meterNow());
    }),

  snapshot: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/usage/snapshot',
        tags: ['usage'],
        summary: 'Usage totals: all tenants and all time, or one tenant and a range',
      },
    })
    .input(
      z.object({
        tenantID: uuid.optional().describe('Only this tenant (a tenant token must name its own)'),
        from: timestamp.optional().describe('Inclusive'),
        to: timestamp.optional().describe('Exclusive'),
      }),
    )
    .output(snapshotJson)
    .query(async ({ ctx, input }) =>
      snapshotToJson(await usageSnapshot(ctx.db, { tenantId: input.tenantID, from: input.from, to: input.to })),
    ),
});

export const invoicesRouter = router({
  get: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/invoices/{tenantID}',
        tags: ['invoices'],
        summary: 'The invoice of a tenant: the current UTC month, a month (?period=) or a range (?from=&to=)',
        description:
          'Each hour is priced at the rate in force at its start; costs, subtotal and discount are exact and the total is ' +
          'rounded once, half to even, to the minor unit of the currency. A closed month answers its stored invoice. ' +
          'A deleted tenant keeps its invoices. `?format=csv` or `Accept: text/csv` answers CSV.',
      },
      csv: invoiceCsv,
    })
    .input(
      z.object({
        tenantID: pathId,
        period: period.optional(),
        from: timestamp.optional().describe('Start of a range (inclusive), with to'),
        to: timestamp.optional().describe('End of a range (exclusive), with from'),
        format: z.enum(['json', 'csv']).optional().describe('csv: the invoice as text/csv'),
      }),
    )
    .output(invoiceJson)
    .query(async ({ ctx, input }) =>
      invoiceToJson(await getInvoice(ctx.db, input.tenantID, { period: input.period, from: input.from, to: input.to }, ctx.billing)),
    ),

  close: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/invoices/{tenantID}/close',
        tags: ['invoices'],
        summary: 'Close a month that is over: its invoice is stored and never changes; later usage of it is billed as an adjustment',
      },
      query: ['period'],
    })
    .input(z.object({ tenantID: pathId, period }))
    .output(invoiceJson)
    .mutation(async ({ ctx, input }) => invoiceToJson(await closeInvoice(ctx.db, input.tenantID, input.period, ctx.billing, ctx.actor))),
});

export const ratesRouter = router({
  get: procedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/tenants/{id}/rates',
        tags: ['rates'],
        summary: 'The rate in force and the rate history of a tenant',
      },
    })
    .input(z.object({ id: pathId }))
    .output(ratesJson)
    .query(async ({ ctx, input }) => {
      const rates = await getTenantRates(ctx.db, input.id, ctx.billing);
      return { current: rateToJson(rates.current), history: rates.history.map(rateToJson) };
    }),

  set: procedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/tenants/{id}/rates',
        tags: ['rates'],
        summary: "Add a rate to the tenant's history, in force from effectiveFrom (default now; the same instant replaces)",
      },
    })
    .input(
      z.object({
        id: pathId,
        cpuMilliRate: amount.describe('Price of one milli-CPU-hour, e.g. "0.000001" (at most 12 fraction digits)'),
        memMibRate: amount.describe('Price of one MiB-hour, e.g. "0.0000002"'),
        currency: z.string().max(3).optional().describe('ISO 4217; every rate of a tenant has the same (default KUBEOP_BILLING_CURRENCY)'),
        tier: z.string().max(40).optional(),
        discountPercent: amount.optional().describe('0–100, at most 2 fraction digits'),
        effectiveFrom: timestamp.optional(),
      }),
    )
    .output(rateJson)
    .mutation(async ({ ctx, input }) => {
      const { id, ...rate } = input;
      return rateToJson(await setTenantRate(ctx.db, id, rate, ctx.billing, ctx.actor));
    }),
});
