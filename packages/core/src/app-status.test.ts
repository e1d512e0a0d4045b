import { APP_LABEL, appResource, MANAGED_BY_LABEL, PROJECT_LABEL, type LiveObject } from '@kubeop/kube';
import { describe, expect, it } from 'vitest';
import { APP_STATUS_SELECTOR, AppStatusIndex, appStatusRecord, type AppStatusRecord } from './app-status.js';

const APP = '0190a0b1-0000-7000-8000-000000000001';
const PROJECT = '0190a0b1-0000-7000-8000-000000000002';
const TENANT = '0190a0b1-0000-7000-8000-000000000003';
const seen = new Date('2026-12-02T15:00:00.000Z');

/** An App resource as the Manager writes it, as the API server returns it with the operator's status. */
function liveApp(status: Record<string, unknown> | undefined, rv = '7', id = APP): LiveObject {
  const cr = appResource({ id, tenantId: TENANT, projectId: PROJECT, namespace: 'ns', name: 'web', image: 'nginx:1.25', host: null });
  return {
    ...cr,
    metadata: { ...cr.metadata, resourceVersion: rv, uid: 'u1', generation: 2, managedFields: [{ manager: 'x' }] },
    ...(status ? { status } : {}),
  } as LiveObject;
}

const ready = {
  observedGeneration: 2,
  ready: true,
  revision: 'abc123',
  availableReplicas: 1,
  message: 'revision abc123 available (1/1)',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Available',
      message: 'ok',
      lastTransitionTime: '2026-12-02T14:59:00Z',
      observedGeneration: 2,
      extra: 'dropped',
    },
    { type: 'Degraded', status: 'False', reason: 'RolloutComplete', lastTransitionTime: '2026-12-02T14:58:00Z', observedGeneration: 2 },
  ],
};

const { extra: _extra, ...readyWithoutExtra } = ready.conditions[0]!;

describe('appStatusRecord (App resource → the status projection the Manager keeps)', () => {
  it('keeps the ids, the status fields the API shows and when it was seen; nothing else', () => {
    expect(appStatusRecord(liveApp(ready), seen)).toEqual({
      apiVersion: 'paas.kubeop.io/v1alpha1',
      kind: 'App',
      metadata: { name: 'web', namespace: 'ns', resourceVersion: '7' },
      appId: APP,
      projectId: PROJECT,
      status: {
        ready: true,
        revision: 'abc123',
        availableReplicas: 1,
        // as the resource has them, without fields a condition does not have
        conditions: [readyWithoutExtra, ready.conditions[1]],
        observedAt: seen,
      },
    });
  });

  it('maps a resource without status (the operator has not seen it yet) to not ready, nothing known', () => {
    expect(appStatusRecord(liveApp(undefined), seen).status).toEqual({
      ready: false,
      revision: null,
      availableReplicas: null,
      conditions: [],
      observedAt: seen,
    });
  });

  it('leaves out malformed values instead of passing them on', () => {
    const rec = appStatusRecord(
      liveApp({
        ready: 'true',
        revision: 5,
        availableReplicas: -1,
        conditions: [
          { type: 'Ready', status: 'Maybe' },
          { status: 'True' },
          'x',
          { type: 'Ready', status: 'False', observedGeneration: 1.5 },
        ],
      }),
      seen,
    );
    expect(rec.status).toEqual({
      ready: false,
      revision: null,
      availableReplicas: null,
      conditions: [{ type: 'Ready', status: 'False' }],
      observedAt: seen,
    });
  });

  it('names an app only when its label and spec agree (both written by the Manager)', () => {
    const cr = liveApp(ready);
    const relabelled = { ...cr, metadata: { ...cr.metadata, labels: { ...cr.metadata.labels, [APP_LABEL]: 'other' } } };
    expect(appStatusRecord(relabelled, seen).appId).toBeNull();
    const otherProject = { ...cr, spec: { ...(cr.spec as object), projectRef: 'other' } };
    expect(appStatusRecord(otherProject, seen)).toMatchObject({ appId: APP, projectId: null });
    const unlabelled = { ...cr, metadata: { name: 'web', namespace: 'ns' } };
    expect(appStatusRecord(unlabelled, seen)).toMatchObject({ appId: null, projectId: null });
  });

  it('selects the resources the Manager writes', () => {
    expect(APP_STATUS_SELECTOR).toBe(`${MANAGED_BY_LABEL}=kubeop,${APP_LABEL}`);
    expect(liveApp(ready).metadata.labels).toMatchObject({ [MANAGED_BY_LABEL]: 'kubeop', [APP_LABEL]: APP, [PROJECT_LABEL]: PROJECT });
  });
});

describe('AppStatusIndex (app id → the status its cluster reports)', () => {
  /** A cluster's informer store. */
  const store = () => {
    const m = new Map<string, AppStatusRecord>();
    return { m, get: (k: string) => m.get(k) };
  };
  const put = (idx: AppStatusIndex, cluster: string, s: ReturnType<typeof store>, rec: AppStatusRecord) => {
    const key = `${rec.metadata.namespace}/${rec.metadata.name}`;
    const old = s.m.get(key);
    s.m.set(key, rec);
    idx.upsert(cluster, key, rec, old);
  };

  it('finds an app by id and project, follows changes and deletes, and forgets a cluster', () => {
    const idx = new AppStatusIndex();
    const a = store();
    idx.addSource('c1', a);
    expect(idx.get(APP, PROJECT)).toBeNull();
    put(idx, 'c1', a, appStatusRecord(liveApp(undefined, '1'), seen));
    expect(idx.get(APP, PROJECT)).toMatchObject({ ready: false, revision: null });
    const later = new Date(seen.getTime() + 1000);
    put(idx, 'c1', a, appStatusRecord(liveApp(ready, '2'), later));
    expect(idx.get(APP, PROJECT)).toMatchObject({ ready: true, revision: 'abc123', availableReplicas: 1, observedAt: later });
    // another project's app of the same id is not this one
    expect(idx.get(APP, TENANT)).toBeNull();
    expect(idx.get(TENANT, PROJECT)).toBeNull();

    // a relist that replaces the record without an event (same resourceVersion) is read through
    a.m.set('ns/web', appStatusRecord(liveApp(ready, '2'), new Date(later.getTime() + 1000)));
    expect(idx.get(APP, PROJECT)?.observedAt).toEqual(new Date(later.getTime() + 1000));

    const rec = a.m.get('ns/web')!;
    a.m.delete('ns/web');
    idx.remove('c1', 'ns/web', rec);
    expect(idx.get(APP, PROJECT)).toBeNull();
    expect(idx.size).toBe(0);

    put(idx, 'c1', a, appStatusRecord(liveApp(ready, '3'), seen));
    expect(idx.size).toBe(1);
    idx.removeSource('c1');
    expect(idx.get(APP, PROJECT)).toBeNull();
    expect(idx.size).toBe(0);
  });

  it('drops the old id when a resource stops naming it, and a stale delete does not remove a newer location', () => {
    const idx = new AppStatusIndex();
    const a = store();
    const b = store();
    idx.addSource('c1', a);
    idx.addSource('c2', b);
    const first = appStatusRecord(liveApp(ready, '1'), seen);
    put(idx, 'c1', a, first);
    const cr = liveApp(ready, '2');
    put(idx, 'c1', a, appStatusRecord({ ...cr, metadata: { ...cr.metadata, labels: {} } }, seen));
    expect(idx.get(APP, PROJECT)).toBeNull();

    // the app's resource now seen on c2; c1 reporting the old record gone leaves it there
    put(idx, 'c2', b, appStatusRecord(liveApp(ready, '5'), seen));
    idx.remove('c1', 'ns/web', first);
    expect(idx.get(APP, PROJECT)).toMatchObject({ ready: true });
  });
});
