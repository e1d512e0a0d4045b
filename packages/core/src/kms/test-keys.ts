import { randomBytes } from 'node:crypto';
import { Keyring, type MasterKey } from './keyring.js';

/** Test helper: a master key with the given id. */
export function testKey(id: string): MasterKey {
  return { id, key: randomBytes(32) };
}

/** Test helper: a keyring of these keys, the last one current. */
export function ring(...keys: MasterKey[]): Keyring {
  const last = keys.at(-1);
  if (!last) throw new Error('ring() needs a key');
  return new Keyring(keys, last.id);
}
