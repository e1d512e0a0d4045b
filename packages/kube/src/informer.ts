/**
 * A list+watch informer on kube.ts (no client-node), shared by the in-cluster processes and the Manager: lists a collection (paginated), then watches it
 * from the list's resourceVersion with bookmarks, keeping a cache of the objects. A watch the server
 * ends is resumed from the last resourceVersion seen (bookmarks keep it fresh); 410 Gone (too old)
 * relists at once; other errors relist after an exponential backoff. Every `resyncMs` each cached
 * object is handed to the handlers again, so level-based reconcilers repair what no event reported.
 * With `transform`, only what it returns is kept (a small projection instead of whole objects).
 * Used by the operator (its controllers) and the Manager (live App status per cluster).
 */
import { KubeApiError, kubeRequest, kubeWatch, type WatchEvent } from './kube.js';
import type { KubeConnection } from './kubeconfig.js';
import type { LiveObject } from './manifests/types.js';

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(obj: T, old: T): void;
  delete?(obj: T): void;
}

export interface InformerOptions<T extends LiveObject = LiveObject> {
  /** Collection path, e.g. `/apis/apps/v1/deployments`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every cached object this often (0: never). Default 10 min. */
  resyncMs?: number;
  /** Server-side watch timeout, seconds (randomised up to twice this). Default 300. */
  watchTimeoutSeconds?: number;
  /** First delay after an error (doubled up to 30 s). Default 500 ms. */
  errorBackoffMs?: number;
  onError?(e: unknown): void;
  /**
   * What is kept of each listed or watched object (default: the object itself). It must keep
   * `metadata.name`, `namespace` and `resourceVersion`, which key the cache and tell changes apart.
   * Called once per object received, so it may also stamp when the object was seen.
   */
  transform?(obj: LiveObject): T;
}

/** The watch's resourceVersion is too old (410 Gone): relist at once, without backoff. */
class GoneError extends Error {}

export function objectKey(o: { metadata: { name: string; namespace?: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

interface ListResponse<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export class Informer<T extends LiveObject = LiveObject> {
  private readonly store = new Map<string, T>();
  private readonly handlers: Array<InformerHandlers<T>> = [];
  private readonly abort = new AbortController();
  private resourceVersion = '';
  private syncedFlag = false;
  private syncedResolve!: () => void;
  private running: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  /** Resolves after the first complete list. */
  readonly synced: Promise<void> = new Promise((r) => (this.syncedResolve = r));

  private readonly transform: (obj: LiveObject) => T;

  constructor(
    private readonly kc: KubeConnection,
    readonly options: InformerOptions<T>,
  ) {
    this.transform = options.transform ?? ((obj) => obj as T);
  }

  on(h: InformerHandlers<T>): this {
    this.handlers.push(h);
    return this;
  }

  hasSynced(): boolean {
    return this.syncedFlag;
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  list(): T[] {
    return [...this.store.values()];
  }

  start(): void {
    if (this.running) return;
    this.running = this.loop();
    const resync = this.options.resyncMs ?? 600_000;
    if (resync > 0) {
      this.resyncTimer = setInterval(() => {
        for (const o of this.store.values()) this.emit('update', o, o);
      }, resync);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.resyncTimer);
    this.abort.abort();
    await this.running;
  }

  private emit(kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      try {
        if (kind === 'add') h.add?.(obj);
        else if (kind === 'update') h.update?.(obj, old ?? obj);
        else h.delete?.(obj);
      } catch (e) {
        this.options.onError?.(e);
      }
    }
  }

  private selectors(): Record<string, string | undefined> {
    return { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector };
  }

  private async relist(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page: ListResponse<LiveObject> = await kubeRequest<ListResponse<LiveObject>>(this.kc, {
        method: 'GET',
        path: this.options.path,
        query: { ...this.selectors(), limit: 500, continue: cont },
        signal: this.abort.signal,
        timeoutMs: 30_000,
      });
      for (const item of page.items) items.push(this.transform(item));
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? rv;
    } while (cont);
    const seen = new Set<string>();
    for (const item of items) {
      const key = objectKey(item);
      seen.add(key);
      const old = this.store.get(key);
      this.store.set(key, item);
      if (!old) this.emit('add', item);
      else if (old.metadata.resourceVersion !== item.metadata.resourceVersion) this.emit('update', item, old);
    }
    for (const [key, old] of [...this.store]) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.emit('delete', old);
      }
    }
    this.resourceVersion = rv;
    if (!this.syncedFlag) {
      this.syncedFlag = true;
      this.syncedResolve();
    }
  }

  private onEvent(ev: WatchEvent<LiveObject>): void {
    if (ev.type === 'ERROR') {
      const status = ev.object as unknown as { code?: number; reason?: string };
      if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') throw new GoneError('resourceVersion too old');
      throw new Error(`watch ${this.options.path}: error event ${status.code ?? ''} ${status.reason ?? ''}`);
    }
    const rv = ev.object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (ev.type === 'BOOKMARK') return;
    const obj = this.transform(ev.object);
    const key = objectKey(obj);
    const old = this.store.get(key);
    if (ev.type === 'DELETED') {
      this.store.delete(key);
      this.emit('delete', old ?? obj);
      return;
    }
    this.store.set(key, obj);
    if (old) this.emit('update', obj, old);
    else this.emit('add', obj);
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const base = this.options.errorBackoffMs ?? 500;
    let backoff = base;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        const timeout = this.options.watchTimeoutSeconds ?? 300;
        await kubeWatch<LiveObject>(
          this.kc,
          {
            path: this.options.path,
            query: {
              ...this.selectors(),
              resourceVersion: this.resourceVersion,
              timeoutSeconds: timeout + Math.floor(Math.random() * timeout),
            },
            signal,
            idleTimeoutMs: (timeout * 2 + 60) * 1000,
          },
          (ev) => this.onEvent(ev),
        );
        backoff = base;
      } catch (e) {
        if (signal.aborted) return;
        needList = true;
        if (e instanceof GoneError || (e instanceof KubeApiError && e.code === 410)) continue;
        this.options.onError?.(e);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
