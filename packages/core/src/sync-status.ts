/**
 * Where an entity stands with its cluster: `none` (its tenant is bound to no cluster), `pending`
 * (a write is not applied yet), `synced` (the last write is applied), `error` (the last attempt
 * failed; the worker retries with backoff).
 */
export type SyncState = 'none' | 'pending' | 'synced' | 'error';

export interface SyncStatus {
  state: SyncState;
  error: string | null;
  /** Writes so far (1 after creation). */
  generation: number;
  /** The last generation applied to the cluster (0: none yet). */
  syncedGeneration: number;
  syncedAt: Date | null;
}

export function syncStatusOf(
  row: { generation: string; synced_generation: string; sync_error: string | null; synced_at: Date | null },
  bound: boolean,
): SyncStatus {
  const generation = Number(row.generation);
  const syncedGeneration = Number(row.synced_generation);
  const state: SyncState = !bound ? 'none' : syncedGeneration >= generation ? 'synced' : row.sync_error !== null ? 'error' : 'pending';
  return { state, error: bound ? row.sync_error : null, generation, syncedGeneration, syncedAt: row.synced_at };
}
