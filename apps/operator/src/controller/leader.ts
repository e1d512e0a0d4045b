/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go's leaderelection does it: the
 * holder renews `renewTime` every `retryPeriodMs`; another candidate takes the lease over only when
 * it has seen the same record unchanged for `leaseDurationMs` (measured on its own clock, so clocks
 * need not agree); every write carries the resourceVersion read (optimistic lock), so two candidates
 * can never both succeed. A leader that cannot renew within `renewDeadlineMs` steps down. On `stop`
 * a leader releases the lease (empty holder) so a successor need not wait.
 */
import { isNotFound, KubeApiError, kubeRequest, type KubeConnection } from '@kubeop/kube';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  onStartedLeading(): void;
  onStoppedLeading(): void;
  onError?(e: unknown): void;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** RFC 3339 with microseconds, as metav1.MicroTime. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private leading = false;
  private stopped = false;
  private observed: { record: string; at: number } | undefined;
  private lastRenew = 0;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;

  constructor(
    private readonly kc: KubeConnection,
    private readonly o: LeaderElectionOptions,
  ) {
    this.leaseDurationMs = o.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = o.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = o.retryPeriodMs ?? 2_000;
  }

  isLeader(): boolean {
    return this.leading;
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.o.namespace)}/leases`;
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Stops campaigning; a leader releases the lease and steps down. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loopDone;
    if (this.leading) {
      await this.release().catch((e: unknown) => this.o.onError?.(e));
      this.stepDown();
    }
  }

  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.o.onStoppedLeading();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch (e) {
        this.o.onError?.(e);
      }
      const now = Date.now();
      if (ok) {
        this.lastRenew = now;
        if (!this.leading) {
          this.leading = true;
          this.o.onStartedLeading();
        }
      } else if (this.leading && now - this.lastRenew > this.renewDeadlineMs) {
        this.stepDown();
      }
      if (this.stopped) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, this.retryPeriodMs);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const spec = (acquireTime: string, transitions: number): Lease['spec'] => ({
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime,
      renewTime: microTime(now),
      leaseTransitions: transitions,
    });
    let lease: Lease;
    try {
      lease = await kubeRequest<Lease>(this.kc, {
        method: 'GET',
        path: `${this.path}/${encodeURIComponent(this.o.name)}`,
        timeoutMs: this.renewDeadlineMs,
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      try {
        await kubeRequest(this.kc, {
          method: 'POST',
          path: this.path,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name: this.o.name, namespace: this.o.namespace },
            spec: spec(microTime(now), 0),
          },
          timeoutMs: this.renewDeadlineMs,
        });
        return true;
      } catch (err) {
        if (err instanceof KubeApiError && err.code === 409) return false;
        throw err;
      }
    }
    const holder = lease.spec.holderIdentity ?? '';
    const record = JSON.stringify(lease.spec);
    if (!this.observed || this.observed.record !== record) this.observed = { record, at: Date.now() };
    const durationMs = (lease.spec.leaseDurationSeconds ?? Math.ceil(this.leaseDurationMs / 1000)) * 1000;
    const mine = holder === this.o.identity;
    if (holder !== '' && !mine && this.observed.at + durationMs > Date.now()) return false;
    const transitions = (lease.spec.leaseTransitions ?? 0) + (mine ? 0 : 1);
    const acquireTime = mine && lease.spec.acquireTime ? lease.spec.acquireTime : microTime(now);
    try {
      await kubeRequest(this.kc, {
        method: 'PUT',
        path: `${this.path}/${encodeURIComponent(this.o.name)}`,
        body: { ...lease, spec: spec(acquireTime, transitions) },
        timeoutMs: this.renewDeadlineMs,
      });
      return true;
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 409) return false;
      throw e;
    }
  }

  private async release(): Promise<void> {
    const path = `${this.path}/${encodeURIComponent(this.o.name)}`;
    const lease = await kubeRequest<Lease>(this.kc, { method: 'GET', path, timeoutMs: 5_000 });
    if (lease.spec.holderIdentity !== this.o.identity) return;
    await kubeRequest(this.kc, {
      method: 'PUT',
      path,
      body: { ...lease, spec: { ...lease.spec, holderIdentity: null, leaseDurationSeconds: 1, renewTime: microTime(new Date()) } },
      timeoutMs: 5_000,
    });
  }
}
