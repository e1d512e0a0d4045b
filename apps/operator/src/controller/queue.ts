/**
 * A work queue in the manner of client-go's `workqueue`: a key is queued at most once however often
 * it is added (deduplication), is never processed by two workers at once (a key added while it is
 * being processed is queued again when `done` is called), and failures are retried after a per-key
 * exponential backoff (`addRateLimited`), reset by `forget`.
 */

export interface QueueOptions {
  /** First retry delay (default 200 ms); doubled on every failure of the same key. */
  baseDelayMs?: number;
  /** Cap of the retry delay (default 5 min). */
  maxDelayMs?: number;
}

export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  /** Keys that need processing (queued, or to be queued again when their processing is done). */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly failures = new Map<K, number>();
  private readonly timers = new Map<K, { at: number; timer: NodeJS.Timeout }>();
  private readonly waiters: Array<(k: K | undefined) => void> = [];
  private shuttingDown = false;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;

  constructor(o: QueueOptions = {}) {
    this.baseDelayMs = o.baseDelayMs ?? 200;
    this.maxDelayMs = o.maxDelayMs ?? 300_000;
  }

  /** Queues `key` unless it is already waiting. */
  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.queue.push(key);
    }
  }

  /** Queues `key` after `delayMs` (an earlier pending add of the same key wins). */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = Date.now() + delayMs;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** The backoff `addRateLimited` would use next for `key`. */
  nextDelay(key: K): number {
    const n = this.failures.get(key) ?? 0;
    return Math.min(this.baseDelayMs * 2 ** Math.min(n, 40), this.maxDelayMs);
  }

  /** Queues `key` again after its exponential backoff (a failure). */
  addRateLimited(key: K): number {
    const delay = this.nextDelay(key);
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    this.addAfter(key, delay);
    return delay;
  }

  /** Clears the failure count of `key` (it succeeded). */
  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }

  /** The next key to process (marked as processing), or undefined once shut down. */
  get(): Promise<K | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `key` processed; if it was added meanwhile, it is queued again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  /** Keys waiting to be processed (not those in progress or delayed). */
  len(): number {
    return this.queue.length;
  }

  /** Stops handing out keys: waiting `get` calls resolve with undefined; delayed adds are dropped. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  get isShutdown(): boolean {
    return this.shuttingDown;
  }
}

export interface ReconcileResult {
  /** Reconcile this key again after this long (e.g. waiting for a namespace to go away). */
  requeueAfterMs?: number;
}

export interface WorkerHooks<K> {
  onResult?(key: K, ok: boolean, durationMs: number, error?: unknown): void;
}

/**
 * Runs `workers` loops taking keys from `queue` and calling `reconcile`: success forgets the key's
 * failures (and honours `requeueAfterMs`), an error requeues it with backoff. Resolves when the
 * queue is shut down and every loop has finished its current key.
 */
export async function runWorkers<K>(
  queue: WorkQueue<K>,
  workers: number,
  reconcile: (key: K) => Promise<ReconcileResult | void>,
  hooks: WorkerHooks<K> = {},
): Promise<void> {
  const loop = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      const started = performance.now();
      try {
        const r = await reconcile(key);
        queue.forget(key);
        hooks.onResult?.(key, true, performance.now() - started);
        if (r?.requeueAfterMs !== undefined) queue.addAfter(key, r.requeueAfterMs);
      } catch (e) {
        hooks.onResult?.(key, false, performance.now() - started, e);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
}
