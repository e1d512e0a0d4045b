import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/** Master keys (and data keys) are AES-256 keys. */
export const KEY_BYTES = 32;

/** What a key id may look like; ids are stored in every blob, so they are short and plain. */
export const KEY_ID_PATTERN = /^[a-z0-9-]{1,32}$/;

export interface MasterKey {
  /** Stored in every blob sealed under this key; `[a-z0-9-]{1,32}`. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/**
 * The id a key gets when it is configured without one (`KUBEOP_KMS_MASTER_KEY`, the dev key file):
 * the first 8 bytes of SHA-256 of the key, as 16 hex digits. The same key always has the same id.
 */
export function keyIdFor(key: Buffer): string {
  return createHash('sha256').update(key).digest().subarray(0, 8).toString('hex');
}

/**
 * The configured master keys: `current` seals, every key opens. A key is found by its configured id and
 * also by its derived id (`keyIdFor`), so a key first used as `KUBEOP_KMS_MASTER_KEY` (or from the dev
 * key file) keeps opening its blobs after it is moved into `KUBEOP_KMS_KEYS` under any name.
 *
 * Key material is kept in private fields and left out of `JSON.stringify` and `console.log`.
 */
export class Keyring {
  readonly #keys: MasterKey[];
  readonly #byId = new Map<string, MasterKey>();
  readonly #byDerivedId = new Map<string, MasterKey>();
  readonly #current: MasterKey;

  constructor(keys: MasterKey[], currentId: string) {
    if (keys.length === 0) throw new TypeError('a keyring needs at least one key');
    this.#keys = keys.map((k) => {
      if (!KEY_ID_PATTERN.test(k.id)) throw new TypeError(`key id ${JSON.stringify(k.id)} does not match ${KEY_ID_PATTERN.source}`);
      if (k.key.length !== KEY_BYTES) throw new TypeError(`key ${k.id} is ${k.key.length} bytes, expected ${KEY_BYTES}`);
      if (this.#byId.has(k.id)) throw new TypeError(`key id ${k.id} appears twice`);
      const copy: MasterKey = { id: k.id, key: Buffer.from(k.key) };
      this.#byId.set(k.id, copy);
      return copy;
    });
    for (const k of this.#keys) {
      const derived = keyIdFor(k.key);
      const named = this.#byId.get(derived);
      if (named && !named.key.equals(k.key)) {
        throw new TypeError(`key id ${derived} names one key but is the derived id of another`);
      }
      if (!this.#byDerivedId.has(derived)) this.#byDerivedId.set(derived, k);
    }
    const current = this.#byId.get(currentId);
    if (!current) throw new TypeError(`current key id ${JSON.stringify(currentId)} is not in the keyring`);
    this.#current = current;
  }

  /** The key new blobs are sealed under. */
  get current(): MasterKey {
    return this.#current;
  }

  byId(id: string): MasterKey | undefined {
    return this.#byId.get(id) ?? this.#byDerivedId.get(id);
  }

  /** Configured ids, in configuration order (the current key is usually last). */
  ids(): string[] {
    return this.#keys.map((k) => k.id);
  }

  toJSON(): { ids: string[]; current: string } {
    return { ids: this.ids(), current: this.#current.id };
  }

  [inspect.custom](): string {
    return `Keyring { ids: [${this.ids().join(', ')}], current: ${this.#current.id} }`;
  }
}
