/**
 * The local stack's operator, as a local process with a token of its own ServiceAccount (never the
 * admin's): waits until a bootstrap has created the ServiceAccount on the local control plane, asks
 * for a token (TokenRequest, 24 h), writes a kubeconfig holding only that token (0600), and runs the
 * built operator with it. Started in the background by `pnpm stack up`; stopped by `pnpm stack down`.
 *
 *   node operator-runner.js <admin kubeconfig> <system namespace> <state dir>
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getObject, parseKubeconfig, platformNames, renderKubeconfig, serviceAccountToken } from '@kubeop/kube';

const [adminKubeconfig, namespace, stateDir] = process.argv.slice(2);
if (!adminKubeconfig || !namespace || !stateDir) {
  process.stderr.write('usage: operator-runner <admin kubeconfig> <system namespace> <state dir>\n');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const admin = parseKubeconfig(readFileSync(adminKubeconfig, 'utf8')).connection;
const n = platformNames(namespace);
const log = (msg: string): void => void process.stdout.write(`${new Date().toISOString()} operator-runner: ${msg}\n`);

log(`waiting for ServiceAccount ${namespace}/${n.operator} (register the cluster with autoBootstrap to create it)`);
for (;;) {
  const sa = await getObject(admin, { apiVersion: 'v1', kind: 'ServiceAccount', name: n.operator, namespace }).catch(() => null);
  if (sa) break;
  await new Promise((r) => setTimeout(r, 2000));
}
const token = await serviceAccountToken(admin, { namespace, name: n.operator }, 24 * 3600);
const kubeconfigPath = join(stateDir, 'operator.kubeconfig');
const { server, ca, tlsServerName } = admin;
const own = renderKubeconfig({
  server,
  insecureSkipTlsVerify: false,
  token,
  ...(ca !== undefined ? { ca } : {}),
  ...(tlsServerName !== undefined ? { tlsServerName } : {}),
});
writeFileSync(kubeconfigPath, JSON.stringify(own), { mode: 0o600 });
log(`starting the operator with the ServiceAccount's token (${kubeconfigPath})`);
const child = spawn(process.execPath, [join(root, 'apps/operator/dist/main.js')], {
  stdio: 'inherit',
  env: {
    ...process.env,
    KUBEOP_KUBECONFIG: kubeconfigPath,
    KUBEOP_NAMESPACE: namespace,
    KUBEOP_LEADER_ELECTION_LEASE: n.leaderElectionLease,
  },
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
