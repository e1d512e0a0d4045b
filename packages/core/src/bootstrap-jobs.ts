import type PgBoss from 'pg-boss';
import { createJobQueue } from './job-queue.js';
import type { ClusterService } from './clusters.js';
import {
  bootstrapPlatform,
  type BootstrapReport,
  KubeApiError,
  type PlatformOptionsInput,
  renewAdmissionTls,
  type TlsRenewal,
} from '@kubeop/kube';

export const BOOTSTRAP_QUEUE = 'cluster-bootstrap';
/** A scheduled job that renews admission TLS material before it expires, on every bootstrapped cluster. */
export const TLS_RENEWAL_QUEUE = 'admission-tls-renewal';
/** Hourly: certificates are renewed 30 days before expiry, so a cluster down for days still gets its turn. */
export const TLS_RENEWAL_CRON = '17 * * * *';

/** What a bootstrap job carries. Options not given fall back to the Manager's platform options. */
export interface BootstrapJobData {
  clusterId: string;
  installAdmission?: boolean;
  mocks?: boolean;
  installMetricsServer?: boolean;
}

export interface BootstrapJobsOptions {
  /** PostgreSQL URL the queue lives in (its own `pgboss` schema), when no `queue` is shared. */
  databaseUrl?: string;
  /** A started queue shared with other jobs (then its owner starts and stops it). */
  queue?: PgBoss;
  clusters: ClusterService;
  /** Images, webhook mode and namespace for every bootstrap (from `KUBEOP_*`). */
  platform: PlatformOptionsInput;
  /** A job still running after this long is considered dead (Manager killed) and run again. */
  jobTimeoutSeconds?: number;
  /** How often expired jobs are looked for. */
  maintenanceIntervalSeconds?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** When the admission TLS renewal runs (cron, UTC; default hourly). */
  tlsRenewalCron?: string;
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
  private readonly ownsQueue: boolean;
  private started = false;

  constructor(private readonly opts: BootstrapJobsOptions) {
    if (!opts.queue && !opts.databaseUrl) throw new Error('BootstrapJobs needs a queue or a databaseUrl');
    this.ownsQueue = !opts.queue;
    this.boss =
      opts.queue ??
      createJobQueue({
        databaseUrl: opts.databaseUrl!,
        ...(opts.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
  }

  async start(): Promise<void> {
    if (this.ownsQueue) await this.boss.start();
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
    // one renewal at a time across Manager replicas (stately queue); a missed hour is caught up next hour
    await this.boss.createQueue(TLS_RENEWAL_QUEUE, { name: TLS_RENEWAL_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 600 });
    await this.boss.schedule(TLS_RENEWAL_QUEUE, this.opts.tlsRenewalCron ?? TLS_RENEWAL_CRON);
    await this.boss.work(TLS_RENEWAL_QUEUE, { pollingIntervalSeconds: 30, batchSize: 1 }, async () => {
      await this.renewAdmissionTls();
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
    if (this.ownsQueue) await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    else await Promise.all([this.boss.offWork(BOOTSTRAP_QUEUE), this.boss.offWork(TLS_RENEWAL_QUEUE)]);
  }

  /**
   * Renews the admission TLS material of every successfully bootstrapped cluster where it is near
   * expiry (see renewAdmissionTls); fresh material is left alone. A cluster that fails is logged and
   * tried again on the next run; the others are not held up. Returns the outcome per cluster id.
   */
  async renewAdmissionTls(): Promise<Map<string, TlsRenewal | { action: 'failed'; error: string }>> {
    const { clusters, log } = this.opts;
    const outcome = new Map<string, TlsRenewal | { action: 'failed'; error: string }>();
    let cursor: string | null | undefined;
    do {
      const page = await clusters.list({ ...(cursor ? { cursor } : {}), limit: 100 });
      for (const cluster of page.items) {
        if (cluster.bootstrap.state !== 'succeeded') continue;
        try {
          const r = await renewAdmissionTls(await clusters.connection(cluster.id), this.opts.platform);
          outcome.set(cluster.id, r);
          if (r.action === 'renewed') log?.('admission TLS renewed', { clusterId: cluster.id, tls: r.tls });
        } catch (e) {
          const error = e instanceof Error ? e.message.slice(0, 500) : 'renewal failed';
          outcome.set(cluster.id, { action: 'failed', error });
          log?.('admission TLS renewal failed', { clusterId: cluster.id, error });
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return outcome;
  }

  private async runJob(data: BootstrapJobData): Promise<void> {
    const { clusters, log } = this.opts;
    await clusters.setBootstrapState(data.clusterId, 'running');
    log?.('bootstrap started', { clusterId: data.clusterId });
    try {
      const kc = await clusters.connection(data.clusterId);
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
      // stored and shown to callers: our own summary only (a KubeApiError never quotes the server)
      const message = e instanceof Error ? e.message.slice(0, 500) : 'bootstrap failed';
      await clusters.setBootstrapState(data.clusterId, 'failed', message);
      // the API server's own explanation goes to the Manager's log only, capped
      const remote = e instanceof KubeApiError ? e.status?.message?.slice(0, 1000) : undefined;
      log?.('bootstrap failed', { clusterId: data.clusterId, error: message, ...(remote ? { apiServerMessage: remote } : {}) });
      throw e;
    }
  }
}
