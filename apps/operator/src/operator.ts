/**
 * The operator as an object: informers on kubeOP's kinds, on the Policy and on everything the
 * operator creates (so a deleted quota or an edited NetworkPolicy is repaired at once, without
 * polling), one work queue and reconciler per kind, all started while this instance leads.
 */
import {
  APP_LABEL,
  CRD_API_VERSION,
  DEFAULT_POLICY_NAME,
  effectivePolicy,
  Informer,
  MANAGED_BY_LABEL,
  objectKey,
  OPERATOR_MANAGER,
  PROJECT_LABEL,
  type AppResource,
  type KubeConnection,
  type LiveObject,
  type PolicySpec,
  type ProjectResource,
  type TenantResource,
} from '@kubeop/kube';
import { LeaderElector } from './controller/leader.js';
import { runWorkers, WorkQueue, type ReconcileResult } from './controller/queue.js';
import { OperatorMetrics } from './metrics.js';
import { reconcileApp } from './reconcilers/app.js';
import type { Live, ReconcileContext } from './reconcilers/context.js';
import { reconcileProject } from './reconcilers/project.js';
import { reconcileTenant } from './reconcilers/tenant.js';

export type LogFn = ReconcileContext['log'];

export interface OperatorOptions {
  kc: KubeConnection;
  /** Namespace of the leader-election Lease (the operator's own). */
  namespace: string;
  identity: string;
  leaderElect?: boolean;
  leaseName?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Name of the Policy object to follow (default `default`). */
  policyName?: string;
  /** Only reconcile Tenants, Projects and Apps matching this label selector (default: all). */
  selector?: string;
  resyncMs?: number;
  workers?: number;
  log?: LogFn;
  /** Called when leadership is lost (the process should exit; a replica takes over). */
  onLostLeadership?(): void;
  metrics?: OperatorMetrics;
}

type Kind = 'tenant' | 'project' | 'app';

const OWNED = `${MANAGED_BY_LABEL}=${OPERATOR_MANAGER}`;

export class Operator {
  readonly metrics: OperatorMetrics;
  private readonly elector: LeaderElector | undefined;
  private controllers: { stop(): Promise<void>; informers: Informer[] } | undefined;
  private stopping = false;
  private readonly log: LogFn;

  constructor(readonly o: OperatorOptions) {
    this.metrics = o.metrics ?? new OperatorMetrics();
    this.log = o.log ?? (() => undefined);
    if (o.leaderElect ?? true) {
      this.elector = new LeaderElector(o.kc, {
        namespace: o.namespace,
        name: o.leaseName ?? 'kubeop-operator-leader',
        identity: o.identity,
        ...(o.leaseDurationMs ? { leaseDurationMs: o.leaseDurationMs } : {}),
        ...(o.renewDeadlineMs ? { renewDeadlineMs: o.renewDeadlineMs } : {}),
        ...(o.retryPeriodMs ? { retryPeriodMs: o.retryPeriodMs } : {}),
        onStartedLeading: () => {
          this.log('info', 'became leader', { identity: o.identity });
          this.metrics.leader.set(1);
          this.controllers = this.startControllers();
        },
        onStoppedLeading: () => {
          this.log(this.stopping ? 'info' : 'warn', 'leadership lost', { identity: o.identity });
          this.metrics.leader.set(0);
          const c = this.controllers;
          this.controllers = undefined;
          void c?.stop();
          if (!this.stopping) o.onLostLeadership?.();
        },
        onError: (e) => this.log('warn', 'leader election', { error: String(e) }),
      });
    }
  }

  start(): void {
    if (this.elector) this.elector.start();
    else {
      this.metrics.leader.set(1);
      this.controllers = this.startControllers();
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.elector) await this.elector.stop();
    const c = this.controllers;
    this.controllers = undefined;
    await c?.stop();
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : true;
  }

  /** Ready: a standby, or a leader whose caches are filled. */
  ready(): boolean {
    if (this.stopping) return false;
    if (!this.isLeader()) return true;
    return !!this.controllers && this.controllers.informers.every((i) => i.hasSynced());
  }

  private startControllers(): { stop(): Promise<void>; informers: Informer[] } {
    const { kc } = this.o;
    const resyncMs = this.o.resyncMs ?? 600_000;
    const onError = (what: string) => (e: unknown) => this.log('warn', `watch ${what}`, { error: String(e) });
    const crInformer = <T extends LiveObject>(plural: string) =>
      new Informer<T>(kc, {
        path: `/apis/${CRD_API_VERSION}/${plural}`,
        ...(this.o.selector ? { labelSelector: this.o.selector } : {}),
        resyncMs,
        onError: onError(plural),
      });
    const owned = (path: string) => new Informer(kc, { path, labelSelector: OWNED, resyncMs: 0, onError: onError(path) });

    const tenants = crInformer<Live<TenantResource>>('tenants');
    const projects = crInformer<Live<ProjectResource>>('projects');
    const apps = crInformer<Live<AppResource>>('apps');
    const policyName = this.o.policyName ?? DEFAULT_POLICY_NAME;
    const policies = new Informer<LiveObject & { spec?: PolicySpec }>(kc, {
      path: `/apis/${CRD_API_VERSION}/policies`,
      fieldSelector: `metadata.name=${policyName}`,
      resyncMs: 0,
      onError: onError('policies'),
    });
    const namespaces = owned('/api/v1/namespaces');
    const projectOwned = [
      owned('/api/v1/resourcequotas'),
      owned('/api/v1/limitranges'),
      owned('/apis/networking.k8s.io/v1/networkpolicies'),
    ];
    const deployments = owned('/apis/apps/v1/deployments');
    const appOwned = [deployments, owned('/api/v1/services'), owned('/apis/networking.k8s.io/v1/ingresses')];
    const informers: Informer[] = [tenants, projects, apps, policies, namespaces, ...projectOwned, ...appOwned] as unknown as Informer[];

    const queues: Record<Kind, WorkQueue<string>> = { tenant: new WorkQueue(), project: new WorkQueue(), app: new WorkQueue() };
    const enqueue = (kind: Kind, key: string | undefined) => {
      if (!key) return;
      queues[kind].add(key);
      this.metrics.queueDepth.set({ kind }, queues[kind].len());
    };
    const all = (fn: (o: LiveObject) => void) => ({ add: fn, update: fn, delete: fn });

    tenants.on(all((t) => enqueue('tenant', t.metadata.name)));
    projects.on(
      all((p) => {
        enqueue('project', p.metadata.name);
        enqueue('tenant', (p as Live<ProjectResource>).spec.tenantRef);
      }),
    );
    apps.on(all((a) => enqueue('app', objectKey(a))));
    policies.on(
      all(() => {
        for (const p of projects.list()) enqueue('project', p.metadata.name);
        for (const a of apps.list()) enqueue('app', objectKey(a));
      }),
    );
    for (const i of [namespaces, ...projectOwned]) i.on(all((o) => enqueue('project', o.metadata.labels?.[PROJECT_LABEL])));
    for (const i of appOwned) {
      i.on(
        all((o) => {
          const owner = (
            o.metadata as { ownerReferences?: Array<{ kind: string; apiVersion: string; name: string }> }
          ).ownerReferences?.find((r) => r.kind === 'App' && r.apiVersion === CRD_API_VERSION);
          if (owner && o.metadata.namespace && o.metadata.labels?.[APP_LABEL] !== undefined)
            enqueue('app', `${o.metadata.namespace}/${owner.name}`);
        }),
      );
    }

    const ctx: ReconcileContext = {
      kc,
      tenants,
      projects,
      apps,
      deployments,
      policy: () => effectivePolicy(policies.get(policyName)?.spec ?? null),
      log: this.log,
    };
    const reconcilers: Record<Kind, (key: string) => Promise<ReconcileResult | void>> = {
      tenant: (k) => reconcileTenant(ctx, k),
      project: (k) => reconcileProject(ctx, k),
      app: (k) => reconcileApp(ctx, k),
    };

    for (const i of informers) i.start();
    const workers = this.o.workers ?? 2;
    let stopped!: () => void;
    const stopSignal = new Promise<void>((r) => (stopped = r));
    const synced = Promise.race([Promise.all(informers.map((i) => i.synced)), stopSignal]);
    const running = synced.then(() =>
      Promise.all(
        (Object.keys(queues) as Kind[]).map((kind) =>
          runWorkers(queues[kind], workers, reconcilers[kind], {
            onResult: (key, ok, ms, error) => {
              this.metrics.reconciles.inc({ kind, result: ok ? 'success' : 'error' });
              this.metrics.duration.observe({ kind }, ms / 1000);
              this.metrics.queueDepth.set({ kind }, queues[kind].len());
              if (!ok) {
                this.metrics.errors.inc({ kind });
                this.log('warn', 'reconcile failed', { kind, key, error: String(error), retryInMs: queues[kind].nextDelay(key) });
              }
            },
          }),
        ),
      ),
    );
    return {
      informers,
      stop: async () => {
        stopped();
        for (const q of Object.values(queues)) q.shutdown();
        await Promise.all(informers.map((i) => i.stop()));
        await running.catch(() => undefined);
      },
    };
  }
}
