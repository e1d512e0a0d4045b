import { describe, expect, it } from 'vitest';
import { aadFor, keyIdOf, open, seal } from './envelope.js';
import { Keyring } from './keyring.js';
import { RotationError, rotateAll, type RotationStore, type SealedRecord } from './rotate.js';
import { ring, testKey } from './test-keys.js';

const A = testKey('a');
const B = testKey('b');

/** An in-memory store with compare-and-swap; `beforeUpdate` can simulate a concurrent writer. */
class MemoryStore implements RotationStore {
  readonly rows = new Map<string, SealedRecord>();
  updates = 0;
  beforeUpdate: ((id: string) => void) | null = null;

  put(id: string, aad: string, blob: Buffer): void {
    this.rows.set(id, { id, aad, blob });
  }

  async *list(): AsyncIterable<SealedRecord> {
    for (const id of [...this.rows.keys()].sort()) {
      const row = this.rows.get(id);
      if (row) yield { ...row, blob: Buffer.from(row.blob) };
    }
  }

  async update(id: string, blob: Buffer, expected: Buffer): Promise<boolean> {
    this.updates++;
    this.beforeUpdate?.(id);
    const row = this.rows.get(id);
    if (!row || !row.blob.equals(expected)) return false;
    row.blob = Buffer.from(blob);
    return true;
  }
}

function fill(store: MemoryStore, keyring: Keyring, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `c${i}`;
    const aad = aadFor('cluster', id, 'kubeconfig');
    store.put(id, aad, seal(keyring, Buffer.from(`kubeconfig ${i}`), aad));
  }
}

describe('rotateAll', () => {
  it('rewraps every blob under the current key; afterwards only that key is needed', async () => {
    const store = new MemoryStore();
    fill(store, ring(A), 5);
    const extra = aadFor('cluster', 'c9', 'kubeconfig');
    store.put('c9', extra, seal(ring(A, B), Buffer.from('kubeconfig 9'), extra)); // already under B

    const result = await rotateAll(ring(A, B), store);
    expect(result).toEqual({ rewrapped: 5, skipped: 1, conflicts: 0 });
    for (const row of store.rows.values()) {
      expect(keyIdOf(row.blob)).toBe('b');
      expect(open(ring(B), row.blob, row.aad).toString()).toMatch(/^kubeconfig \d$/);
    }
    // idempotent
    expect(await rotateAll(ring(A, B), store)).toEqual({ rewrapped: 0, skipped: 6, conflicts: 0 });
  });

  it('does not overwrite a value written concurrently (compare-and-swap)', async () => {
    const store = new MemoryStore();
    fill(store, ring(A), 3);
    const both = new Keyring([A, B], 'b');
    const aad = aadFor('cluster', 'c1', 'kubeconfig');
    let raced = false;
    store.beforeUpdate = (id) => {
      if (id === 'c1' && !raced) {
        raced = true; // a re-registration lands between list() and update()
        store.put('c1', aad, seal(both, Buffer.from('new kubeconfig'), aad));
      }
    };
    const result = await rotateAll(both, store);
    expect(result).toEqual({ rewrapped: 2, skipped: 1, conflicts: 0 });
    const c1 = store.rows.get('c1');
    if (!c1) throw new Error('c1 is gone');
    expect(open(ring(B), c1.blob, aad).toString()).toBe('new kubeconfig');
  });

  it('retries a row a stale writer rewrote under the old key', async () => {
    const store = new MemoryStore();
    fill(store, ring(A), 2);
    const aad = aadFor('cluster', 'c0', 'kubeconfig');
    let raced = false;
    store.beforeUpdate = (id) => {
      if (id === 'c0' && !raced) {
        raced = true; // a Manager that still has only key A writes
        store.put('c0', aad, seal(ring(A), Buffer.from('stale writer'), aad));
      }
    };
    const result = await rotateAll(ring(A, B), store);
    expect(result).toEqual({ rewrapped: 2, skipped: 0, conflicts: 0 });
    const c0 = store.rows.get('c0');
    if (!c0) throw new Error('c0 is gone');
    expect(open(ring(B), c0.blob, aad).toString()).toBe('stale writer');
  });

  it('reports rows that keep changing, and forgets rows deleted meanwhile', async () => {
    const store = new MemoryStore();
    fill(store, ring(A), 3);
    const aad = aadFor('cluster', 'c2', 'kubeconfig');
    store.beforeUpdate = (id) => {
      if (id === 'c2') store.put('c2', aad, seal(ring(A), Buffer.from('busy'), aad));
      if (id === 'c0') store.rows.delete('c0');
    };
    const result = await rotateAll(ring(A, B), store);
    expect(result).toEqual({ rewrapped: 1, skipped: 0, conflicts: 1 });
  });

  it('rotates everything it can, then reports blobs it cannot open', async () => {
    const store = new MemoryStore();
    fill(store, ring(A), 3);
    const c1 = store.rows.get('c1');
    if (!c1) throw new Error('c1 is gone');
    c1.aad = aadFor('cluster', 'elsewhere', 'kubeconfig'); // a row-swapped blob
    const foreign = testKey('z');
    store.put('c3', aadFor('cluster', 'c3', 'kubeconfig'), seal(ring(foreign), Buffer.from('x'), aadFor('cluster', 'c3', 'kubeconfig')));

    const error = await rotateAll(ring(A, B), store).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RotationError);
    const e = error as RotationError;
    expect(e.result).toEqual({ rewrapped: 2, skipped: 0, conflicts: 0 });
    expect(e.failures.map((f) => f.id)).toEqual(['c1', 'c3']);
    expect(e.message).toContain('unknown key id z');
    expect(keyIdOf(store.rows.get('c1')?.blob ?? Buffer.alloc(0))).toBe('a'); // left alone
  });
});
