import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, testConnection, type TestDatabase } from '@kubeop/core/testing';
import { platform } from '@kubeop/core';
import { testKubeconfigPath, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FreezableProxy } from './test-proxy.js';

const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const namespace = `kubeop-r-${randomBytes(3).toString('hex')}`;

function startManager(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [dist], { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, stdio: 'ignore' });
}

let testDb: TestDatabase;
let proxy: FreezableProxy;
beforeAll(async () => {
  testDb = await createTestDatabase(inject('databaseServerUrl'), { migrate: false });
  const server = new URL(testConnection().server);
  proxy = new FreezableProxy({ host: server.hostname, port: Number(server.port) });
  await proxy.start();
});
afterAll(async () => {
  proxy?.thaw();
  await proxy?.stop();
  await testDb?.drop();
  await platform.deleteObject(testConnection(), { apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => undefined);
});

describe(`a Manager killed in the middle of a bootstrap (${inject('databaseKind')} PostgreSQL)`, () => {
  it('is replaced by a new one that finishes the job', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = {
      DATABASE_URL: testDb.url,
      KUBEOP_HTTP_ADDR: `127.0.0.1:${port}`,
      KUBEOP_KMS_MASTER_KEY: Buffer.alloc(32, 5).toString('base64'),
      KUBEOP_SYSTEM_NAMESPACE: namespace,
      KUBEOP_BOOTSTRAP_TIMEOUT_SECONDS: '6',
    };
    const base = `http://127.0.0.1:${port}`;
    const kubeconfig = readFileSync(testKubeconfigPath(), 'utf8').replace(
      /server: https:\/\/127\.0\.0\.1:\d+/,
      `server: https://127.0.0.1:${proxy.port}`,
    );

    const first = startManager(env);
    try {
      await waitFor('the first Manager', async () => (await fetch(`${base}/readyz`)).ok);
      const reg = await fetch(`${base}/v1/clusters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'resume',
          kubeconfig: Buffer.from(kubeconfig).toString('base64'),
          autoBootstrap: true,
          installAdmission: true,
        }),
      });
      expect(reg.status).toBe(200);
      const { id } = (await reg.json()) as { id: string };
      proxy.freeze(); // the API server stops answering: the bootstrap hangs mid-way
      await waitFor('the bootstrap to be running', async () => {
        const c = (await (await fetch(`${base}/v1/clusters/${id}`)).json()) as { bootstrap: { state: string } };
        return c.bootstrap.state === 'running';
      });
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      proxy.thaw();

      const second = startManager(env);
      try {
        const done = await waitFor('the restarted Manager to finish the bootstrap', async () => {
          const c = (await (await fetch(`${base}/v1/clusters/${id}`)).json()) as { bootstrap: { state: string; error: string | null } };
          return c.bootstrap.state === 'succeeded' ? c : null;
        });
        expect(done.bootstrap.error).toBeNull();
        await waitFor('the cluster to be ready', async () => (await fetch(`${base}/v1/clusters/${id}/ready`)).status === 200);
      } finally {
        second.kill('SIGTERM');
        await new Promise((r) => second.once('exit', r));
      }
    } finally {
      if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
    }
  }, 90_000); // waits out a dead worker's job expiry: ~18 s alone, more when the whole suite shares 2 cores
});
