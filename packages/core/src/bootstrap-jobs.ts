import PgBoss from 'pg-boss';
import type { ClusterService } from './clusters.js';
import { bootstrapPlatform, type BootstrapReport } from './platform/bootstrap.js';
import type { PlatformOptionsInput } from './platform/options.js';

export const BOOTSTRAP_QUEUE = 'cluster-bootstrap';

/** What a bootstrap job carries. Options not given fall back to the Manager's platform options. */
export interface BootstrapJobData {
  clusterId: string;
  installAdmission?: boolean;
  mocks?: boolean;
  installMetricsServer?: boolean;
}

export interface BootstrapJobsOptions {
  /** PostgreSQL URL the queue lives in (its own `pgboss` schema). */
  databaseUrl: string;
  clusters: ClusterService;
  /** Images, webhook mode and namespace for every bootstrap (from `KUBEOP_*`). */
  platform: PlatformOptionsInput;
  /** A job still running after this long is considered dead (Manager killed) and run again. */
  jobTimeoutSeconds?: number;
  /** How often expired jobs are looked for. */
  maintenanceIntervalSeconds?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Replaces the real bootstrap (tests). */
  run?: (kc: Parameters<typeof bootstrapPlatform>[0], options: PlatformOptionsInput) => Promise<BootstrapReport | void>;
}

/**
 * Bootstrap as a durable background job (pg-boss): enqueued on registration or by
 * `POST /v1/platform/bootstrap`, retried with backoff, and resumed after a Manager restart (a job
 * whose worker died expires and runs again). Progress is written to the cluster row.
 */
export class BootstrapJobs {
  private readonly boss: PgBoss;
  private started = false;

  constructor(private readonly opts: BootstrapJobsOptions) {
    this.boss = new PgBoss({
      connectionString: opts.databaseUrl,
      max: 3,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
    });
    this.boss.on('error', (e: Error) => opts.log?.('job queue error', { err: e.message }));
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(BOOTSTRAP_QUEUE, {
      name: BOOTSTRAP_QUEUE,
      // At most one waiting and one running bootstrap per cluster (singletonKey = cluster id).
      policy: 'stately',
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: this.opts.jobTimeoutSeconds ?? 300,
    });
    await this.boss.work<BootstrapJobData>(BOOTSTRAP_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await this.runJob(job.data);
    });
    this.started = true;
  }

  async enqueue(data: BootstrapJobData): Promise<void> {
    await this.opts.clusters.setBootstrapState(data.clusterId, 'pending');
    await this.boss.send(BOOTSTRAP_QUEUE, data, { singletonKey: data.clusterId });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  private async runJob(data: BootstrapJobData): Promise<void> {
    const { clusters, log } = this.opts;
    await clusters.setBootstrapState(data.clusterId, 'running');
    log?.('bootstrap started', { clusterId: data.clusterId });
    try {
      const kc = await clusters.kubeConfig(data.clusterId);
      const options: PlatformOptionsInput = {
        ...this.opts.platform,
        ...(data.installAdmission !== undefined ? { installAdmission: data.installAdmission } : {}),
        ...(data.mocks !== undefined ? { mocks: data.mocks } : {}),
        ...(data.installMetricsServer !== undefined ? { installMetricsServer: data.installMetricsServer } : {}),
      };
      const report = await (this.opts.run ?? bootstrapPlatform)(kc, options);
      await clusters.setBootstrapState(data.clusterId, 'succeeded');
      log?.('bootstrap succeeded', {
        clusterId: data.clusterId,
        ...(report ? { counts: report.counts, durationMs: report.durationMs } : {}),
      });
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 1000);
      await clusters.setBootstrapState(data.clusterId, 'failed', message);
      log?.('bootstrap failed', { clusterId: data.clusterId, error: message });
      throw e;
    }
  }
}
