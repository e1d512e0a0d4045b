/** How an in-cluster process (operator, admission) connects: its ServiceAccount, or a kubeconfig file for local runs. */
import { readFileSync } from 'node:fs';
import { parseKubeconfig, type KubeConnection } from './kubeconfig.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A connection from a ServiceAccount token, the cluster CA and the API server URL. */
export function tokenConnection(server: string, ca: string, token: string | (() => string)): KubeConnection {
  const base = { server, ca, insecureSkipTlsVerify: false, policy: { denyCidrs: [], allowInsecureTls: false } };
  if (typeof token === 'string') return { ...base, token };
  return Object.defineProperty(base, 'token', { get: token, enumerable: true }) as KubeConnection;
}

/**
 * In the cluster: the projected ServiceAccount token (re-read every minute: the kubelet rotates it),
 * the CA and namespace mounted beside it, the API server from KUBERNETES_SERVICE_HOST/PORT.
 */
export function inClusterConnection(
  env: Record<string, string | undefined> = process.env,
  dir = SERVICE_ACCOUNT_DIR,
): { kc: KubeConnection; namespace: string } {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new Error('not in a cluster (KUBERNETES_SERVICE_HOST unset): set KUBEOP_KUBECONFIG');
  let cached = { token: '', at: 0 };
  const token = () => {
    if (Date.now() - cached.at > 60_000) cached = { token: readFileSync(`${dir}/token`, 'utf8').trim(), at: Date.now() };
    return cached.token;
  };
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    kc: tokenConnection(server, readFileSync(`${dir}/ca.crt`, 'utf8'), token),
    namespace: readFileSync(`${dir}/namespace`, 'utf8').trim(),
  };
}

/** From a kubeconfig file, parsed against the same allowlist as the Manager's (no plugins or files). */
export function kubeconfigConnection(path: string): KubeConnection {
  return parseKubeconfig(readFileSync(path, 'utf8'), { field: 'KUBEOP_KUBECONFIG' }).connection;
}

/**
 * The connection of a process: from `kubeconfig` when given (local runs), else its ServiceAccount;
 * the namespace is `namespace` when given, else the ServiceAccount's (undefined with a kubeconfig).
 */
export function processConnection(
  kubeconfig: string | undefined,
  namespace: string | undefined,
): { kc: KubeConnection; namespace: string | undefined } {
  if (kubeconfig) return { kc: kubeconfigConnection(kubeconfig), namespace };
  const c = inClusterConnection();
  return { kc: c.kc, namespace: namespace ?? c.namespace };
}
