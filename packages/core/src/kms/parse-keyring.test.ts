import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { open, seal } from './envelope.js';
import { KmsConfigError } from './errors.js';
import { Keyring, keyIdFor } from './keyring.js';
import { parseKeyring } from './parse-keyring.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const k3 = randomBytes(32);
const b64 = (b: Buffer): string => b.toString('base64');

function configError(fn: () => unknown, ...secrets: string[]): KmsConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KmsConfigError);
    const err = e as KmsConfigError;
    expect(err.message).toContain('openssl rand -base64 32');
    for (const secret of secrets) {
      expect(err.message).not.toContain(secret);
      // nor a recognisable piece of it
      for (let i = 0; i + 8 <= secret.length; i += 4) expect(err.message).not.toContain(secret.slice(i, i + 8));
    }
    return err;
  }
  throw new Error('expected a KmsConfigError, nothing was thrown');
}

describe('parseKeyring', () => {
  it('returns null when nothing is configured', () => {
    expect(parseKeyring({})).toBeNull();
    expect(parseKeyring({ KUBEOP_KMS_MASTER_KEY: '', KUBEOP_KMS_KEYS: '  ' })).toBeNull();
  });

  it('accepts a master key, with a deterministic derived id', () => {
    const keyring = parseKeyring({ KUBEOP_KMS_MASTER_KEY: `${b64(k1)}\n` });
    expect(keyring?.current.key.equals(k1)).toBe(true);
    expect(keyring?.current.id).toMatch(/^[0-9a-f]{16}$/);
    expect(keyring?.current.id).toBe(parseKeyring({ KUBEOP_KMS_MASTER_KEY: b64(k1) })?.current.id);
    expect(keyring?.current.id).toBe(keyIdFor(k1));
    expect(keyring?.current.id).not.toBe(keyIdFor(k2));
  });

  it('accepts a key list; the last entry is current', () => {
    const keyring = parseKeyring({ KUBEOP_KMS_KEYS: ` 2025-01:${b64(k1)},\n 2025-07:${b64(k2)} ,` });
    expect(keyring?.ids()).toEqual(['2025-01', '2025-07']);
    expect(keyring?.current.id).toBe('2025-07');
    expect(keyring?.byId('2025-01')?.key.equals(k1)).toBe(true);
  });

  it('merges both: the master key is current unless it is also listed', () => {
    const merged = parseKeyring({ KUBEOP_KMS_MASTER_KEY: b64(k3), KUBEOP_KMS_KEYS: `old:${b64(k1)},older:${b64(k2)}` });
    expect(merged?.ids()).toEqual(['old', 'older', keyIdFor(k3)]);
    expect(merged?.current.id).toBe(keyIdFor(k3));

    const listed = parseKeyring({ KUBEOP_KMS_MASTER_KEY: b64(k1), KUBEOP_KMS_KEYS: `old:${b64(k1)},new:${b64(k2)}` });
    expect(listed?.ids()).toEqual(['old', 'new']);
    expect(listed?.current.id).toBe('new');
  });

  it('keeps opening blobs of a master key after it moves into the key list under another id', () => {
    const before = parseKeyring({ KUBEOP_KMS_MASTER_KEY: b64(k1) });
    if (!before) throw new Error('no keyring');
    const blob = seal(before, Buffer.from('secret'), 'cluster:x:kubeconfig');
    const after = parseKeyring({ KUBEOP_KMS_KEYS: `first:${b64(k1)},second:${b64(k2)}` });
    if (!after) throw new Error('no keyring');
    expect(open(after, blob, 'cluster:x:kubeconfig').toString()).toBe('secret');
  });

  it.each([
    ['short key', b64(randomBytes(16)), /decodes to 16 bytes, expected 32/],
    ['long key', b64(randomBytes(48)), /decodes to 48 bytes, expected 32/],
    ['not base64', `${b64(k1).slice(0, 40)}!!!=`, /not standard base64/],
    ['base64url', 'A-_' + b64(k1).slice(3), /base64url/],
    ['hex', randomBytes(32).toString('hex'), /hex/],
    ['inner whitespace', `${b64(k1).slice(0, 20)} ${b64(k1).slice(20)}`, /not standard base64/],
    ['missing padding', b64(k1).slice(0, 43), /not standard base64/],
  ])('rejects a master key: %s', (_what, value, pattern) => {
    const e = configError(() => parseKeyring({ KUBEOP_KMS_MASTER_KEY: value }), value);
    expect(e.variable).toBe('KUBEOP_KMS_MASTER_KEY');
    expect(e.message).toMatch(/^KUBEOP_KMS_MASTER_KEY: /);
    expect(e.message).toMatch(pattern);
  });

  it.each([
    ['no colon', `${b64(k1)}`, /entry 1 of 1 is not of the form id:base64key/],
    ['uppercase id', `Key1:${b64(k1)}`, /invalid key id/],
    ['empty id', `:${b64(k1)}`, /invalid key id/],
    ['long id', `${'a'.repeat(33)}:${b64(k1)}`, /invalid key id/],
    ['id with a dot', `a.b:${b64(k1)}`, /invalid key id/],
    ['short key', `a:${b64(k1)},b:${b64(randomBytes(31))}`, /key b \(entry 2 of 2\): the key decodes to 31 bytes/],
    ['not base64', `a:${b64(k1)},b:${b64(k2).replace(/.$/, '*')}`, /key b .*not standard base64/],
    ['duplicate id', `a:${b64(k1)},a:${b64(k2)}`, /key id a appears more than once/],
    ['duplicate key', `a:${b64(k1)},b:${b64(k1)}`, /keys a and b are the same key/],
    ['only commas', ' , ,', /no keys are listed/],
    ['a derived id naming another key', `${keyIdFor(k1)}:${b64(k2)},x:${b64(k1)}`, /derived id/],
  ])('rejects a key list: %s', (_what, value, pattern) => {
    const e = configError(() => parseKeyring({ KUBEOP_KMS_KEYS: value }), b64(k1), b64(k2));
    expect(e.variable).toBe('KUBEOP_KMS_KEYS');
    expect(e.message).toMatch(pattern);
  });

  it('rejects a listed id that is the master key derived id of another key', () => {
    configError(() => parseKeyring({ KUBEOP_KMS_MASTER_KEY: b64(k1), KUBEOP_KMS_KEYS: `${keyIdFor(k1)}:${b64(k2)}` }), b64(k1), b64(k2));
  });

  it('does not show key material when a keyring is logged', () => {
    const keyring = parseKeyring({ KUBEOP_KMS_KEYS: `a:${b64(k1)},b:${b64(k2)}` });
    const shown = `${inspect(keyring, { depth: 10, showHidden: true })} ${JSON.stringify(keyring)} ${JSON.stringify({ keyring })}`;
    expect(shown).toContain('a, b');
    for (const k of [k1, k2]) {
      expect(shown).not.toContain(b64(k));
      expect(shown).not.toContain(k.toString('hex').slice(0, 16));
    }
  });

  it('copies the keys it is given', () => {
    const key = Buffer.from(k1);
    const keyring = new Keyring([{ id: 'a', key }], 'a');
    key.fill(0);
    expect(keyring.current.key.equals(k1)).toBe(true);
  });

  it.each([
    [[], 'a'],
    [[{ id: 'a', key: k1 }], 'b'],
    [[{ id: 'A', key: k1 }], 'A'],
    [[{ id: 'a', key: randomBytes(16) }], 'a'],
    [
      [
        { id: 'a', key: k1 },
        { id: 'a', key: k2 },
      ],
      'a',
    ],
  ])('Keyring rejects invalid keys %#', (keys, current) => {
    expect(() => new Keyring(keys, current)).toThrow(TypeError);
  });
});
