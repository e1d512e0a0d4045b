import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aadFor, isEnvelope, keyIdOf, needsRewrap, open, rewrap, seal } from './envelope.js';
import { DecryptError } from './errors.js';
import { Keyring } from './keyring.js';
import { ring, testKey } from './test-keys.js';

const A = testKey('key-a');
const B = testKey('key-b');
const AAD = aadFor('cluster', '0190f1a2-0000-7000-8000-000000000001', 'kubeconfig');
const KUBECONFIG = Buffer.from('apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: s3cr3t-t0ken\n');

function decryptError(fn: () => unknown): DecryptError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecryptError);
    return e as DecryptError;
  }
  throw new Error('expected a DecryptError, nothing was thrown');
}

describe('seal / open', () => {
  it('round-trips', () => {
    const keyring = ring(A);
    const blob = seal(keyring, KUBECONFIG, AAD);
    expect(open(keyring, blob, AAD).equals(KUBECONFIG)).toBe(true);
    expect(keyIdOf(blob)).toBe('key-a');
    expect(isEnvelope(blob)).toBe(true);
    expect(isEnvelope(KUBECONFIG)).toBe(false);
  });

  it('round-trips the empty plaintext', () => {
    const keyring = ring(A);
    expect(open(keyring, seal(keyring, Buffer.alloc(0), AAD), AAD).length).toBe(0);
  });

  it('never contains the plaintext', () => {
    const blob = seal(ring(A), KUBECONFIG, AAD);
    expect(blob.includes(Buffer.from('s3cr3t-t0ken'))).toBe(false);
    expect(blob.includes(Buffer.from('apiVersion'))).toBe(false);
  });

  it('uses a fresh data key and nonces for every seal', () => {
    const keyring = ring(A);
    const one = seal(keyring, KUBECONFIG, AAD);
    const two = seal(keyring, KUBECONFIG, AAD);
    expect(one.equals(two)).toBe(false);
    const head = 6 + 'key-a'.length;
    // wrap nonce, wrapped DEK, data nonce and ciphertext all differ
    expect(one.subarray(head, head + 12).equals(two.subarray(head, head + 12))).toBe(false);
    expect(one.subarray(head + 12, head + 44).equals(two.subarray(head + 12, head + 44))).toBe(false);
    expect(one.subarray(head + 60).equals(two.subarray(head + 60))).toBe(false);
  });

  it('does not open for another record (different AAD)', () => {
    const keyring = ring(A);
    const blob = seal(keyring, KUBECONFIG, AAD);
    for (const other of [
      aadFor('cluster', '0190f1a2-0000-7000-8000-000000000002', 'kubeconfig'),
      aadFor('cluster', '0190f1a2-0000-7000-8000-000000000001', 'token'),
      aadFor('tenant', '0190f1a2-0000-7000-8000-000000000001', 'kubeconfig'),
      `${AAD} `,
    ]) {
      const e = decryptError(() => open(keyring, blob, other));
      expect(e.reason).toBe('authentication');
      expect(e.message).toBe('ciphertext does not belong to this record or was tampered with');
    }
  });

  it('fails when any single byte is changed', () => {
    const keyring = ring(A);
    const blob = seal(keyring, Buffer.from('short secret'), AAD);
    for (let i = 0; i < blob.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = Buffer.from(blob);
        bad[i] = (bad[i] ?? 0) ^ flip;
        decryptError(() => open(keyring, bad, AAD));
      }
    }
  });

  it('fails when truncated or extended', () => {
    const keyring = ring(A);
    const blob = seal(keyring, KUBECONFIG, AAD);
    for (let n = 0; n < blob.length; n++) decryptError(() => open(keyring, blob.subarray(0, n), AAD));
    decryptError(() => open(keyring, Buffer.concat([blob, Buffer.from([0])]), AAD));
  });

  it('fails on things that are not envelopes', () => {
    const keyring = ring(A);
    expect(decryptError(() => open(keyring, KUBECONFIG, AAD)).reason).toBe('malformed');
    expect(decryptError(() => keyIdOf(Buffer.alloc(0))).reason).toBe('malformed');
    const future = seal(keyring, KUBECONFIG, AAD);
    future[4] = 2;
    expect(decryptError(() => open(keyring, future, AAD)).reason).toBe('unsupported-version');
  });

  it('names an unknown key id and where to configure it', () => {
    const blob = seal(ring(A), KUBECONFIG, AAD);
    const e = decryptError(() => open(ring(B), blob, AAD));
    expect(e.reason).toBe('unknown-key');
    expect(e.keyId).toBe('key-a');
    expect(e.message).toMatch(/^unknown key id key-a: configure it in KUBEOP_KMS_KEYS/);
    expect(e.message).not.toContain(A.key.toString('base64'));
  });

  it('fails when the id is configured with another key', () => {
    const blob = seal(ring(A), KUBECONFIG, AAD);
    const impostor = ring({ id: 'key-a', key: randomBytes(32) });
    expect(decryptError(() => open(impostor, blob, AAD)).reason).toBe('authentication');
  });

  it('does not leak key material through logging the keyring', () => {
    const keyring = ring(A, B);
    const shown = `${JSON.stringify(keyring)} ${String(keyring)} ${JSON.stringify(Object.entries(keyring))}`;
    expect(shown).not.toContain(A.key.toString('base64'));
    expect(shown).not.toContain(A.key.toString('hex'));
  });

  it('rejects an empty AAD', () => {
    expect(() => seal(ring(A), KUBECONFIG, '')).toThrow(TypeError);
  });

  it('round-trips and detects tampering for random inputs (property)', () => {
    const keyring = ring(A, B);
    for (let run = 0; run < 300; run++) {
      const plaintext = randomBytes(randomInt(0, 2048));
      const aad = aadFor('kind', randomBytes(randomInt(1, 24)).toString('hex'), 'field');
      const blob = seal(keyring, plaintext, aad);
      expect(open(keyring, blob, aad).equals(plaintext)).toBe(true);
      const bad = Buffer.from(blob);
      const at = randomInt(0, bad.length);
      bad[at] = (bad[at] ?? 0) ^ randomInt(1, 256);
      decryptError(() => open(keyring, bad, aad));
      decryptError(() => open(keyring, blob, `${aad}x`));
    }
  });
});

describe('aadFor', () => {
  it('joins kind, id and field', () => {
    expect(aadFor('cluster', 'abc', 'kubeconfig')).toBe('cluster:abc:kubeconfig');
  });

  it.each([
    ['', 'id', 'f'],
    ['k', '', 'f'],
    ['k', 'a:b', 'f'],
    ['k:x', 'id', 'f'],
  ])('rejects %j %j %j', (kind, id, field) => {
    expect(() => aadFor(kind, id, field)).toThrow(TypeError);
  });
});

describe('rotation', () => {
  it('rewraps under the current key without re-encrypting the data', () => {
    const blob = seal(ring(A), KUBECONFIG, AAD);
    const both = new Keyring([A, B], 'key-b');
    expect(needsRewrap(both, blob)).toBe(true);
    const rewrapped = rewrap(both, blob, AAD);
    expect(keyIdOf(rewrapped)).toBe('key-b');
    expect(needsRewrap(both, rewrapped)).toBe(false);
    // the data part (nonce, ciphertext, tag) is unchanged
    const dataPart = (b: Buffer, idLength: number): Buffer => b.subarray(6 + idLength + 60);
    expect(dataPart(rewrapped, 5).equals(dataPart(blob, 5))).toBe(true);
    // only B is needed afterwards
    expect(open(ring(B), rewrapped, AAD).equals(KUBECONFIG)).toBe(true);
    expect(decryptError(() => open(ring(A), rewrapped, AAD)).reason).toBe('unknown-key');
  });

  it('leaves a blob already under the current key as it is', () => {
    const keyring = ring(A, B);
    const blob = seal(keyring, KUBECONFIG, AAD);
    expect(needsRewrap(keyring, blob)).toBe(false);
    expect(rewrap(keyring, blob, AAD).equals(blob)).toBe(true);
  });

  it('refuses to rewrap a tampered blob or one for another record', () => {
    const blob = seal(ring(A), KUBECONFIG, AAD);
    const both = ring(A, B);
    const bad = Buffer.from(blob);
    bad[bad.length - 20] = (bad[bad.length - 20] ?? 0) ^ 1; // in the ciphertext: the wrap still verifies
    expect(decryptError(() => rewrap(both, bad, AAD)).reason).toBe('authentication');
    expect(decryptError(() => rewrap(both, blob, aadFor('cluster', 'other', 'kubeconfig'))).reason).toBe('authentication');
  });
});
