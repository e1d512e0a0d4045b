import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptError } from './errors.js';
import { KEY_BYTES, KEY_ID_PATTERN, type Keyring, type MasterKey } from './keyring.js';

/**
 * Envelope encryption: every `seal` draws a fresh 256-bit data key (DEK), encrypts the plaintext with it
 * (AES-256-GCM), and wraps the DEK with the current master key (AES-256-GCM). Rotation rewraps the DEK
 * only; the data ciphertext never changes.
 *
 * Blob format, version 1 (all lengths in bytes):
 *
 *     offset   length  field
 *     0        4       magic "KOPE"
 *     4        1       format version = 0x01
 *     5        1       n = key id length (1..32)
 *     6        n       key id, ASCII [a-z0-9-]
 *     6+n      12      wrap nonce
 *     18+n     32      wrapped DEK
 *     50+n     16      wrap tag
 *     66+n     12      data nonce
 *     78+n     m       ciphertext (m = plaintext length)
 *     78+n+m   16      data tag
 *
 * Authenticated data:
 * - wrap: bytes [0, 6+n) (magic, version, key id) ‖ 0x01 ‖ UTF-8(aad), so the key id and the version
 *   cannot be changed and the DEK only unwraps for its own record;
 * - data: magic ‖ version ‖ 0x02 ‖ UTF-8(aad) (no key id, so rewrapping leaves the data untouched).
 *
 * `aad` names the record and field the blob belongs to (see `aadFor`): a blob copied to another row
 * fails to open.
 */

const MAGIC = Buffer.from('KOPE', 'latin1');
export const ENVELOPE_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
const WRAP_LABEL = 0x01;
const DATA_LABEL = 0x02;

interface Envelope {
  keyId: string;
  /** magic ‖ version ‖ id length ‖ id */
  header: Buffer;
  wrapNonce: Buffer;
  wrappedDek: Buffer;
  wrapTag: Buffer;
  dataNonce: Buffer;
  ciphertext: Buffer;
  dataTag: Buffer;
}

const TAMPERED = 'ciphertext does not belong to this record or was tampered with';

function malformed(detail: string): DecryptError {
  return new DecryptError('malformed', `not a kubeOP envelope: ${detail}`);
}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'latin1');
  return Buffer.concat([MAGIC, Buffer.from([ENVELOPE_VERSION, id.length]), id]);
}

function wrapAad(head: Buffer, aad: string): Buffer {
  return Buffer.concat([head, Buffer.from([WRAP_LABEL]), Buffer.from(aad, 'utf8')]);
}

function dataAad(aad: string): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([ENVELOPE_VERSION, DATA_LABEL]), Buffer.from(aad, 'utf8')]);
}

function checkAad(aad: string): void {
  if (typeof aad !== 'string' || aad === '') throw new TypeError('aad must name the record the blob belongs to (see aadFor)');
}

function encrypt(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/** Throws DecryptError('authentication') when the tag does not verify. */
function decrypt(key: Buffer, nonce: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new DecryptError('authentication', TAMPERED);
  }
}

function parse(blob: Buffer): Envelope {
  if (!Buffer.isBuffer(blob)) throw malformed('expected a Buffer');
  if (blob.length < MAGIC.length + 2 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) throw malformed('bad magic');
  const version = blob[MAGIC.length];
  if (version !== ENVELOPE_VERSION) {
    throw new DecryptError(
      'unsupported-version',
      `envelope format version ${String(version)} is not supported by this kubeOP (it reads version ${ENVELOPE_VERSION})`,
    );
  }
  const idLength = blob[MAGIC.length + 1] ?? 0;
  let at = MAGIC.length + 2;
  const minimum = at + idLength + NONCE_BYTES + KEY_BYTES + TAG_BYTES + NONCE_BYTES + TAG_BYTES;
  if (idLength < 1 || idLength > 32) throw malformed('bad key id length');
  if (blob.length < minimum) throw malformed('truncated');
  const keyId = blob.toString('latin1', at, at + idLength);
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('bad key id');
  at += idLength;
  const take = (n: number): Buffer => {
    const part = blob.subarray(at, at + n);
    at += n;
    return part;
  };
  const head = blob.subarray(0, at);
  const wrapNonce = take(NONCE_BYTES);
  const wrappedDek = take(KEY_BYTES);
  const wrapTag = take(TAG_BYTES);
  const dataNonce = take(NONCE_BYTES);
  const ciphertext = take(blob.length - at - TAG_BYTES);
  const dataTag = take(TAG_BYTES);
  return { keyId, header: head, wrapNonce, wrappedDek, wrapTag, dataNonce, ciphertext, dataTag };
}

function keyFor(keyring: Keyring, keyId: string): MasterKey {
  const master = keyring.byId(keyId);
  if (!master) {
    throw new DecryptError(
      'unknown-key',
      `unknown key id ${keyId}: configure it in KUBEOP_KMS_KEYS (configured: ${keyring.ids().join(', ')})`,
      keyId,
    );
  }
  return master;
}

function unwrapDek(keyring: Keyring, env: Envelope, aad: string): Buffer {
  const master = keyFor(keyring, env.keyId);
  try {
    return decrypt(master.key, env.wrapNonce, env.wrappedDek, env.wrapTag, wrapAad(env.header, aad));
  } catch (e) {
    if (e instanceof DecryptError) throw new DecryptError(e.reason, e.message, env.keyId);
    throw e;
  }
}

function openData(dek: Buffer, env: Envelope, aad: string): Buffer {
  try {
    return decrypt(dek, env.dataNonce, env.ciphertext, env.dataTag, dataAad(aad));
  } catch (e) {
    if (e instanceof DecryptError) throw new DecryptError(e.reason, e.message, env.keyId);
    throw e;
  }
}

function wrap(master: MasterKey, dek: Buffer, aad: string): Buffer {
  const head = header(master.id);
  const nonce = randomBytes(NONCE_BYTES);
  const { ciphertext, tag } = encrypt(master.key, nonce, dek, wrapAad(head, aad));
  return Buffer.concat([head, nonce, ciphertext, tag]);
}

/** Encrypts `plaintext` for the record named by `aad`, under the keyring's current key. */
export function seal(keyring: Keyring, plaintext: Buffer, aad: string): Buffer {
  checkAad(aad);
  const dek = randomBytes(KEY_BYTES);
  try {
    const nonce = randomBytes(NONCE_BYTES);
    const { ciphertext, tag } = encrypt(dek, nonce, plaintext, dataAad(aad));
    return Buffer.concat([wrap(keyring.current, dek, aad), nonce, ciphertext, tag]);
  } finally {
    dek.fill(0);
  }
}

/** Decrypts a blob sealed for the record named by `aad`. Throws DecryptError. */
export function open(keyring: Keyring, blob: Buffer, aad: string): Buffer {
  checkAad(aad);
  const env = parse(blob);
  const dek = unwrapDek(keyring, env, aad);
  try {
    return openData(dek, env, aad);
  } finally {
    dek.fill(0);
  }
}

/**
 * The same blob with its DEK wrapped under the keyring's current key; the data ciphertext is reused
 * as is. The whole blob is authenticated first, so a tampered blob is never given a fresh wrap.
 * A blob already under the current key is returned unchanged (a copy).
 */
export function rewrap(keyring: Keyring, blob: Buffer, aad: string): Buffer {
  checkAad(aad);
  const env = parse(blob);
  const dek = unwrapDek(keyring, env, aad);
  try {
    openData(dek, env, aad).fill(0);
    if (env.keyId === keyring.current.id) return Buffer.from(blob);
    return Buffer.concat([wrap(keyring.current, dek, aad), env.dataNonce, env.ciphertext, env.dataTag]);
  } finally {
    dek.fill(0);
  }
}

/** The id of the master key the blob's DEK is wrapped under. Throws DecryptError if it is no envelope. */
export function keyIdOf(blob: Buffer): string {
  return parse(blob).keyId;
}

/** Whether the blob is wrapped under another key than the current one. Throws DecryptError if it is no envelope. */
export function needsRewrap(keyring: Keyring, blob: Buffer): boolean {
  return keyIdOf(blob) !== keyring.current.id;
}

/** Whether the bytes start like an envelope (magic and version); says nothing about their integrity. */
export function isEnvelope(blob: Buffer): boolean {
  return blob.length > MAGIC.length && blob.subarray(0, MAGIC.length).equals(MAGIC) && blob[MAGIC.length] === ENVELOPE_VERSION;
}

/**
 * The authenticated data binding a blob to one field of one record, e.g.
 * `aadFor('cluster', id, 'kubeconfig')` → `cluster:<id>:kubeconfig`. Parts must be non-empty and
 * contain no `:`, so two different records can never share an AAD.
 */
export function aadFor(kind: string, id: string, field: string): string {
  for (const [name, part] of [
    ['kind', kind],
    ['id', id],
    ['field', field],
  ] as const) {
    if (part === '' || part.includes(':')) throw new TypeError(`aadFor: ${name} must be non-empty and contain no ':'`);
  }
  return `${kind}:${id}:${field}`;
}
