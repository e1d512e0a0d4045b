import { createTestNamespace, testKubeConfig } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Informer } from './informer.js';
import { deleteObject, kubeRequest } from './kube.js';
import type { LiveObject } from './manifests/types.js';
import { testConnection } from './test-helpers.js';

const kc = testConnection();
let ns: Awaited<ReturnType<typeof createTestNamespace>>;
beforeAll(async () => {
  ns = await createTestNamespace(testKubeConfig(), 'informer');
});
afterAll(() => ns?.cleanup());

const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = { watched: 'yes' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns.name, labels },
  data,
});

describe('Informer (list + watch on the local control plane)', () => {
  it('lists, then delivers adds, updates and deletes in order; resumes after the server ends a watch; resyncs', async () => {
    const path = `/api/v1/namespaces/${ns.name}/configmaps`;
    await kubeRequest(kc, { method: 'POST', path, body: cm('before', { v: '1' }) });
    await kubeRequest(kc, { method: 'POST', path, body: cm('ignored', { v: '1' }, { watched: 'no' }) });
    const events: string[] = [];
    const inf = new Informer<LiveObject & { data?: Record<string, string> }>(kc, {
      path,
      labelSelector: 'watched=yes',
      watchTimeoutSeconds: 1,
      resyncMs: 0,
    }).on({
      add: (o) => events.push(`add ${o.metadata.name} ${o.data?.v}`),
      update: (o, old) => events.push(`update ${o.metadata.name} ${old.data?.v}->${o.data?.v}`),
      delete: (o) => events.push(`delete ${o.metadata.name}`),
    });
    inf.start();
    await inf.synced;
    expect(inf.hasSynced()).toBe(true);
    expect(events).toEqual(['add before 1']);
    // watches of 1-2 s end and are resumed from the last resourceVersion: nothing is missed or repeated
    await new Promise((r) => setTimeout(r, 2500));
    await kubeRequest(kc, { method: 'POST', path, body: cm('after', { v: '1' }) });
    await kubeRequest(kc, { method: 'PUT', path: `${path}/after`, body: cm('after', { v: '2' }) });
    await deleteObject(kc, { apiVersion: 'v1', kind: 'ConfigMap', name: 'before', namespace: ns.name });
    await vi.waitFor(() => expect(events).toEqual(['add before 1', 'add after 1', 'update after 1->2', 'delete before']), {
      timeout: 20_000,
    });
    expect(inf.list().map((o) => o.metadata.name)).toEqual(['after']);
    expect(inf.get(`${ns.name}/after`)?.data?.v).toBe('2');
    await inf.stop();

    // resync hands every cached object to update handlers again
    const resynced: string[] = [];
    const inf2 = new Informer(kc, { path, labelSelector: 'watched=yes', resyncMs: 200 }).on({
      update: (o) => resynced.push(o.metadata.name),
    });
    inf2.start();
    await vi.waitFor(() => expect(resynced.filter((n) => n === 'after').length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await inf2.stop();
  });

  it('keeps retrying after errors and reports them (403 on a path it may not read)', async () => {
    const errors: unknown[] = [];
    const inf = new Informer(kc, { path: '/apis/nope.example.com/v1/things', errorBackoffMs: 50, onError: (e) => errors.push(e) });
    inf.start();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2));
    expect(inf.hasSynced()).toBe(false);
    await inf.stop();
  });

  it('keeps only what transform returns, stamped on every list and watch delivery', async () => {
    const path = `/api/v1/namespaces/${ns.name}/configmaps`;
    await kubeRequest(kc, { method: 'POST', path, body: cm('small', { v: '1', big: 'x'.repeat(10_000) }, { watched: 'transform' }) });
    let deliveries = 0;
    type Small = LiveObject & { v: string | undefined; delivery: number };
    const inf = new Informer<Small>(kc, {
      path,
      labelSelector: 'watched=transform',
      resyncMs: 0,
      // list items of built-in kinds come without apiVersion and kind
      transform: (o) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: o.metadata.name, namespace: o.metadata.namespace, resourceVersion: o.metadata.resourceVersion },
        v: (o as { data?: Record<string, string> }).data?.v,
        delivery: ++deliveries,
      }),
    });
    inf.start();
    await inf.synced;
    expect(inf.get(`${ns.name}/small`)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'small', namespace: ns.name, resourceVersion: expect.any(String) },
      v: '1',
      delivery: 1,
    });
    await kubeRequest(kc, { method: 'PUT', path: `${path}/small`, body: cm('small', { v: '2' }, { watched: 'transform' }) });
    await vi.waitFor(() => expect(inf.get(`${ns.name}/small`)).toMatchObject({ v: '2', delivery: 2 }));
    await inf.stop();
  });
});
