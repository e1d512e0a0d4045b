import type PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import type { Database } from '@kubeop/db';
import { kubeRequest, parseQuantity, TENANT_LABEL, type KubeConnection, type Quantity } from '@kubeop/kube';
import type { ClusterService } from './clusters.js';
import { createJobQueue } from './job-queue.js';
import { ingestUsage, type IngestResult } from './usage.js';

/** The scheduled job that records every bound tenant's requested CPU and memory from its cluster. */
export const METERING_QUEUE = 'usage-metering';
/** Hourly, a few minutes past the hour (one slot per hour by default). */
export const METERING_CRON = '5 * * * *';
/** The `source` of metered samples. */
export const METERING_SOURCE = 'requests';

const HOUR_MS = 60 * 60 * 1000;
const MIB = 1n << 20n;
/** Samples per ingest batch, unless `maxBatch` is smaller. */
const BATCH = 1000;
const PAGE = 500;

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
   * once per cluster and tenant, and its sample counts as `slotMinutes / 60` of an hour.
   */
  slotMinutes?: number;
  /** The most samples one ingest may carry (`KUBEOP_USAGE_MAX_BATCH`); batches are split below it. */
  maxBatch?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** The clock (tests). */
  now?: () => Date;
}

/** What one run recorded on one cluster. */
export type ClusterMetering =
  | { action: 'metered'; tenants: number; accepted: number; duplicates: number }
  | { action: 'failed'; error: string };

interface PodLike {
  metadata?: { namespace?: string };
  spec?: {
    nodeName?: string;
    containers?: { resources?: { requests?: Record<string, string> } }[];
    overhead?: Record<string, string>;
  };
  status?: { phase?: string };
}
interface ListLike<T> {
  items?: T[];
  metadata?: { continue?: string };
}
interface NamespaceLike {
  metadata?: { name?: string; labels?: Record<string, string> };
}

const ZERO: Quantity = { num: 0n, den: 1n };
const add = (a: Quantity, b: Quantity): Quantity => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
/** The smallest integer ≥ num/den (den > 0, num ≥ 0). */
const ceilDiv = (num: bigint, den: bigint): bigint => (num + den - 1n) / den;

/** A pod's requested CPU and memory: the sum over its containers, plus the pod overhead. */
export function podRequests(pod: PodLike): { cpu: Quantity; mem: Quantity } {
  let cpu = ZERO;
  let mem = ZERO;
  const take = (requests: Record<string, string> | undefined) => {
    const c = requests?.cpu !== undefined ? parseQuantity(requests.cpu) : null;
    const m = requests?.memory !== undefined ? parseQuantity(requests.memory) : null;
    if (c && c.num > 0n) cpu = add(cpu, c);
    if (m && m.num > 0n) mem = add(mem, m);
  };
  for (const c of pod.spec?.containers ?? []) take(c.resources?.requests);
  take(pod.spec?.overhead);
  return { cpu, mem };
}

/** Whether a pod holds its requests: scheduled to a node and not finished (Succeeded/Failed). */
export function podHoldsRequests(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * Converts summed requests to one sample's quantities for a slot of `slotMs`: milli-CPU-hours and
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

async function listAll<T>(kc: KubeConnection, path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let cont: string | undefined;
  do {
    const page = await kubeRequest<ListLike<T>>(kc, {
      method: 'GET',
      path,
      query: { ...query, limit: String(PAGE), ...(cont ? { continue: cont } : {}) },
    });
    items.push(...(page.items ?? []));
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

/**
 * Automatic metering (a pg-boss schedule, hourly): for every registered cluster with bound tenants,
 * each tenant's requested CPU and memory — the requests of the scheduled, unfinished pods in the
 * namespaces labelled `app.kubeop.io/tenant=<tenant id>` — recorded through `ingestUsage` as
 * `source: 'requests'`. The hour is divided into fixed slots (`slotMinutes`, default 60); one sample
 * per cluster, tenant and slot, with a deterministic `id`, so a rerun in the same slot (or another
 * Manager replica) is a duplicate and is not counted again. A slot's sample is the requests seen at
 * the run × the slot's length; a slot in which no run happened is not recorded.
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
        const namespaces = await listAll<NamespaceLike>(kc, '/api/v1/namespaces', { labelSelector: TENANT_LABEL });
        const totals = new Map<string, { cpu: Quantity; mem: Quantity }>();
        for (const ns of namespaces) {
          const tenant = ns.metadata?.labels?.[TENANT_LABEL];
          const name = ns.metadata?.name;
          if (!tenant || !name || !tenants.has(tenant)) continue;
          const pods = await listAll<PodLike>(kc, `/api/v1/namespaces/${encodeURIComponent(name)}/pods`);
          let sum = totals.get(tenant) ?? { cpu: ZERO, mem: ZERO };
          for (const pod of pods) {
            if (!podHoldsRequests(pod)) continue;
            const r = podRequests(pod);
            sum = { cpu: add(sum.cpu, r.cpu), mem: add(sum.mem, r.mem) };
          }
          totals.set(tenant, sum);
        }
        const records = [];
        for (const [tenant, sum] of totals) {
          const u = slotUsage(sum.cpu, sum.mem, this.slotMs);
          if (u.cpuMilli === 0 && u.memMib === 0) continue;
          records.push({
            id: `meter:${clusterId}:${tenant}:${hour}:${slot}`,
            ts: hour,
            tenant_id: tenant,
            cluster_id: clusterId,
            cpu_milli: u.cpuMilli,
            mem_mib: u.memMib,
            source: METERING_SOURCE,
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
        outcome.set(clusterId, { action: 'metered', tenants: records.length, accepted, duplicates });
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
