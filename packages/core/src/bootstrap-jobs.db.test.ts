import { readFileSync } from 'node:fs';
import { testKubeconfigPath, waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BootstrapJobs } from './bootstrap-jobs.js';
import { ClusterService } from './clusters.js';
import { Keyring } from './kms/index.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
});
afterAll(async () => {
  await t?.drop();
});

describe(`bootstrap jobs on ${inject('databaseKind')} PostgreSQL`, () => {
  it('resume after the Manager running them dies: the job runs again and completes', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([{ id: 'k', key: Buffer.alloc(32, 3) }], 'k'));
    const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
    const { cluster } = await clusters.register({ name: 'resume', kubeconfig, options: {} }, { name: 'test' });

    // The first "Manager" starts the job and dies in the middle of it (its run never finishes).
    let firstStarted = false;
    const first = new BootstrapJobs({
      databaseUrl: t.url,
      clusters,
      platform: {},
      jobTimeoutSeconds: 5,
      maintenanceIntervalSeconds: 2,
      run: () => {
        firstStarted = true;
        return new Promise(() => {});
      },
    });
    await first.start();
    await first.enqueue({ clusterId: cluster.id });
    await waitFor('the first worker to pick the job up', async () => firstStarted, 20_000);
    expect((await clusters.get(cluster.id)).bootstrap.state).toBe('running');
    await first.stop().catch(() => undefined); // a dead process does not finish its job

    // The restarted Manager finds the expired job and completes it.
    const runs: string[] = [];
    const second = new BootstrapJobs({
      databaseUrl: t.url,
      clusters,
      platform: {},
      jobTimeoutSeconds: 5,
      maintenanceIntervalSeconds: 2,
      run: async (kc) => {
        runs.push(kc.server);
      },
    });
    await second.start();
    try {
      const done = await waitFor(
        'the job to complete after restart',
        async () => {
          const c = await clusters.get(cluster.id);
          return c.bootstrap.state === 'succeeded' ? c : null;
        },
        60_000,
      );
      expect(done.bootstrap.finishedAt).toBeInstanceOf(Date);
      expect(runs).toEqual([cluster.apiServer]);
    } finally {
      await second.stop();
    }
  });

  it('records a failed bootstrap with its error on the cluster', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([{ id: 'k', key: Buffer.alloc(32, 3) }], 'k'));
    const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
    const { cluster } = await clusters.register({ name: 'fails', kubeconfig, options: {} }, { name: 'test' });
    const jobs = new BootstrapJobs({
      databaseUrl: t.url,
      clusters,
      platform: {},
      run: async () => {
        throw new Error('the API server rejected the operator Deployment');
      },
    });
    await jobs.start();
    try {
      await jobs.enqueue({ clusterId: cluster.id });
      const failed = await waitFor(
        'the failure to be recorded',
        async () => {
          const c = await clusters.get(cluster.id);
          return c.bootstrap.state === 'failed' ? c : null;
        },
        20_000,
      );
      expect(failed.bootstrap.error).toBe('the API server rejected the operator Deployment');
    } finally {
      await jobs.stop();
    }
  });
});
