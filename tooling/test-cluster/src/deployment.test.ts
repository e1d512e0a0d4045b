import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace, testKubeConfig, waitFor } from './index.js';

describe('workloads (controller-manager + scheduler + kwok)', () => {
  const kc = testKubeConfig();
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  let ns: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => {
    ns = await createTestNamespace(kc, 'deploy');
  });
  afterAll(async () => ns?.cleanup());

  it('exposes the kubeconfig through env and inject()', () => {
    expect(inject('kubeconfigPath')).toBe(process.env.KUBEOP_TEST_KUBECONFIG);
  });

  it('a Deployment becomes Available with Running pods on a fake node', async () => {
    await apps.createNamespacedDeployment({
      namespace: ns.name,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
          },
        },
      },
    });
    const d = await waitFor('Deployment Available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns.name });
      const ok = d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');
      return ok && d.status?.availableReplicas === 3 ? d : undefined;
    });
    expect(d.status?.readyReplicas).toBe(3);
    const pods = await core.listNamespacedPod({ namespace: ns.name, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(3);
    for (const p of pods.items) {
      expect(p.status?.phase).toBe('Running');
      expect(p.spec?.nodeName).toMatch(/^kwok-node-/);
      expect(p.status?.podIP).toBeTruthy();
      // the ServiceAccount admission plugin ran (projected token volume injected)
      expect(p.spec?.serviceAccountName).toBe('default');
      expect(p.spec?.volumes?.some((v) => v.name.startsWith('kube-api-access-'))).toBe(true);
    }

    // scale down: the ReplicaSet controller deletes pods and kwok completes the deletion
    await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: ns.name, body: { spec: { replicas: 1 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitFor('scaled to 1 pod', async () => {
      const pods = await core.listNamespacedPod({ namespace: ns.name, labelSelector: 'app=web' });
      return pods.items.length === 1;
    });
  });

  it('/version reports the pinned Kubernetes version', async () => {
    const v = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(v.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    // only when the plane was started by our global setup (not an external KUBEOP_TEST_KUBECONFIG cluster)
    if (process.env.KUBEOP_TEST_CLUSTER_PIDS) expect(v.gitVersion).toBe((await import('./versions.js')).versions().kubernetes);
  });
});
