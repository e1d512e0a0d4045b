import type { Database, SyncOutboxRow } from '@kubeop/db';
import {
  APP_LABEL,
  appResource,
  CRD_API_VERSION,
  deleteObject,
  getObject,
  isNotFound,
  kubeRequest,
  policyResource,
  projectResource,
  serverSideApply,
  TENANT_LABEL,
  tenantResource,
  UnavailableError,
  type KubeConnection,
} from '@kubeop/kube';
import { sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { ClusterService } from './clusters.js';
import { effectiveClusterPolicy } from './policies.js';
import type { OutboxKind } from './sync-outbox.js';

export const SYNC_QUEUE = 'cluster-sync';
/** The field manager of what the Manager applies to clusters (the operator writes status only). */
export const SYNC_FIELD_MANAGER = 'kubeop-manager';

export interface SyncJobsOptions {
  db: Kysely<Database>;
  queue: PgBoss;
  clusters: ClusterService;
  /** How often the outbox is looked at for due entries (default 1 s). */
  pollIntervalMs?: number;
  /** Deadline of each Kubernetes request (default 5 s). */
  requestTimeoutMs?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Retries back off from 1 s, doubling up to this. */
const MAX_BACKOFF_SECONDS = 60;

// the policy first: the operator builds a new project's quota and network policies from it
const ORDER: Record<OutboxKind, number> = { policy: 0, tenant: 1, project: 2, app: 3 };

/** A drain stops taking entries after this long (the queue's expiry is 300 s). */
const DRAIN_BUDGET_MS = 240_000;
const WORKERS = 4;
/** Objects of one kind applied at once within a drain (each is a few requests to the cluster and the database). */
const APPLY_CONCURRENCY = 8;

/** Entries grouped by kind in apply order (policy, tenants, projects, apps), each group in outbox order. */
function stagesOf(entries: SyncOutboxRow[]): SyncOutboxRow[][] {
  const stages: SyncOutboxRow[][] = [];
  for (const e of entries) {
    const last = stages[stages.length - 1];
    if (last && last[0]!.kind === e.kind) last.push(e);
    else stages.push([e]);
  }
  return stages;
}

/**
 * Applies what the outbox says to the clusters: the `Tenant`, `Project` and `App` custom resources
 * (see @kubeop/kube resources.ts) and the cluster's `Policy/default` (its effective policy, with
 * `spec.revision` = the stored revision), server-side applied with field manager `kubeop-manager`.
 *
 * - Durable: the outbox is written in the same statement as each change, so nothing is lost when the
 *   Manager stops; a poll (every second) finds due entries, including those a stopped Manager left.
 * - One drain per cluster at a time, across Manager replicas (a pg-boss job per cluster, singleton key).
 * - In order: for each object only its newest entry counts, and the object's state is read when it is
 *   applied, so a later write is never overtaken by an earlier one. Tenants go before projects before
 *   apps (objects of one kind are applied up to 8 at once); an app whose namespace the operator has
 *   not made yet fails and is retried, and an app re-created under the name of one being deleted waits
 *   for the old resource to go (label + uid guard).
 * - Retried with backoff per object (1 s doubling to 60 s) while a cluster is down; the entity shows
 *   `sync.state: error` with the reason meanwhile.
 */
export class SyncJobs {
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private started = false;

  constructor(private readonly opts: SyncJobsOptions) {}

  async start(): Promise<void> {
    const { queue } = this.opts;
    await queue.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 300 });
    // clusters drain side by side (four workers): a slow or dead cluster does not hold up the others
    for (let i = 0; i < WORKERS; i++) {
      await queue.work<{ clusterId: string }>(SYNC_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await this.drain(job.data.clusterId);
      });
    }
    this.started = true;
    this.timer = setInterval(() => void this.poll(), this.opts.pollIntervalMs ?? 1000);
    this.timer.unref();
    await this.poll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.started) return;
    this.started = false;
    await this.opts.queue.offWork(SYNC_QUEUE);
  }

  /** Queues a drain for every cluster with due entries. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const due = await this.opts.db
        .selectFrom('sync_outbox')
        .select('cluster_id')
        .distinct()
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .execute();
      for (const { cluster_id } of due) await this.opts.queue.send(SYNC_QUEUE, { clusterId: cluster_id }, { singletonKey: cluster_id });
    } catch (e) {
      this.opts.log?.('sync poll failed', { err: e instanceof Error ? e.message : String(e) });
    } finally {
      this.polling = false;
    }
  }

  /**
   * Applies every due entry of one cluster. Never throws for one object's failure: that object backs
   * off. A session advisory lock makes sure no two drains of a cluster overlap, even when the queue
   * gave up waiting for a slow one; a drain stops taking entries before the queue's expiry.
   */
  async drain(clusterId: string): Promise<{ applied: number; failed: number }> {
    return this.opts.db.connection().execute(async (session) => {
      const key = `kubeop-sync:${clusterId}`;
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${key})) as locked`.execute(session);
      if (!rows[0]?.locked) return { applied: 0, failed: 0 };
      try {
        return await this.drainLocked(clusterId);
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(session);
      }
    });
  }

  private async drainLocked(clusterId: string): Promise<{ applied: number; failed: number }> {
    const { db } = this.opts;
    const deadline = Date.now() + DRAIN_BUDGET_MS;
    const newest = await db
      .selectFrom('sync_outbox')
      .selectAll()
      .distinctOn(['kind', 'object_id'])
      .where('cluster_id', '=', clusterId)
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('kind')
      .orderBy('object_id')
      .orderBy('id', 'desc')
      .execute();
    if (newest.length === 0) return { applied: 0, failed: 0 };
    newest.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || Number(a.id) - Number(b.id));

    let kc: KubeConnection;
    try {
      kc = await this.opts.clusters.connection(clusterId);
    } catch (e) {
      await this.failed(newest, e);
      return { applied: 0, failed: newest.length };
    }
    let applied = 0;
    let failed = 0;
    let unreachable = false;
    // kind by kind (policy, tenants, projects, apps); within a kind, up to APPLY_CONCURRENCY at once
    for (const stage of stagesOf(newest)) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < stage.length && !unreachable && Date.now() <= deadline) {
          const entry = stage[next++]!;
          try {
            const generation = await this.syncOne(kc, entry);
            await this.succeeded(entry, generation);
            applied += 1;
          } catch (e) {
            if (e instanceof UnavailableError && !unreachable) {
              // an unreachable cluster: the rest of this drain is not tried (each would wait out its deadline)
              unreachable = true;
              const rest = [entry, ...stage.slice(next), ...newest.filter((x) => ORDER[x.kind] > ORDER[entry.kind])];
              await this.failed(rest, e);
              failed += rest.length;
            } else {
              await this.failed([entry], e);
              failed += 1;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(APPLY_CONCURRENCY, stage.length) }, worker));
      if (unreachable || Date.now() > deadline) break;
    }
    if (failed) this.opts.log?.('sync: some objects failed; retrying with backoff', { clusterId, applied, failed });
    return { applied, failed };
  }

  private request() {
    return { timeoutMs: this.opts.requestTimeoutMs ?? 5000 };
  }

  /** Applies (or deletes) one object; returns the generation of the row that was applied (0 for a delete). */
  private async syncOne(kc: KubeConnection, entry: SyncOutboxRow): Promise<number> {
    const { db } = this.opts;
    const apply = (obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) =>
      serverSideApply(kc, obj, { fieldManager: SYNC_FIELD_MANAGER, force: true, ...this.request() });
    switch (entry.kind) {
      case 'policy': {
        // what is in effect now: a newer write is never overtaken by an older entry
        const { body, revision, syncedRevision } = await effectiveClusterPolicy(db, entry.cluster_id);
        // Until a policy is stored the Manager leaves Policy/default alone (the cluster runs on the
        // defaults); once it applied one, falling back to nothing puts the defaults there (revision 0).
        if (revision === 0 && !syncedRevision) return 0;
        await apply(policyResource({ ...body, revision }));
        return revision;
      }
      case 'tenant': {
        const t = await db.selectFrom('tenants').select(['id', 'name', 'generation']).where('id', '=', entry.object_id).executeTakeFirst();
        if (t) {
          await apply(tenantResource(t));
          return Number(t.generation);
        }
        // the tenant's projects went with it (database cascade): remove their resources too
        await deleteObject(kc, { apiVersion: CRD_API_VERSION, kind: 'Tenant', name: entry.object_id }, this.request());
        await kubeRequest(kc, {
          method: 'DELETE',
          path: `/apis/${CRD_API_VERSION}/projects`,
          query: { labelSelector: `${TENANT_LABEL}=${entry.object_id}` },
          ...this.request(),
        }).catch((e: unknown) => {
          if (!isNotFound(e)) throw e;
        });
        return 0;
      }
      case 'project': {
        const p = await db
          .selectFrom('projects')
          .select(['id', 'tenant_id as tenantId', 'name', 'namespace', 'generation'])
          .where('id', '=', entry.object_id)
          .executeTakeFirst();
        if (p) {
          await apply(projectResource(p));
          return Number(p.generation);
        }
        await deleteObject(kc, { apiVersion: CRD_API_VERSION, kind: 'Project', name: entry.object_id }, this.request());
        return 0;
      }
      case 'app': {
        const a = await db
          .selectFrom('apps as a')
          .innerJoin('projects as p', 'p.id', 'a.project_id')
          .select(['a.id', 'a.name', 'a.image', 'a.host', 'a.generation', 'p.id as projectId', 'p.tenant_id as tenantId', 'p.namespace'])
          .where('a.id', '=', entry.object_id)
          .executeTakeFirst();
        if (a) {
          // an app deleted and created again under the same name: wait until the old one is gone
          const live = await this.liveApp(kc, a.namespace, a.name);
          if (live && (live.metadata.deletionTimestamp || live.metadata.labels?.[APP_LABEL] !== a.id)) {
            throw new Error(`the previous app named ${a.name} is still being deleted`);
          }
          await apply(appResource(a));
          return Number(a.generation);
        }
        const { name, namespace } = entry.ref;
        if (!name || !namespace) return 0;
        // only this app's resource: the name may belong to a newer app by now
        const live = await this.liveApp(kc, namespace, name);
        if (!live || live.metadata.labels?.[APP_LABEL] !== entry.object_id) return 0;
        await kubeRequest(kc, {
          method: 'DELETE',
          path: `/apis/${CRD_API_VERSION}/namespaces/${encodeURIComponent(namespace)}/apps/${encodeURIComponent(name)}`,
          body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: live.metadata.uid }, propagationPolicy: 'Background' },
          ...this.request(),
        }).catch((e: unknown) => {
          if (!isNotFound(e)) throw e;
        });
        return 0;
      }
    }
  }

  private liveApp(kc: KubeConnection, namespace: string, name: string) {
    return getObject<{ metadata: { uid?: string; deletionTimestamp?: string; labels?: Record<string, string> } }>(
      kc,
      { apiVersion: CRD_API_VERSION, kind: 'App', name, namespace },
      this.request(),
    );
  }

  /** Entries up to this one are done; the entity records the generation that is now on the cluster. */
  private async succeeded(entry: SyncOutboxRow, generation: number): Promise<void> {
    const { db } = this.opts;
    await db
      .deleteFrom('sync_outbox')
      .where('cluster_id', '=', entry.cluster_id)
      .where('kind', '=', entry.kind)
      .where('object_id', '=', entry.object_id)
      .where('id', '<=', entry.id)
      .execute();
    if (entry.kind === 'policy') {
      // the revision now on the cluster (it may be lower than the last: an override was removed)
      await db
        .updateTable('clusters')
        .set({ policy_synced_revision: generation, policy_sync_error: null, policy_synced_at: new Date() })
        .where('id', '=', entry.cluster_id)
        .execute();
      return;
    }
    await db
      .updateTable(tableOf(entry.kind))
      .set({ synced_generation: sql<string>`greatest(synced_generation, ${generation})`, sync_error: null, synced_at: new Date() })
      .where('id', '=', entry.object_id)
      .execute();
  }

  /**
   * Entries that failed (up to each, for its object) back off: 1 s after the first failure, doubling
   * to 60 s, computed in the statement; their entities show the reason. A few statements for any
   * number of entries.
   */
  private async failed(entries: SyncOutboxRow[], e: unknown): Promise<void> {
    const { db } = this.opts;
    if (entries.length === 0) return;
    // our own summaries only (the Kubernetes client never quotes a remote body)
    const message = (e instanceof Error ? e.message : 'sync failed').slice(0, 500);
    await db
      .updateTable('sync_outbox')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_error: message,
        // the right-hand sides see the row as it was: attempts before this failure
        next_attempt_at: sql<Date>`now() + make_interval(secs => least(${MAX_BACKOFF_SECONDS}, power(2, attempts)))`,
      })
      .where('cluster_id', '=', entries[0]!.cluster_id)
      .where((eb) => eb.or(entries.map((x) => eb.and([eb('kind', '=', x.kind), eb('object_id', '=', x.object_id)]))))
      .where('id', '<=', entries.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a)).id)
      .execute();
    for (const kind of ['tenant', 'project', 'app'] as const) {
      const ids = entries.filter((x) => x.kind === kind).map((x) => x.object_id);
      if (ids.length) await db.updateTable(tableOf(kind)).set({ sync_error: message }).where('id', 'in', ids).execute();
    }
    if (entries.some((x) => x.kind === 'policy')) {
      await db.updateTable('clusters').set({ policy_sync_error: message }).where('id', '=', entries[0]!.cluster_id).execute();
    }
  }
}

function tableOf(kind: Exclude<OutboxKind, 'policy'>): 'tenants' | 'projects' | 'apps' {
  return kind === 'tenant' ? 'tenants' : kind === 'project' ? 'projects' : 'apps';
}
