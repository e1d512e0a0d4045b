import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { createTestNamespace, testKubeConfig, waitFor } from './index.js';
import { statusOf } from './test-helpers.js';

describe('garbage collector and namespace controller', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);

  it('cascades deletion through ownerReferences', async () => {
    const ns = await createTestNamespace(kc, 'gc');
    try {
      const owner = await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'owner' } } });
      const ownerRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '', blockOwnerDeletion: true };
      await core.createNamespacedSecret({
        namespace: ns.name,
        body: { metadata: { name: 'child', ownerReferences: [ownerRef] }, stringData: { a: 'b' } },
      });
      await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'child-cm', ownerReferences: [ownerRef] } } });

      // foreground: the owner stays (with finalizer) until its dependents are gone
      await core.deleteNamespacedConfigMap({ name: 'owner', namespace: ns.name, propagationPolicy: 'Foreground' });
      await waitFor('dependents and owner deleted', async () => {
        const gone = async (p: Promise<unknown>): Promise<boolean> =>
          p.then(
            () => false,
            (e) => statusOf(e) === 404,
          );
        const all = await Promise.all([
          gone(core.readNamespacedSecret({ name: 'child', namespace: ns.name })),
          gone(core.readNamespacedConfigMap({ name: 'child-cm', namespace: ns.name })),
          gone(core.readNamespacedConfigMap({ name: 'owner', namespace: ns.name })),
        ]);
        return all.every(Boolean);
      });

      // a Deployment's ReplicaSets and Pods go with it (background propagation)
      await apps.createNamespacedDeployment({
        namespace: ns.name,
        body: {
          metadata: { name: 'app' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'app' } },
            template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
          },
        },
      });
      await waitFor('pods running', async () => {
        const pods = await core.listNamespacedPod({ namespace: ns.name });
        return pods.items.length === 2 && pods.items.every((p) => p.status?.phase === 'Running');
      });
      await apps.deleteNamespacedDeployment({ name: 'app', namespace: ns.name, propagationPolicy: 'Background' });
      await waitFor('ReplicaSets and Pods collected', async () => {
        const [rs, pods] = await Promise.all([
          apps.listNamespacedReplicaSet({ namespace: ns.name }),
          core.listNamespacedPod({ namespace: ns.name }),
        ]);
        return rs.items.length === 0 && pods.items.length === 0;
      });
    } finally {
      await ns.cleanup();
    }
  });

  it('deletes a namespace with content completely', async () => {
    const ns = await createTestNamespace(kc, 'nsdel');
    await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'c' } } });
    await apps.createNamespacedDeployment({
      namespace: ns.name,
      body: {
        metadata: { name: 'app' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'app' } },
          template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        },
      },
    });
    await waitFor('pod running', async () => {
      const pods = await core.listNamespacedPod({ namespace: ns.name });
      return pods.items.some((p) => p.status?.phase === 'Running');
    });
    await core.deleteNamespace({ name: ns.name });
    const terminating = await core.readNamespace({ name: ns.name }).catch(() => undefined);
    if (terminating) expect(terminating.status?.phase).toBe('Terminating');
    await waitFor(
      'namespace gone',
      async () =>
        core.readNamespace({ name: ns.name }).then(
          () => false,
          (e) => statusOf(e) === 404,
        ),
      90_000,
    );
  });
});
