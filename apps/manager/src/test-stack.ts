import { randomBytes } from 'node:crypto';
import { platform } from '@kubeop/core';
import { Operator, tokenConnection } from '@kubeop/operator/testing';
import { waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { expect } from 'vitest';
import { callApi, startTestManager, type TestManager } from './test-manager.js';
import { startProxiedPlane } from './test-plane.js';
import type { FreezableProxy } from './test-proxy.js';

/** A control plane of its own, a Manager that registered and bootstrapped it, and the operator. */
export interface TestStack {
  plane: ControlPlane;
  /** The control plane's admin connection (for checks behind the Manager's back). */
  admin: platform.KubeConnection;
  /** Between the Manager and the API server (the operator connects directly): tests take it down. */
  proxy: FreezableProxy;
  manager: TestManager;
  operator: Operator;
  clusterId: string;
  /** The platform's system namespace (unique per stack). */
  system: string;
  stop(): Promise<void>;
}

/**
 * Starts a control plane, a Manager, registers the plane as cluster `name` through a proxy
 * (bootstrapped, no admission server) and runs the operator in-process with a token of its own ServiceAccount (its
 * RBAC and the scope admission policy apply).
 */
export async function startTestStack(name: string, prefix = 'kubeop-s'): Promise<TestStack> {
  const system = `${prefix}-${randomBytes(3).toString('hex')}`;
  const proxied = await startProxiedPlane();
  const { plane, admin, proxy } = proxied;
  const manager = await startTestManager({ KUBEOP_SYSTEM_NAMESPACE: system });
  const call = (method: string, path: string, body?: unknown) => callApi(manager.url, method, path, body);
  const reg = await call('POST', '/v1/clusters', {
    name,
    kubeconfig: proxied.kubeconfigB64,
    autoBootstrap: true,
    installAdmission: false,
  });
  expect(reg.status).toBe(200);
  const clusterId: string = reg.body.id;
  await waitFor('bootstrap', async () => {
    const c = (await call('GET', `/v1/clusters/${clusterId}`)).body;
    if (c.bootstrap.state === 'failed') throw new Error(`bootstrap failed: ${c.bootstrap.error}`);
    return c.bootstrap.state === 'succeeded';
  });
  const n = platform.platformNames(system);
  const operator = new Operator({
    kc: tokenConnection(admin.server, admin.ca!, await platform.serviceAccountToken(admin, { namespace: system, name: n.operator })),
    namespace: system,
    identity: name,
    leaseName: n.leaderElectionLease,
    workers: 2,
  });
  operator.start();
  return {
    plane,
    admin,
    proxy,
    manager,
    operator,
    clusterId,
    system,
    async stop() {
      await operator.stop();
      await manager.stop();
      await proxied.stop();
    },
  };
}
