import { createTestNamespace, testKubeConfig } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { getOperatorAutoscale, setOperatorAutoscale } from './autoscale.js';
import { getObject } from './kube.js';
import { testConnection } from './test-helpers.js';

const kc = testConnection();

describe('setOperatorAutoscale', () => {
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => {
    ns = await createTestNamespace(testKubeConfig(), 'kubeop-hpa');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  const hpa = async (): Promise<{
    metadata: { resourceVersion: string; labels: Record<string, string> };
    spec: Record<string, unknown>;
  } | null> =>
    getObject(kc, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'kubeop-operator', namespace: ns.name });

  it('creates, updates and deletes the operator HPA', async () => {
    expect(await getOperatorAutoscale(kc, { namespace: ns.name })).toEqual({ enabled: false });

    const created = await setOperatorAutoscale(kc, { enabled: true, min: 1, max: 3, targetCPU: 70 }, { namespace: ns.name });
    expect(created).toEqual({ enabled: true, min: 1, max: 3, targetCPU: 70, action: 'created' });
    const live = await hpa();
    expect(live?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'kubeop-operator' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(live?.metadata.labels['app.kubernetes.io/managed-by']).toBe('kubeop');

    expect((await setOperatorAutoscale(kc, { enabled: true, min: 1, max: 3, targetCPU: 70 }, { namespace: ns.name })).action).toBe(
      'unchanged',
    );
    expect((await hpa())?.metadata.resourceVersion).toBe(live?.metadata.resourceVersion);

    const updated = await setOperatorAutoscale(kc, { enabled: true, min: 2, max: 5, targetCPU: 50 }, { namespace: ns.name });
    expect(updated.action).toBe('configured');
    expect(await getOperatorAutoscale(kc, { namespace: ns.name })).toEqual({ enabled: true, min: 2, max: 5, targetCPU: 50 });

    expect(await setOperatorAutoscale(kc, { enabled: false }, { namespace: ns.name })).toEqual({ enabled: false, action: 'deleted' });
    expect(await hpa()).toBeNull();
    expect(await setOperatorAutoscale(kc, { enabled: false }, { namespace: ns.name })).toEqual({ enabled: false, action: 'absent' });
  });

  it('validates before touching the cluster', async () => {
    await setOperatorAutoscale(kc, { enabled: true }, { namespace: ns.name });
    const rv = (await hpa())?.metadata.resourceVersion;
    const cases: Array<[Parameters<typeof setOperatorAutoscale>[1], string]> = [
      [{ enabled: true, min: 4, max: 3 }, 'Min'],
      [{ enabled: true, min: 0, max: 3 }, 'Min'],
      [{ enabled: true, min: 1, max: 0 }, 'Max'],
      [{ enabled: true, targetCPU: 0 }, 'TargetCPU'],
      [{ enabled: true, targetCPU: 101 }, 'TargetCPU'],
    ];
    for (const [req, field] of cases) {
      const err = await setOperatorAutoscale(kc, req, { namespace: ns.name }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(req)).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).issues[0]?.path).toBe(field);
    }
    expect((await hpa())?.metadata.resourceVersion).toBe(rv);
    expect(await getOperatorAutoscale(kc, { namespace: ns.name })).toEqual({ enabled: true, min: 1, max: 3, targetCPU: 70 });
  });
});
