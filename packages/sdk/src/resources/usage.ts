import type { KubeopRawClient } from '../raw.js';
import { expectData } from '../responses.js';
import type { QueryOf, UsageIngestResult, UsageMeterResult, UsageSample, UsageSnapshot } from '../types.js';

export interface IngestOptions {
  /**
   * Sent as `Idempotency-Key`: a request repeated with the same key (a retry) is answered as the
   * first was and stores nothing; the same key with a different batch is a 409.
   */
  idempotencyKey?: string;
}

export type UsageSnapshotQuery = QueryOf<'usage-snapshot'>;

/** `/v1/usage`: usage samples (admin), totals. */
export function usageApi(raw: KubeopRawClient) {
  return {
    /**
     * Stores a batch of hourly samples, all or nothing (a bad record: 400 naming `<index>.<field>`).
     * Samples with an `id` count once, however often they are sent.
     */
    ingest: (samples: UsageSample[], opts: IngestOptions = {}): Promise<UsageIngestResult> =>
      expectData(
        raw.POST('/v1/usage/ingest', {
          body: samples,
          params: { header: opts.idempotencyKey === undefined ? {} : { 'Idempotency-Key': opts.idempotencyKey } },
        }),
      ),
    /** Totals of the stored usage, optionally of one tenant and a time range (RFC 3339). */
    snapshot: (query: UsageSnapshotQuery = {}): Promise<UsageSnapshot> => expectData(raw.GET('/v1/usage/snapshot', { params: { query } })),
    /** Meters every registered cluster now, for the current slot (what the hourly job does). */
    meter: (): Promise<UsageMeterResult> => expectData(raw.POST('/v1/usage/meter', { body: {} })),
  };
}

export type UsageApi = ReturnType<typeof usageApi>;
