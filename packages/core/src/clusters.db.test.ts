import { readFileSync } from 'node:fs';
import { testKubeconfigPath } from '@kubeop/test-cluster';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from './audit.js';
import { ClusterService } from './clusters.js';
import { ConflictError, InvalidError, NotFoundError, UnavailableError } from '@kubeop/kube';
import { Keyring } from './kms/index.js';
import { createTenant } from './tenants.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

const actor: Actor = { name: 'test' };
const keyA = { id: 'key-a', key: Buffer.alloc(32, 0xa) };
const keyB = { id: 'key-b', key: Buffer.alloc(32, 0xb) };
let t: TestDatabase;
let kubeconfigText: string;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const closedPortKubeconfig = (text: string) => text.replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');

beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
  kubeconfigText = readFileSync(testKubeconfigPath(), 'utf8');
});
afterAll(async () => {
  await t?.drop();
});

describe(`cluster registry on ${inject('databaseKind')} PostgreSQL`, () => {
  it('stores the kubeconfig sealed: no plaintext in the database, and it opens again', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const { cluster } = await clusters.register({ name: 'sealed', kubeconfig: b64(kubeconfigText), options: {} }, actor);
    expect(cluster).toMatchObject({ name: 'sealed', reachable: true, serverVersion: expect.stringMatching(/^v1\./) });
    expect(JSON.stringify(cluster)).not.toContain('client-key-data');

    const row = await sql<{ row: string }>`select c::text as row from clusters c where id = ${cluster.id}`.execute(t.handle.db);
    const raw = row.rows[0]!.row;
    const keyLine = /client-key-data: (\S+)/.exec(kubeconfigText)![1]!;
    for (const secret of [keyLine, keyLine.slice(0, 40), 'BEGIN', 'client-key-data']) expect(raw).not.toContain(secret);
    const hex = Buffer.from(kubeconfigText).toString('hex').slice(0, 64);
    expect(raw).not.toContain(hex);

    const kc = await clusters.connection(cluster.id);
    expect(kc.server).toBe(cluster.apiServer);
  });

  it('binds each ciphertext to its row: a swapped kubeconfig does not decrypt', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const one = (await clusters.register({ name: 'swap-one', kubeconfig: b64(kubeconfigText), options: {} }, actor)).cluster;
    const two = (await clusters.register({ name: 'swap-two', kubeconfig: b64(kubeconfigText), options: {} }, actor)).cluster;
    await sql`update clusters set kubeconfig_enc = (select kubeconfig_enc from clusters where id = ${one.id}) where id = ${two.id}`.execute(
      t.handle.db,
    );
    await expect(clusters.connection(two.id)).rejects.toBeInstanceOf(UnavailableError);
    await expect(clusters.connection(one.id)).resolves.toBeDefined();
    // Key rotation refuses the tampered row too (and says which), after rewrapping the others.
    await expect(new ClusterService(t.handle.db, new Keyring([keyA, keyB], 'key-b')).rotateKeys()).rejects.toThrow(two.id);
    await t.handle.db.deleteFrom('clusters').where('id', '=', two.id).execute();
  });

  it('rotates keys: every kubeconfig is rewrapped under the newest key and opens without the old one', async () => {
    const before = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const { cluster } = await before.register({ name: 'rotate', kubeconfig: b64(kubeconfigText), options: {} }, actor);
    const result = await new ClusterService(t.handle.db, new Keyring([keyA, keyB], 'key-b')).rotateKeys();
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    expect(result.conflicts).toBe(0);
    const onlyB = new ClusterService(t.handle.db, new Keyring([keyB], 'key-b'));
    await expect(onlyB.connection(cluster.id)).resolves.toBeDefined();
    const row = await t.handle.db.selectFrom('clusters').select('kms_key_id').where('id', '=', cluster.id).executeTakeFirstOrThrow();
    expect(row.kms_key_id).toBe('key-b');
  });

  it('answers 409 for a second registration of a name unless asked to replace, keeping the id', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const first = (await clusters.register({ name: 'again', kubeconfig: b64(kubeconfigText), options: {} }, actor)).cluster;
    await expect(clusters.register({ name: 'again', kubeconfig: b64(kubeconfigText), options: {} }, actor)).rejects.toBeInstanceOf(
      ConflictError,
    );
    const loaded = await clusters.connection(first.id);
    expect(await clusters.connection(first.id)).toBe(loaded); // reused while the kubeconfig is the same
    const replaced = await clusters.register(
      { name: 'again', kubeconfig: b64(closedPortKubeconfig(kubeconfigText)), options: {}, replace: true },
      actor,
    );
    expect(replaced).toMatchObject({ replaced: true, cluster: { id: first.id, reachable: false } });
    const reloaded = await clusters.connection(first.id);
    expect(reloaded).not.toBe(loaded);
    expect(reloaded.server).toBe('https://127.0.0.1:1');
  });

  it('rejects what is not a kubeconfig with the reason, storing nothing', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const bad: [string, RegExp][] = [
      ['not base64!', /base64/],
      [b64('\u0000\u0001garbage'), /text|kubeconfig/],
      [b64('just: [a, yaml, list]'), /kubeconfig|current-context/],
      [b64(kubeconfigText.replace(/current-context: .*/, 'current-context: ""')), /current-context/],
      [b64(kubeconfigText.replace(/current-context: .*/, 'current-context: elsewhere')), /current-context/],
    ];
    for (const [kubeconfig, reason] of bad) {
      const err = await clusters.register({ name: 'bad', kubeconfig, options: {} }, actor).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidError);
      const issue = (err as InvalidError).issues[0]!;
      expect(issue.path).toMatch(/^kubeconfig/);
      expect(`${issue.path}: ${issue.message}`).toMatch(reason);
      expect((err as Error).message).not.toContain('client-key-data');
    }
    expect(await t.handle.db.selectFrom('clusters').select('id').where('name', '=', 'bad').execute()).toEqual([]);
  });

  it('stores an unreachable cluster with a status saying so, quickly', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const started = Date.now();
    const { cluster } = await clusters.register(
      { name: 'closed-port', kubeconfig: b64(closedPortKubeconfig(kubeconfigText)), options: {} },
      actor,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(cluster).toMatchObject({ reachable: false, serverVersion: null, lastError: expect.any(String) });
  });

  it('refuses to delete a cluster while tenants are bound to it', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([keyA], 'key-a'));
    const { cluster } = await clusters.register({ name: 'in-use', kubeconfig: b64(kubeconfigText), options: {} }, actor);
    const tenant = await createTenant(t.handle.db, { name: 'bound-tenant', clusterId: cluster.id }, actor);
    await expect(clusters.delete(cluster.id, actor)).rejects.toBeInstanceOf(ConflictError);
    await t.handle.db.deleteFrom('tenants').where('id', '=', tenant.id).execute();
    await clusters.delete(cluster.id, actor);
    await expect(clusters.get(cluster.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
