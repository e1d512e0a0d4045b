import { KmsConfigError } from './errors.js';
import { KEY_BYTES, KEY_ID_PATTERN, Keyring, keyIdFor, type MasterKey } from './keyring.js';

export const MASTER_KEY_VARIABLE = 'KUBEOP_KMS_MASTER_KEY';
export const KEYS_VARIABLE = 'KUBEOP_KMS_KEYS';

export interface KmsEnv {
  KUBEOP_KMS_MASTER_KEY?: string | undefined;
  KUBEOP_KMS_KEYS?: string | undefined;
}

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes one base64 master key, or says what is wrong with it without repeating it.
 * Surrounding whitespace is ignored (a key pasted from a file often ends with a newline).
 */
export function decodeMasterKey(text: string): { key: Buffer } | { problem: string } {
  const s = text.trim();
  if (s === '') return { problem: 'the key is empty' };
  if (/^[0-9a-fA-F]{64}$/.test(s)) {
    return { problem: 'the key looks like 64 hex digits (openssl rand -hex 32); standard base64 of 32 bytes is expected' };
  }
  if (!STANDARD_BASE64.test(s)) {
    const hint = /[-_]/.test(s) ? ' (it looks like base64url; use standard base64 with + and /)' : '';
    return { problem: `the key is not standard base64${hint}` };
  }
  const key = Buffer.from(s, 'base64');
  if (key.length !== KEY_BYTES) return { problem: `the key decodes to ${key.length} bytes, expected ${KEY_BYTES}` };
  return { key };
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * `KUBEOP_KMS_KEYS`: comma-separated `id:base64key` entries, oldest first; the LAST entry is the
 * current key. Whitespace (including newlines) around entries is ignored and so are empty entries, e.g.
 *
 *     KUBEOP_KMS_KEYS=2025-01:3q2+7w...=,2025-07:Zm9v...=
 *
 * Ids match `[a-z0-9-]{1,32}` and are stored in every blob, so an id must never be reused for another key.
 */
function parseKeys(text: string): MasterKey[] {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0)
    throw new KmsConfigError(KEYS_VARIABLE, 'no keys are listed (expected id:base64key entries separated by commas)');
  const keys: MasterKey[] = [];
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1} of ${entries.length}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new KmsConfigError(KEYS_VARIABLE, `${where} is not of the form id:base64key`);
    const id = entry.slice(0, colon).trim();
    // An invalid id is not repeated: it may be key material pasted in the wrong place.
    if (!KEY_ID_PATTERN.test(id)) throw new KmsConfigError(KEYS_VARIABLE, `${where} has an invalid key id (ids match [a-z0-9-]{1,32})`);
    const decoded = decodeMasterKey(entry.slice(colon + 1));
    if ('problem' in decoded) throw new KmsConfigError(KEYS_VARIABLE, `key ${id} (${where}): ${decoded.problem}`);
    const sameId = keys.find((k) => k.id === id);
    if (sameId) throw new KmsConfigError(KEYS_VARIABLE, `key id ${id} appears more than once`);
    const sameKey = keys.find((k) => k.key.equals(decoded.key));
    if (sameKey) throw new KmsConfigError(KEYS_VARIABLE, `keys ${sameKey.id} and ${id} are the same key`);
    keys.push({ id, key: decoded.key });
  });
  return keys;
}

function checkDerivedIds(keys: MasterKey[], variable: string): void {
  for (const k of keys) {
    const derived = keyIdFor(k.key);
    const named = keys.find((other) => other.id === derived);
    if (named && !named.key.equals(k.key)) {
      throw new KmsConfigError(variable, `key id ${derived} is the derived id of another configured key; choose another id`);
    }
  }
}

/**
 * The keyring configured by the environment, or null when neither variable is set (empty counts as
 * unset). Throws `KmsConfigError` for a malformed key: refuse to start.
 *
 * - `KUBEOP_KMS_MASTER_KEY`: standard base64 of 32 bytes; its id is `keyIdFor(key)`.
 * - `KUBEOP_KMS_KEYS`: `id:base64key,...`, oldest first, the last one current.
 * - Both: the master key is added as the current key unless the same key is also listed in
 *   `KUBEOP_KMS_KEYS`, in which case `KUBEOP_KMS_KEYS` decides (its last entry is current).
 */
export function parseKeyring(env: KmsEnv): Keyring | null {
  const masterText = env.KUBEOP_KMS_MASTER_KEY;
  const keysText = env.KUBEOP_KMS_KEYS;
  let master: MasterKey | null = null;
  if (present(masterText)) {
    const decoded = decodeMasterKey(masterText);
    if ('problem' in decoded) throw new KmsConfigError(MASTER_KEY_VARIABLE, decoded.problem);
    master = { id: keyIdFor(decoded.key), key: decoded.key };
  }
  const listed = present(keysText) ? parseKeys(keysText) : [];
  if (!master && listed.length === 0) return null;

  const keys = [...listed];
  let currentId = listed.at(-1)?.id;
  if (master && !listed.some((k) => k.key.equals(master.key))) {
    const clash = listed.find((k) => k.id === master.id);
    if (clash) {
      throw new KmsConfigError(KEYS_VARIABLE, `key id ${clash.id} is the derived id of ${MASTER_KEY_VARIABLE} but names a different key`);
    }
    keys.push(master);
    currentId = master.id;
  }
  checkDerivedIds(keys, KEYS_VARIABLE);
  if (currentId === undefined) throw new Error('unreachable: a keyring with keys has a current key');
  return new Keyring(keys, currentId);
}
