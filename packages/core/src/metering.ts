import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import type { Quantity } from '@kubeop/kube';
import type { ClusterService } from './clusters.js';
import { createJobQueue } from './job-queue.js';
import { metricsApiServed, readClusterUsage, type UsageGroup } from './metering-cluster.js';
import { DEFAULT_KEY_TTL_SECONDS, ingestUsage, purgeIngestKeys, type IngestResult } from './usage.js';

export { podHoldsRequests, podMetricsUsage, podRequests, METRICS_API, type UsageGroup } from './metering-cluster.js';

/** The scheduled job that records every bound tenant's CPU and memory from its cluster. */
export const METERING_QUEUE = 'usage-metering';
/** Hourly, a few minutes past the hour (one slot per hour by default). */
export const METERING_CRON = '5 * * * *';
/**
 * The `source` of metered samples: `metrics` when every pod counted had metrics-server usage,
 * `requests` when none did (or the cluster serves no metrics API), `metrics+requests` when mixed.
 */
export const METERING_SOURCES = { metrics: 'metrics', requests: 'requests', mixed: 'metrics+requests' } as const;
export type MeteringSource = (typeof METERING_SOURCES)[keyof typeof METERING_SOURCES];

const HOUR_MS = 60 * 60 * 1000;
const MIB = 1n << 20n;
/** Samples per ingest batch, unless `maxBatch` is smaller. */
const BATCH = 1000;

export interface MeteringOptions {
  db: Kysely<Database>;
  clusters: ClusterService;
  /** PostgreSQL URL the queue lives in (its own `pgboss` schema), when no `queue` is shared. */
  databaseUrl?: string;
  /** A started queue shared with other jobs (then its owner starts and stops it). */
  queue?: PgBoss;
  /** When the scheduled run happens (cron, UTC; default hourly). */
  cron?: string;
  /**
   * Length of a metering slot in minutes (a divisor of 60; default 60). Each slot is sampled at most
   * once per cluster, tenant and project, and its sample counts as `slotMinutes / 60` of an hour.
   */
  slotMinutes?: number;
  /** The most samples one ingest may carry (`KUBEOP_USAGE_MAX_BATCH`); batches are split below it. */
  maxBatch?: number;
  /** Each scheduled run also forgets ingest `Idempotency-Key`s older than this (default 7 days). */
  keyTtlSeconds?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** The clock (tests). */
  now?: () => Date;
}

/**
 * What one run recorded on one cluster: `tenants` with usage, `samples` (one per tenant and project
 * with usage), how many of them were stored (`accepted`) and how many had been (`duplicates`).
 */
export type ClusterMetering =
  | { action: 'metered'; tenants: number; samples: number; accepted: number; duplicates: number }
  | { action: 'failed'; error: string };

/** The smallest integer ≥ num/den (den > 0, num ≥ 0). */
const ceilDiv = (num: bigint, den: bigint): bigint => (num + den - 1n) / den;

/** The `source` of a group's sample: which of its pods were measured. */
export function meteringSource(fromMetrics: number, fromRequests: number): MeteringSource {
  if (fromMetrics > 0 && fromRequests > 0) return METERING_SOURCES.mixed;
  return fromMetrics > 0 ? METERING_SOURCES.metrics : METERING_SOURCES.requests;
}

/**
 * Converts summed quantities to one sample's quantities for a slot of `slotMs`: milli-CPU-hours and
 * MiB-hours, exact until one final rounding up.
 */
export function slotUsage(cpu: Quantity, mem: Quantity, slotMs: number): { cpuMilli: number; memMib: number } {
  const slot = BigInt(slotMs);
  const hour = BigInt(HOUR_MS);
  return {
    cpuMilli: Number(ceilDiv(cpu.num * 1000n * slot, cpu.den * hour)),
    memMib: Number(ceilDiv(mem.num * slot, mem.den * MIB * hour)),
  };
}

/** The deterministic id of a sample: a rerun in the same slot (or another replica's) is a duplicate. */
export function meteringSampleId(clusterId: string, group: Pick<UsageGroup, 'tenantId' | 'projectId'>, hour: string, slot: number): string {
  return `meter:${clusterId}:${group.tenantId}:${group.projectId ?? '-'}:${hour}:${slot}`;
}

/**
 * Automatic metering (a pg-boss schedule, hourly; `meterNow()` on demand, e.g. `POST /v1/usage/meter`):
 * for every registered cluster with bound tenants, what each tenant's pods hold in the namespaces
 * labelled `app.kubeop.io/tenant=<tenant id>` — the scheduled, unfinished pods — recorded through
 * `ingestUsage` with `cluster_id` set.
 *
 * - **Per project**: one sample per cluster, tenant, project and slot. A namespace's project is its
 *   `app.kubeop.io/project` label (a UUID, → `project_id`); the namespaces of a tenant without a
 *   valid one add up to a tenant-level sample (`project_id` null).
 * - **Requests as the scheduler counts them**: app containers + restartable init containers
 *   (sidecars), or the largest init container with the sidecars started before it when that is more,
 *   plus the pod overhead (`effectivePodRequests` of `@kubeop/kube`).
 * - **Usage when metrics-server is there**: when the cluster serves `metrics.k8s.io/v1beta1` pods, a
 *   pod counts at its measured usage (the sum of its containers'); a pod the metrics API has no entry
 *   for counts at its requests. The sample's `source` says which: `metrics`, `requests` or
 *   `metrics+requests` (`METERING_SOURCES`).
 *
 * Quantities are summed exactly and rounded up once. The hour is divided into fixed slots
 * (`slotMinutes`, default 60); a sample's `id` (`meteringSampleId`) is deterministic per cluster,
 * tenant, project and slot, so a rerun in the same slot (or another Manager replica) is a duplicate
 * and is not counted again. A slot's sample is what was seen at the run × the slot's length; a slot
 * in which no run happened is not recorded.
 */
export class Metering {
  private readonly boss: PgBoss;
  private readonly ownsQueue: boolean;
  private readonly slotMs: number;
  private started = false;

  constructor(private readonly opts: MeteringOptions) {
    if (!opts.queue && !opts.databaseUrl) throw new Error('Metering needs a queue or a databaseUrl');
    const minutes = opts.slotMinutes ?? 60;
    if (!Number.isInteger(minutes) || minutes < 1 || 60 % minutes !== 0) throw new Error('slotMinutes must divide 60');
    this.slotMs = minutes * 60_000;
    this.ownsQueue = !opts.queue;
    this.boss = opts.queue ?? createJobQueue({ databaseUrl: opts.databaseUrl!, ...(opts.log ? { log: opts.log } : {}) });
  }

  async start(): Promise<void> {
    if (this.ownsQueue) await this.boss.start();
    await this.boss.createQueue(METERING_QUEUE, { name: METERING_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 900 });
    await this.boss.schedule(METERING_QUEUE, this.opts.cron ?? METERING_CRON);
    await this.boss.work(METERING_QUEUE, { pollingIntervalSeconds: 30, batchSize: 1 }, async () => {
      await this.meterNow();
      await purgeIngestKeys(this.opts.db, this.opts.keyTtlSeconds ?? DEFAULT_KEY_TTL_SECONDS);
    });
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.ownsQueue) await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    else await this.boss.offWork(METERING_QUEUE);
  }

  /**
   * Meters every cluster with bound tenants now (for the current slot). A cluster that fails is
   * logged and left for the next run; the others are not held up. Returns the outcome per cluster id.
   */
  async meterNow(): Promise<Map<string, ClusterMetering>> {
    const { db, log } = this.opts;
    const now = (this.opts.now ?? (() => new Date()))();
    const slotStart = Math.floor(now.getTime() / this.slotMs) * this.slotMs;
    const hour = new Date(Math.floor(slotStart / HOUR_MS) * HOUR_MS).toISOString();
    const slot = Math.floor((slotStart % HOUR_MS) / this.slotMs);
    const bound = await db.selectFrom('tenants').select(['id', 'cluster_id']).where('cluster_id', 'is not', null).execute();
    const byCluster = new Map<string, Set<string>>();
    for (const t of bound) {
      const set = byCluster.get(t.cluster_id!) ?? new Set<string>();
      set.add(t.id);
      byCluster.set(t.cluster_id!, set);
    }
    const outcome = new Map<string, ClusterMetering>();
    for (const [clusterId, tenants] of byCluster) {
      try {
        const kc = await this.opts.clusters.connection(clusterId);
        const clusterLog = log && ((msg: string, fields?: Record<string, unknown>) => log(msg, { clusterId, ...fields }));
        const groups = await readClusterUsage(kc, tenants, await metricsApiServed(kc, clusterLog), clusterLog);
        const records = [];
        for (const group of groups) {
          const u = slotUsage(group.cpu, group.mem, this.slotMs);
          if (u.cpuMilli === 0 && u.memMib === 0) continue;
          records.push({
            id: meteringSampleId(clusterId, group, hour, slot),
            ts: hour,
            tenant_id: group.tenantId,
            cluster_id: clusterId,
            project_id: group.projectId,
            cpu_milli: u.cpuMilli,
            mem_mib: u.memMib,
            source: meteringSource(group.fromMetrics, group.fromRequests),
          });
        }
        let accepted = 0;
        let duplicates = 0;
        const batch = Math.max(1, Math.min(BATCH, this.opts.maxBatch ?? BATCH));
        for (let i = 0; i < records.length; i += batch) {
          const r: IngestResult = await ingestUsage(db, records.slice(i, i + batch), { maxBatch: batch, now });
          accepted += r.accepted;
          duplicates += r.duplicates;
        }
        const metered = new Set(records.map((r) => r.tenant_id)).size;
        outcome.set(clusterId, { action: 'metered', tenants: metered, samples: records.length, accepted, duplicates });
      } catch (e) {
        // a tenant deleted mid-run makes its batch invalid: the next run meters without it
        const error = e instanceof Error ? e.message.slice(0, 500) : 'metering failed';
        outcome.set(clusterId, { action: 'failed', error });
        log?.('metering failed', { clusterId, error });
      }
    }
    return outcome;
  }
}
