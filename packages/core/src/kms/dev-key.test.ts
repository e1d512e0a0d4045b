import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevKeyring } from './dev-key.js';
import { open, seal } from './envelope.js';
import { KmsConfigError } from './errors.js';
import { parseKeyring } from './parse-keyring.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeop-kms-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrCreateDevKeyring', () => {
  it('creates the key once (mode 0600) and reuses it on later starts', async () => {
    const first = await loadOrCreateDevKeyring(dir);
    const file = join(dir, 'kms-dev.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const blob = seal(first, Buffer.from('kubeconfig'), 'cluster:1:kubeconfig');

    const second = await loadOrCreateDevKeyring(dir);
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.key.equals(first.current.key)).toBe(true);
    expect(open(second, blob, 'cluster:1:kubeconfig').toString()).toBe('kubeconfig');
  });

  it('creates a missing data directory', async () => {
    const keyring = await loadOrCreateDevKeyring(join(dir, 'a', 'b'));
    expect((await stat(join(dir, 'a', 'b', 'kms-dev.key'))).isFile()).toBe(true);
    expect(keyring.ids()).toHaveLength(1);
  });

  it('gives racing starts the same key', async () => {
    const keyrings = await Promise.all(Array.from({ length: 16 }, () => loadOrCreateDevKeyring(dir)));
    const ids = new Set(keyrings.map((k) => k.current.id));
    expect(ids.size).toBe(1);
    // no temporary files left behind
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['kms-dev.key']);
  });

  it('stores the key so it can become KUBEOP_KMS_MASTER_KEY later', async () => {
    const dev = await loadOrCreateDevKeyring(dir);
    const blob = seal(dev, Buffer.from('x'), 'cluster:1:kubeconfig');
    const text = await readFile(join(dir, 'kms-dev.key'), 'utf8');
    const prod = parseKeyring({ KUBEOP_KMS_MASTER_KEY: text });
    expect(prod?.current.id).toBe(dev.current.id);
    if (!prod) throw new Error('no keyring');
    expect(open(prod, blob, 'cluster:1:kubeconfig').toString()).toBe('x');
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    const file = join(dir, 'kms-dev.key');
    await writeFile(file, 'not a key\n', { mode: 0o600 });
    await expect(loadOrCreateDevKeyring(dir)).rejects.toBeInstanceOf(KmsConfigError);
    expect(await readFile(file, 'utf8')).toBe('not a key\n');
  });
});
