import { readFileSync } from 'node:fs';
import {
  admissionServingNames,
  applyObjects,
  buildAdmissionManifests,
  issueServingCertificate,
  readAdmissionTls,
  resolvePlatformOptions,
  type AdmissionTlsMaterial,
  type PlatformOptionsInput,
} from '@kubeop/kube';
import { removeInstallation, testConnection } from '@kubeop/kube/testing';
import { testKubeconfigPath, uniqueNamespace, waitFor } from '@kubeop/test-cluster';
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

  it('renew admission TLS near expiry on bootstrapped clusters, on a schedule, and leave the rest alone', async () => {
    const clusters = new ClusterService(t.handle.db, new Keyring([{ id: 'k', key: Buffer.alloc(32, 3) }], 'k'));
    const kubeconfig = Buffer.from(readFileSync(testKubeconfigPath(), 'utf8')).toString('base64');
    const { cluster } = await clusters.register({ name: 'renews', kubeconfig, options: {} }, { name: 'test' });
    const { cluster: never } = await clusters.register({ name: 'never-bootstrapped', kubeconfig, options: {} }, { name: 'test' });
    const namespace = uniqueNamespace('kubeop-renew');
    // failurePolicy Ignore: nothing serves this webhook, and the control plane is shared
    const platform: PlatformOptionsInput = {
      namespace,
      installAdmission: true,
      admissionFailurePolicy: 'Ignore',
      admissionWebhook: { mode: 'url', baseUrl: 'https://127.0.0.1:9' },
    };
    const jobs = new BootstrapJobs({ databaseUrl: t.url, clusters, platform });
    await jobs.start();
    const kc = testConnection();
    try {
      await jobs.enqueue({ clusterId: cluster.id });
      await waitFor('the bootstrap', async () => (await clusters.get(cluster.id)).bootstrap.state === 'succeeded', 60_000);
      expect((await jobs.renewAdmissionTls()).get(cluster.id)).toMatchObject({ action: 'fresh' });

      // a serving certificate with 10 days left, as if the last bootstrap was almost a year ago
      const current = (await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial & { caKey: string };
      const opts = resolvePlatformOptions(platform);
      const short = await issueServingCertificate({ cert: current.caCert, key: current.caKey }, admissionServingNames(opts), {
        validityDays: 10,
      });
      await applyObjects(kc, buildAdmissionManifests(opts, { ...current, ...short }));

      const outcome = await jobs.renewAdmissionTls();
      expect(outcome.get(cluster.id)).toMatchObject({ action: 'renewed', tls: { source: 'reissued' } });
      expect(outcome.has(never.id)).toBe(false);
      const renewed = (await readAdmissionTls(kc, { namespace })) as AdmissionTlsMaterial;
      expect(renewed.cert).not.toBe(short.cert);
      expect(renewed.caCert).toBe(current.caCert);

      const schedules = await (
        jobs as unknown as { boss: { getSchedules(): Promise<Array<{ name: string; cron: string }>> } }
      ).boss.getSchedules();
      expect(schedules).toContainEqual(expect.objectContaining({ name: 'admission-tls-renewal', cron: '17 * * * *' }));
    } finally {
      await jobs.stop();
      await removeInstallation(kc, namespace);
    }
  });
});
