import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterService, Keyring, KmsConfigError, openDatabase, ProjectKubeconfigs } from '@kubeop/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startManager } from './manager.js';
import { buildServer } from './server.js';
import { createTokenIssuer } from './token-issuer.js';

describe('Manager resilience', () => {
  it('answers 503 (never 500) and reports not ready while the database is unreachable', async () => {
    const database = await openDatabase({ url: 'postgres://kubeop@127.0.0.1:1/kubeop', dataDir: '/nonexistent', connectTimeoutMs: 500 });
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const registry = new ClusterService(database.db, new Keyring([{ id: 'k1', key: Buffer.alloc(32, 1) }], 'k1'));
    const clusters = {
      registry,
      bootstrap: { enqueue: async () => {} },
      platform: {},
      statusTimeoutMs: 500,
      kubeconfigs: new ProjectKubeconfigs(database.db, registry, { ttlSeconds: 3600 }),
      appStatus: { get: () => null },
    };
    const { app } = await buildServer({
      config: { ...config, dbTimeoutMs: 500 },
      database,
      logger: createLogger('silent'),
      clusters,
      auth: {
        verify: async () => ({ principal: null, error: null }),
        tokens: createTokenIssuer({ keys: { current: null }, issuer: 'kubeop', audience: 'kubeop-manager', maxTtlSeconds: 3600 }),
        jwks: { keys: [] },
      },
    });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ error: 'unavailable' });
      const create = await app.inject({ method: 'POST', url: '/v1/tenants', payload: { name: 'acme' } });
      expect(create.statusCode).toBe(503);
      expect(create.json()).toMatchObject({ error: 'unavailable', message: 'database unavailable' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('starts on the embedded database with no DATABASE_URL, and keeps data across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubeop-embedded-'));
    const config = loadConfig({ KUBEOP_HTTP_ADDR: '127.0.0.1:0', KUBEOP_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(config.databaseUrl).toBeUndefined();
    try {
      const first = await startManager(config, createLogger('silent'));
      expect(first.database.kind).toBe('embedded');
      const created = (await (
        await fetch(`${first.url}/v1/tenants`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'persisted' }),
        })
      ).json()) as { id: string };
      await first.close();

      const second = await startManager(config, createLogger('silent'));
      try {
        const again = await (await fetch(`${second.url}/v1/tenants/${created.id}`)).json();
        expect(again).toEqual(created);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a malformed or missing KMS key, saying how to make one', async () => {
    const logger = createLogger('silent');
    const base = { KUBEOP_HTTP_ADDR: '127.0.0.1:0', DATABASE_URL: 'postgres://kubeop@127.0.0.1:1/never' };
    const malformed = await startManager(loadConfig({ ...base, KUBEOP_KMS_MASTER_KEY: 'c2hvcnQta2V5' }), logger).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(KmsConfigError);
    expect((malformed as Error).message).toMatch(/KUBEOP_KMS_MASTER_KEY.*openssl rand -base64 32/s);
    expect((malformed as Error).message).not.toContain('c2hvcnQta2V5');
    const missing = await startManager(loadConfig(base), logger).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KmsConfigError);
    expect((missing as Error).message).toMatch(/KUBEOP_DEV_INSECURE/);
  });

  it('refuses bad configuration with a message naming the variable', () => {
    expect(() => loadConfig({ KUBEOP_HTTP_ADDR: 'nope' })).toThrow(/KUBEOP_HTTP_ADDR/);
    // With a database server (not dev mode) auth needs a configured key.
    expect(() => loadConfig({ KUBEOP_REQUIRE_AUTH: 'true', DATABASE_URL: 'postgres://a@b/c' })).toThrow(
      /KUBEOP_JWT_PRIVATE_KEY.*KUBEOP_JWT_SIGNING_KEY/s,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(loadConfig({ KUBEOP_DB_URL: 'postgres://a@b/c' }).databaseUrl).toBe('postgres://a@b/c');
    expect(loadConfig({}).port).toBe(18080);
  });
});
