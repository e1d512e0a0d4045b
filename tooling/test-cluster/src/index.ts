import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';

export { ARTEFACTS, binariesPresent, ensureBinaries, GO_MISSING_MESSAGE, hasGo, runBuildScript } from './build.js';
export { type ControlPlane, type FakeNode, reapStalePlanes, start, type StartOptions } from './control-plane.js';
export { isAlive, rssOf } from './process.js';
export { renderKubeconfig, type KubeconfigInput } from './kubeconfig.js';
export { type CertFiles, type CertificateAuthority, createCA, createKeyPair, issueCertificate, type IssueOptions } from './pki.js';
export { freePorts } from './ports.js';
export { binDir, cacheRoot, stateDir, versions, type Versions } from './versions.js';

/** Path of the test cluster's admin kubeconfig (set by the vitest global setup or by you). */
export function testKubeconfigPath(): string {
  const p = process.env.KUBEOP_TEST_KUBECONFIG;
  if (!p) {
    throw new Error(
      "KUBEOP_TEST_KUBECONFIG is not set: add `globalSetup: ['@kubeop/test-cluster/vitest-global-setup']` to vitest.config.ts, or set it to an existing cluster's kubeconfig.",
    );
  }
  return p;
}

/** A KubeConfig loaded from KUBEOP_TEST_KUBECONFIG (throws a clear error when unset). */
export function testKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(testKubeconfigPath());
  return kc;
}

/**
 * Directory with the local test cluster's `ca.crt`/`ca.key` (to sign webhook serving certs with the
 * cluster CA), or undefined when the tests run against an external cluster.
 */
export function testClusterPkiDir(): string | undefined {
  return process.env.KUBEOP_TEST_CLUSTER_PKI || undefined;
}

export function testClusterCa(): { cert: string; key: string } | undefined {
  const d = testClusterPkiDir();
  return d ? { cert: join(d, 'ca.crt'), key: join(d, 'ca.key') } : undefined;
}

/** A random, DNS-1123-valid namespace name: `<prefix>-<8 hex>` (max 63 chars). */
export function uniqueNamespace(prefix = 'test'): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'test';
  return `${clean}-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates a namespace with a unique name (label `kubeop.io/test=true`) and waits for its default
 * ServiceAccount (pods are rejected before it exists). Returns the name and a cleanup function that
 * deletes it (without waiting for the namespace to disappear).
 */
export async function createTestNamespace(
  kc: k8s.KubeConfig,
  prefix = 'test',
  labels: Record<string, string> = {},
): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const name = uniqueNamespace(prefix);
  await core.createNamespace({ body: { metadata: { name, labels: { 'kubeop.io/test': 'true', ...labels } } } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      break;
    } catch (e) {
      if (!(e instanceof k8s.ApiException) || e.code !== 404 || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name,
    cleanup: async () => {
      try {
        await core.deleteNamespace({ name });
      } catch (e) {
        if (!(e instanceof k8s.ApiException) || e.code !== 404) throw e;
      }
    },
  };
}

/** Polls `probe` until it returns a truthy value (returned) or `timeoutMs` passes (throws, with the last error). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
