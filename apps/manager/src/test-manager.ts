import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@kubeop/core/testing';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type ManagerConfig } from './config.js';
import { createLogger } from './logger.js';
import { startManager, type RunningManager } from './manager.js';

export interface TestManager extends RunningManager {
  testDb: TestDatabase;
  stop(): Promise<void>;
}

/**
 * A Manager on a fresh database of the test project's server (the machine's PostgreSQL or the
 * embedded one), or on `database` (a restart: a Manager stopped with close() left it).
 */
export async function startTestManager(
  env: Record<string, string> = {},
  overrides: Partial<ManagerConfig> = {},
  logger?: Logger,
  database?: TestDatabase,
): Promise<TestManager> {
  const testDb = database ?? (await createTestDatabase(inject('databaseServerUrl')));
  const config = {
    ...loadConfig({
      KUBEOP_HTTP_ADDR: '127.0.0.1:0',
      LOG_LEVEL: 'silent',
      KUBEOP_KMS_MASTER_KEY: randomBytes(32).toString('base64'),
      ...env,
    }),
    databaseUrl: testDb.url,
    ...overrides,
  };
  const manager = await startManager(config, logger ?? createLogger(config.logLevel));
  return {
    ...manager,
    testDb,
    async stop() {
      await manager.close();
      await testDb.drop();
    },
  };
}

/**
 * One request to a Manager's API, JSON in and out. The abort is a guard against a hang (a test
 * expecting an answer), not a timing expectation.
 */
export async function callApi(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
