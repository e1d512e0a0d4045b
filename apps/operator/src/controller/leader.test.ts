import { kubeRequest } from '@kubeop/kube';
import { testConnection } from '@kubeop/kube/testing';
import { createTestNamespace, testKubeConfig } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LeaderElector } from './leader.js';

const kc = testConnection();
let ns: Awaited<ReturnType<typeof createTestNamespace>>;
beforeAll(async () => {
  ns = await createTestNamespace(testKubeConfig(), 'op-ctl');
});
afterAll(() => ns?.cleanup());

describe('LeaderElector on a Lease', () => {
  it('elects exactly one of two candidates, and hands over when the leader releases it', async () => {
    const leaders = new Set<string>();
    const mk = (identity: string) => {
      const e: LeaderElector = new LeaderElector(kc, {
        namespace: ns.name,
        name: 'test-lease',
        identity,
        leaseDurationMs: 3000,
        renewDeadlineMs: 2000,
        retryPeriodMs: 200,
        onStartedLeading: () => leaders.add(identity),
        onStoppedLeading: () => leaders.delete(identity),
      });
      return e;
    };
    const a = mk('a');
    const b = mk('b');
    a.start();
    b.start();
    await vi.waitFor(() => expect(leaders.size).toBe(1));
    // stays exactly one over several renewals
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      expect(leaders.size).toBe(1);
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    }
    const [first, second] = a.isLeader() ? [a, b] : [b, a];
    await first.stop();
    await vi.waitFor(() => expect(second.isLeader()).toBe(true), { timeout: 10_000 });
    expect(leaders.size).toBe(1);
    const lease = await kubeRequest<{ spec: { holderIdentity: string; leaseTransitions: number } }>(kc, {
      method: 'GET',
      path: `/apis/coordination.k8s.io/v1/namespaces/${ns.name}/leases/test-lease`,
    });
    expect(lease.spec.holderIdentity).toBe(second === a ? 'a' : 'b');
    expect(lease.spec.leaseTransitions).toBe(1);
    await second.stop();
    expect(leaders.size).toBe(0);
  });
});
