import type * as pulumi from '@pulumi/pulumi';
import type { SetRateInput, TenantRate } from '@kubeop/sdk';
import { attempt, connectionOf, GONE, unlessGone, type ConnectionProps } from './client.js';
import { diffOf, requireStrings, sameDecimal, sameInstant } from './diff.js';

export interface TenantRateInputs extends ConnectionProps {
  tenantID: string;
  cpuMilliRate: string | number;
  memMibRate: string | number;
  currency?: string;
  tier?: string;
  discountPercent?: string | number;
  effectiveFrom?: string;
}

export interface TenantRateOutputs extends ConnectionProps {
  tenantID: string;
  cpuMilliRate: string;
  memMibRate: string;
  currency: string;
  tier: string;
  discountPercent: string;
  /** When the rate takes effect (the Manager's time of creation when the program left it unset). */
  effectiveFrom: string;
}

function outputsOf(r: TenantRate, props: ConnectionProps): TenantRateOutputs {
  return {
    ...connectionOf(props),
    tenantID: r.tenant_id,
    cpuMilliRate: r.cpu_milli_rate,
    memMibRate: r.mem_mib_rate,
    currency: r.currency,
    tier: r.tier,
    discountPercent: r.discount_percent,
    effectiveFrom: r.effective_from,
  };
}

function body(inputs: TenantRateInputs, effectiveFrom: string | undefined): SetRateInput {
  return {
    cpuMilliRate: inputs.cpuMilliRate,
    memMibRate: inputs.memMibRate,
    ...(inputs.currency !== undefined ? { currency: inputs.currency } : {}),
    ...(inputs.tier !== undefined ? { tier: inputs.tier } : {}),
    ...(inputs.discountPercent !== undefined ? { discountPercent: inputs.discountPercent } : {}),
    ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
  };
}

/**
 * `PUT /v1/tenants/{id}/rates`: one entry of a tenant's rate history, keyed by `effectiveFrom`.
 * Changed prices, currency, tier or discount store the entry again (the same `effectiveFrom`
 * replaces it: an update); another tenant or `effectiveFrom` is a new entry (replace). The API has
 * no way to remove a rate, so **delete leaves the history as it is**: it only forgets the resource.
 */
export const tenantRateProvider: pulumi.dynamic.ResourceProvider<TenantRateInputs, TenantRateOutputs> = {
  check: async (_olds, news) => {
    const failures = requireStrings(news, ['tenantID']);
    for (const key of ['cpuMilliRate', 'memMibRate'] as const) {
      const v = news[key];
      if ((typeof v !== 'string' || v.trim() === '') && typeof v !== 'number') {
        failures.push({ property: key, reason: `${key} is required (a decimal, as a string to keep it exact)` });
      }
    }
    return { inputs: news, failures };
  },

  diff: async (_id, olds, news) =>
    diffOf<TenantRateInputs>(olds, news, {
      tenantID: { replace: true },
      effectiveFrom: { replace: true, unset: 'server', same: sameInstant },
      cpuMilliRate: { same: sameDecimal },
      memMibRate: { same: sameDecimal },
      currency: { unset: 'server' },
      tier: { unset: 'server' },
      discountPercent: { unset: { default: 0 }, same: sameDecimal },
    }),

  create: async (inputs) => {
    const rate = await attempt(`setting the rate of tenant ${inputs.tenantID}`, inputs, (c) =>
      c.rates.set(inputs.tenantID, body(inputs, inputs.effectiveFrom)),
    );
    return { id: `${rate.tenant_id}@${rate.effective_from}`, outs: outputsOf(rate, inputs) };
  },

  read: async (id, props) => {
    const stored = props as TenantRateOutputs;
    const rates = await attempt(`reading the rates of tenant ${stored.tenantID}`, stored, (c) => unlessGone(c.rates.get(stored.tenantID)));
    const entry = rates?.history.find((r) => sameInstant(r.effective_from, stored.effectiveFrom));
    return entry ? { id, props: outputsOf(entry, stored) } : GONE;
  },

  update: async (_id, olds, news) => {
    // The same effectiveFrom: the Manager replaces that entry of the history.
    const rate = await attempt(`setting the rate of tenant ${news.tenantID}`, news, (c) =>
      c.rates.set(news.tenantID, body(news, news.effectiveFrom ?? olds.effectiveFrom)),
    );
    return { outs: outputsOf(rate, news) };
  },

  // Rates are history: the API keeps every entry (invoices of past periods are priced with them).
  delete: async () => {},
};
