import type { KubeopRawClient } from '../raw.js';
import { expectData } from '../responses.js';
import type { SetRateInput, TenantRate, TenantRates } from '../types.js';

/** `/v1/tenants/{id}/rates`: what a tenant's usage costs. */
export function ratesApi(raw: KubeopRawClient) {
  return {
    /** The rate in force (or the defaults, `default: true`) and the stored history, newest first. */
    get: (tenantID: string): Promise<TenantRates> => expectData(raw.GET('/v1/tenants/{id}/rates', { params: { path: { id: tenantID } } })),
    /**
     * Adds a rate to the tenant's history (admin); the same `effectiveFrom` replaces it. Rates are per
     * milli-CPU-hour and MiB-hour; pass decimals as strings to keep them exact.
     */
    set: (tenantID: string, rate: SetRateInput): Promise<TenantRate> =>
      expectData(raw.PUT('/v1/tenants/{id}/rates', { params: { path: { id: tenantID } }, body: rate })),
  };
}

export type RatesApi = ReturnType<typeof ratesApi>;
