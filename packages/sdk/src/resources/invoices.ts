import type { KubeopRawClient } from '../raw.js';
import { expectData } from '../responses.js';
import type { Invoice } from '../types.js';

/** Which invoice: a month (`2026-11`), a range (RFC 3339, at most 800 days), or by default the current UTC month. */
export type InvoicePeriod = { period?: string; from?: never; to?: never } | { period?: never; from: string; to: string };

/** `/v1/invoices`. */
export function invoicesApi(raw: KubeopRawClient) {
  return {
    /** A tenant's invoice (admins and the tenant itself). */
    get: async (tenantID: string, period: InvoicePeriod = {}): Promise<Invoice> =>
      // The operation also answers CSV; asked for JSON, the body is the Invoice.
      (await expectData(
        raw.GET('/v1/invoices/{tenantID}', { params: { path: { tenantID }, query: { ...period, format: 'json' } } }),
      )) as Invoice,
    /** The same invoice as CSV text (`line`, `project` rows and totals). */
    getCsv: (tenantID: string, period: InvoicePeriod = {}): Promise<string> =>
      expectData(
        raw.GET('/v1/invoices/{tenantID}', {
          params: { path: { tenantID }, query: { ...period, format: 'csv' } },
          headers: { Accept: 'text/csv' },
          parseAs: 'text',
        }),
      ),
    /**
     * Closes a month that is over (admin): stores its invoice as it is and answers it. Closing again
     * answers the stored one.
     */
    close: (tenantID: string, period: string): Promise<Invoice> =>
      expectData(raw.POST('/v1/invoices/{tenantID}/close', { params: { path: { tenantID } }, body: { period } })),
  };
}

export type InvoicesApi = ReturnType<typeof invoicesApi>;
