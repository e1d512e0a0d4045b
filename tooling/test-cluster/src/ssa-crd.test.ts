import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNamespace, testKubeConfig, uniqueNamespace, waitFor } from './index.js';
import { apiError, messageOf } from './test-helpers.js';

describe('server-side apply and CRDs', () => {
  const kc = testKubeConfig();
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  // unique group per run so parallel runs against a shared external cluster do not collide
  const group = `${uniqueNamespace('t')}.kubeop.test`;
  const crdName = `widgets.${group}`;
  beforeAll(async () => {
    ns = await createTestNamespace(kc, 'ssa');
  });
  afterAll(async () => {
    await ext.deleteCustomResourceDefinition({ name: crdName }).catch(() => {});
    await ns?.cleanup();
  });

  it('applies with a field manager and reports conflicts between managers', async () => {
    const cm: k8s.V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: ns.name, labels: { owner: 'kubeop' } },
      data: { replicas: '2' },
    };
    const applied = await objects.patch(cm, undefined, undefined, 'kubeop-manager', true, k8s.PatchStrategy.ServerSideApply);
    const mf = applied.metadata?.managedFields ?? [];
    expect(mf.some((f) => f.manager === 'kubeop-manager' && f.operation === 'Apply')).toBe(true);

    // idempotent re-apply keeps the same resourceVersion
    const again = await objects.patch(cm, undefined, undefined, 'kubeop-manager', true, k8s.PatchStrategy.ServerSideApply);
    expect(again.metadata?.resourceVersion).toBe(applied.metadata?.resourceVersion);

    // another manager changing an owned field without force → 409 Conflict
    const other = { ...cm, data: { replicas: '5' } };
    const conflict = await apiError(objects.patch(other, undefined, undefined, 'someone-else', false, k8s.PatchStrategy.ServerSideApply));
    expect(conflict.code).toBe(409);
    expect(messageOf(conflict)).toContain('kubeop-manager');
  });

  it('establishes a CRD; custom resources are created, applied and get status via the subresource', async () => {
    await ext.createCustomResourceDefinition({
      body: {
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 } }, required: ['size'] },
                    status: { type: 'object', properties: { phase: { type: 'string' } } },
                  },
                },
              },
            },
          ],
        },
      },
    });
    await waitFor('CRD Established', async () => {
      const crd = await ext.readCustomResourceDefinition({ name: crdName });
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    });

    const gv = { group, version: 'v1', namespace: ns.name, plural: 'widgets' };
    // schema validation is enforced
    const invalid = await apiError(
      custom.createNamespacedCustomObject({
        ...gv,
        body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'bad' }, spec: { size: 0 } },
      }),
    );
    expect(invalid.code).toBe(422);

    // SSA of a custom resource (discovery of the new group must work)
    const applied = await waitFor('apply Widget', () =>
      objects.patch(
        { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: ns.name }, spec: { size: 3 } },
        undefined,
        undefined,
        'kubeop-manager',
        true,
        k8s.PatchStrategy.ServerSideApply,
      ),
    );
    expect((applied as { spec?: { size?: number } }).spec?.size).toBe(3);

    // the main resource ignores status; the status subresource sets it
    type Widget = { metadata: { resourceVersion?: string }; spec: { size: number }; status?: { phase?: string } };
    const cur = (await custom.getNamespacedCustomObject({ ...gv, name: 'w1' })) as Widget;
    const withStatus = (await custom.replaceNamespacedCustomObjectStatus({
      ...gv,
      name: 'w1',
      body: { ...cur, status: { phase: 'Ready' }, spec: { size: 99 } },
    })) as Widget;
    expect(withStatus.status?.phase).toBe('Ready');
    expect(withStatus.spec.size).toBe(3); // spec changes through /status are dropped
    const ignored = (await custom.replaceNamespacedCustomObject({
      ...gv,
      name: 'w1',
      body: { ...withStatus, status: { phase: 'Hacked' } },
    })) as Widget;
    expect(ignored.status?.phase).toBe('Ready');
  });
});
