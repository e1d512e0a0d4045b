/**
 * Live app status: what each app's `App` resource reports on its cluster (ready, revision, available
 * replicas, conditions), kept by one list+watch per cluster so the API answers from memory, never
 * with a cluster round trip per request.
 *
 * - Which clusters: those with at least one bound tenant (only they can have apps), read from the
 *   registry every `refreshIntervalMs`. A cluster that appears gets a watch, one whose tenants are
 *   gone (a prerequisite of deleting it) or that is deleted loses it, and one whose kubeconfig was
 *   replaced is watched afresh. Other Manager replicas' registrations are picked up the same way.
 * - What is watched: `App` resources in all namespaces carrying kubeOP's managed-by and app labels.
 *   A resource counts for an app only when its app label and `spec.appID` both name the app and its
 *   project label and `spec.projectRef` both name the app's project (the contract of
 *   @kubeop/kube resources.ts, which the Manager writes).
 * - What is kept: a small projection per resource (see {@link AppLiveStatus}), not whole objects.
 * - A cluster that cannot be reached keeps its last observed statuses (with their old `observedAt`)
 *   while the watch retries with exponential backoff (0.5 s doubling to 30 s).
 */
import type { Database } from '@kubeop/db';
import {
  APP_LABEL,
  CRD_API_VERSION,
  Informer,
  MANAGED_BY_LABEL,
  objectKey,
  PROJECT_LABEL,
  type Condition,
  type KubeConnection,
  type LiveObject,
} from '@kubeop/kube';
import { sql, type Kysely } from 'kysely';
import type { ClusterService } from './clusters.js';

/** The live state of an app on its cluster, as its `App` resource reports it. */
export interface AppLiveStatus {
  ready: boolean;
  /** The revision the operator rolled out (a hash of the pod template); null before the first. */
  revision: string | null;
  availableReplicas: number | null;
  /** `Ready`, `Progressing`, `Degraded`, as the resource has them. */
  conditions: Condition[];
  /** When the Manager last received the resource from the cluster (on a change, or a relist). */
  observedAt: Date;
}

/** What the API asks: the live status of an app of a project, or null when none was observed. */
export interface AppStatusLookup {
  get(appId: string, projectId: string): AppLiveStatus | null;
}

/** What the watch keeps of each `App` resource: its identity and the status projection. */
export interface AppStatusRecord extends LiveObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  /** Null unless the app label and `spec.appID` agree. */
  appId: string | null;
  /** Null unless the project label and `spec.projectRef` agree. */
  projectId: string | null;
  status: AppLiveStatus;
}

/** Label selector of the App resources the Manager writes (managed-by kubeop, with an app id). */
export const APP_STATUS_SELECTOR = `${MANAGED_BY_LABEL}=kubeop,${APP_LABEL}`;

const CONDITION_STATUSES: ReadonlySet<string> = new Set(['True', 'False', 'Unknown']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function projectCondition(v: unknown): Condition | null {
  const c = record(v);
  const type = str(c.type);
  const status = str(c.status);
  if (!type || !status || !CONDITION_STATUSES.has(status)) return null;
  const reason = str(c.reason);
  const message = str(c.message);
  const lastTransitionTime = str(c.lastTransitionTime);
  const observedGeneration = int(c.observedGeneration);
  return {
    type,
    status: status as Condition['status'],
    ...(reason !== undefined ? { reason } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(lastTransitionTime !== undefined ? { lastTransitionTime } : {}),
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}

/** The ids both a label and the spec give, or null when they are missing or disagree. */
function agreed(label: string | undefined, spec: unknown): string | null {
  return label && label === spec ? label : null;
}

/**
 * The projection of an `App` resource as received at `now`. Pure: whatever the resource holds,
 * the result has the documented shape (unknown fields dropped, malformed ones left out).
 */
export function appStatusRecord(obj: LiveObject, now: Date = new Date()): AppStatusRecord {
  const labels = obj.metadata.labels ?? {};
  const spec = record(obj.spec);
  const status = record(obj.status);
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(projectCondition).filter((c) => c !== null) : [];
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'App',
    metadata: {
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
    },
    appId: agreed(labels[APP_LABEL], spec.appID),
    projectId: agreed(labels[PROJECT_LABEL], spec.projectRef),
    status: {
      ready: status.ready === true,
      revision: str(status.revision) || null,
      availableReplicas: int(status.availableReplicas) ?? null,
      conditions,
      observedAt: now,
    },
  };
}

/** Where a cluster's resource for an app is: which watch, under which informer key. */
interface Located {
  clusterId: string;
  key: string;
}

/**
 * The app id → resource index over the records of several clusters' watches, and the lookup the
 * API uses. Separate from the watches so the mapping can be tested without a cluster.
 */
export class AppStatusIndex implements AppStatusLookup {
  private readonly located = new Map<string, Located>();
  private readonly sources = new Map<string, { get(key: string): AppStatusRecord | undefined }>();

  /** A cluster's records, by informer key. */
  addSource(clusterId: string, source: { get(key: string): AppStatusRecord | undefined }): void {
    this.sources.set(clusterId, source);
  }

  /** Forgets a cluster and every app located there. */
  removeSource(clusterId: string): void {
    this.sources.delete(clusterId);
    for (const [appId, at] of this.located) if (at.clusterId === clusterId) this.located.delete(appId);
  }

  /** A record arrived (added or changed); `old` is what it replaced under the same key. */
  upsert(clusterId: string, key: string, rec: AppStatusRecord, old?: AppStatusRecord): void {
    if (old?.appId && old.appId !== rec.appId) this.remove(clusterId, key, old);
    if (rec.appId) this.located.set(rec.appId, { clusterId, key });
  }

  /** A record went away (deleted, or gone from a relist). */
  remove(clusterId: string, key: string, rec: AppStatusRecord): void {
    if (!rec.appId) return;
    const at = this.located.get(rec.appId);
    if (at && at.clusterId === clusterId && at.key === key) this.located.delete(rec.appId);
  }

  get(appId: string, projectId: string): AppLiveStatus | null {
    const at = this.located.get(appId);
    if (!at) return null;
    const rec = this.sources.get(at.clusterId)?.get(at.key);
    if (!rec || rec.appId !== appId || rec.projectId !== projectId) return null;
    return rec.status;
  }

  /** Apps located (for tests and metrics). */
  get size(): number {
    return this.located.size;
  }
}

export interface AppStatusWatchesOptions {
  db: Kysely<Database>;
  clusters: Pick<ClusterService, 'connection'>;
  /** How often the set of watched clusters follows the registry (default 5 s). */
  refreshIntervalMs?: number;
  /** First delay after a watch error, doubling to 30 s (default 500 ms). */
  errorBackoffMs?: number;
  /** Where failures go (the refresh and the watches retry by themselves, so they are logged, not thrown). */
  log: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
}

interface ClusterWatch {
  /** The registry row's `updated_at` the watch was started for (a replaced kubeconfig changes it). */
  version: number;
  informer: Informer<AppStatusRecord>;
}

/** One `App` watch per cluster with bound tenants; lookups by app id. */
export class AppStatusWatches implements AppStatusLookup {
  private readonly index = new AppStatusIndex();
  private readonly watches = new Map<string, ClusterWatch>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: AppStatusWatchesOptions) {}

  /** Starts following the registry (the first refresh is awaited; its failure is logged, not thrown). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshIntervalMs ?? 5000);
    this.timer.unref();
  }

  /** Stops every watch (Manager shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.refreshing;
    await Promise.all([...this.watches.keys()].map((id) => this.unwatch(id)));
  }

  get(appId: string, projectId: string): AppLiveStatus | null {
    return this.index.get(appId, projectId);
  }

  /** Ids of the clusters watched now. */
  watched(): string[] {
    return [...this.watches.keys()];
  }

  /** Makes the watches match the registry now. Never throws: a failure is logged and retried on the next refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.sync()
      .catch((e: unknown) => this.opts.log('warn', 'app status: cannot read the cluster registry', { err: errorText(e) }))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async sync(): Promise<void> {
    const rows = await this.opts.db
      .selectFrom('clusters as c')
      .select(['c.id', 'c.updated_at'])
      .where('c.kubeconfig_enc', 'is not', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('tenants as t')
            .select(sql`1`.as('one'))
            .whereRef('t.cluster_id', '=', 'c.id'),
        ),
      )
      .execute();
    if (this.stopped) return;
    const want = new Map(rows.map((r) => [r.id, r.updated_at.getTime()]));
    for (const id of [...this.watches.keys()]) {
      if (want.get(id) !== this.watches.get(id)!.version) await this.unwatch(id);
    }
    for (const [id, version] of want) {
      if (this.watches.has(id) || this.stopped) continue;
      try {
        const kc = await this.opts.clusters.connection(id);
        if (!this.stopped) this.watch(id, version, kc);
      } catch (e) {
        this.opts.log('warn', 'app status: cannot connect to a cluster; retrying on the next refresh', {
          clusterId: id,
          err: errorText(e),
        });
      }
    }
  }

  private watch(clusterId: string, version: number, kc: KubeConnection): void {
    const informer = new Informer<AppStatusRecord>(kc, {
      path: `/apis/${CRD_API_VERSION}/apps`,
      labelSelector: APP_STATUS_SELECTOR,
      resyncMs: 0,
      ...(this.opts.errorBackoffMs !== undefined ? { errorBackoffMs: this.opts.errorBackoffMs } : {}),
      transform: (obj) => appStatusRecord(obj),
      // the informer retries with backoff (at most every 30 s); the statuses stay as last observed
      onError: (e) =>
        this.opts.log('warn', 'app status: watch failed; keeping the last observed statuses', { clusterId, err: errorText(e) }),
    });
    informer.on({
      add: (rec) => this.index.upsert(clusterId, objectKey(rec), rec),
      update: (rec, old) => this.index.upsert(clusterId, objectKey(rec), rec, old),
      delete: (rec) => this.index.remove(clusterId, objectKey(rec), rec),
    });
    this.index.addSource(clusterId, informer);
    this.watches.set(clusterId, { version, informer });
    informer.start();
  }

  private async unwatch(clusterId: string): Promise<void> {
    const w = this.watches.get(clusterId);
    if (!w) return;
    this.watches.delete(clusterId);
    this.index.removeSource(clusterId);
    await w.informer.stop();
  }
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 1000);
}
