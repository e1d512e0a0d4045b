import { DecryptError } from './errors.js';
import { needsRewrap, rewrap } from './envelope.js';
import type { Keyring } from './keyring.js';

export interface SealedRecord {
  /** The store's id for the row (and field), passed back to `update`. */
  id: string;
  /** The authenticated data the blob was sealed with (see `aadFor`). */
  aad: string;
  blob: Buffer;
}

/** Where sealed blobs live; the Manager implements it over PostgreSQL. */
export interface RotationStore {
  /**
   * Every sealed blob. Called once per pass; must tolerate `update` calls while it is being iterated
   * (e.g. keyset pagination by id rather than one open cursor over a snapshot that is then written).
   */
  list(): AsyncIterable<SealedRecord>;
  /**
   * Compare-and-swap: stores `blob` only if the stored value is still byte-for-byte `expected`, and
   * says whether it did. A row that changed or disappeared since it was listed returns false.
   */
  update(id: string, blob: Buffer, expected: Buffer): Promise<boolean>;
}

export interface RotationResult {
  /** Blobs rewrapped under the current key. */
  rewrapped: number;
  /** Blobs already under the current key (including ones a concurrent writer replaced). */
  skipped: number;
  /** Blobs that kept changing under us for every pass; run the rotation again. Usually 0. */
  conflicts: number;
}

export interface RotationFailure {
  id: string;
  message: string;
}

/** Some blobs could not be opened; everything else was rotated (see `result`). */
export class RotationError extends Error {
  readonly result: RotationResult;
  readonly failures: RotationFailure[];

  constructor(result: RotationResult, failures: RotationFailure[]) {
    const shown = failures.slice(0, 5).map((f) => `${f.id}: ${f.message}`);
    const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
    super(`${failures.length} sealed value(s) could not be rewrapped (${shown.join('; ')}${more})`);
    this.name = new.target.name;
    this.result = result;
    this.failures = failures;
  }
}

/** How many times a blob that lost a compare-and-swap is looked at again. */
const MAX_PASSES = 3;

/**
 * Rewraps every blob not under the keyring's current key, without downtime: the data is never
 * re-encrypted, and each write is a compare-and-swap, so a value written concurrently (e.g. a cluster
 * re-registered meanwhile) is never overwritten with an older one. Rows that lost the swap are listed
 * again and retried (a concurrent writer normally sealed them under the current key already).
 *
 * A blob that cannot be opened (tampered, unknown key) does not stop the rotation: the rest is rotated,
 * then a `RotationError` lists the failures. Before removing an old key, run this and check that
 * it returned (did not throw) with `conflicts: 0`.
 */
export async function rotateAll(keyring: Keyring, store: RotationStore): Promise<RotationResult> {
  const result: RotationResult = { rewrapped: 0, skipped: 0, conflicts: 0 };
  const failures: RotationFailure[] = [];
  let pending: Set<string> | null = null; // null: every record
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const conflicted = new Set<string>();
    for await (const record of store.list()) {
      if (pending !== null && !pending.has(record.id)) continue;
      try {
        if (!needsRewrap(keyring, record.blob)) {
          result.skipped++;
          continue;
        }
        const fresh = rewrap(keyring, record.blob, record.aad);
        if (await store.update(record.id, fresh, record.blob)) result.rewrapped++;
        else conflicted.add(record.id);
      } catch (e) {
        if (!(e instanceof DecryptError)) throw e;
        failures.push({ id: record.id, message: e.message });
      }
    }
    pending = conflicted;
    if (conflicted.size === 0) break;
  }
  result.conflicts = pending?.size ?? 0;
  if (failures.length > 0) throw new RotationError(result, failures);
  return result;
}
