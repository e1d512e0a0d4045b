/**
 * vitest globalSetup: one Kubernetes control plane per test run, shared by all test files
 * (tests isolate themselves by namespace, see uniqueNamespace()/createTestNamespace()).
 *
 *   // vitest.config.ts
 *   test: { globalSetup: ['@kubeop/test-cluster/vitest-global-setup'] }
 *
 * KUBEOP_TEST_KUBECONFIG=<path> → use that cluster (e.g. kind) instead of starting one.
 * Tests get the kubeconfig path from process.env.KUBEOP_TEST_KUBECONFIG or inject('kubeconfigPath').
 */
import { existsSync } from 'node:fs';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { binariesPresent, ensureBinaries, GO_MISSING_MESSAGE, hasGo } from './build.js';
import { type ControlPlane, start } from './control-plane.js';
import { isAlive } from './process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig of the test cluster. */
    kubeconfigPath: string;
  }
}

/**
 * One plane per vitest process, shared by every project whose config lists this global setup
 * (the root config runs several projects); the last teardown stops it.
 */
interface Shared {
  plane: Promise<ControlPlane>;
  users: number;
}
const SHARED = Symbol.for('kubeop.test-cluster.shared');
const registry = globalThis as typeof globalThis & { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = registry[SHARED];
  const given = shared ? undefined : process.env.KUBEOP_TEST_KUBECONFIG;
  if (given) {
    if (!existsSync(given)) throw new Error(`KUBEOP_TEST_KUBECONFIG points to ${given}, which does not exist.`);
    project.provide('kubeconfigPath', given);
    return async () => {};
  }
  let entry = shared;
  if (!entry) {
    if (!binariesPresent() && !hasGo()) throw new Error(GO_MISSING_MESSAGE);
    entry = { users: 0, plane: startShared() };
    registry[SHARED] = entry;
  }
  entry.users++;
  const plane = await entry.plane;
  project.provide('kubeconfigPath', plane.kubeconfigPath);
  const mine = entry;
  return async () => {
    if (--mine.users > 0) return;
    delete registry[SHARED];
    const pids = Object.values(plane.pids);
    await plane.stop();
    const left = pids.filter(isAlive);
    if (left.length) throw new Error(`test control plane left processes behind: ${left.join(', ')}`);
  };
}

async function startShared(): Promise<ControlPlane> {
  const bin = await ensureBinaries();
  const log = process.env.KUBEOP_K8S_VERBOSE ? (m: string): void => void process.stderr.write(`[test-cluster] ${m}\n`) : undefined;
  const plane = await start({ binDir: bin, ...(log ? { log } : {}) });
  process.stderr.write(
    `[test-cluster] control plane ${plane.versions.kubernetes} ready in ${(plane.timings.ready ?? 0) / 1000}s at ${plane.apiServerUrl} (kubeconfig ${plane.kubeconfigPath})\n`,
  );
  process.env.KUBEOP_TEST_KUBECONFIG = plane.kubeconfigPath;
  process.env.KUBEOP_TEST_CLUSTER_PIDS = JSON.stringify(plane.pids);
  process.env.KUBEOP_TEST_CLUSTER_PKI = plane.pkiDir;
  return plane;
}
