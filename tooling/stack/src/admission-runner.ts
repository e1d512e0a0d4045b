/**
 * The local stack's admission server, as a local process with a token of its own ServiceAccount
 * (never the admin's): waits until a bootstrap has created the account and the serving Secret (the
 * Manager registers the webhooks by URL, KUBEOP_ADMISSION_URL), copies the serving pair the
 * webhooks' caBundle trusts out of the Secret `kubeop-admission-tls` (with the admin kubeconfig),
 * and runs the built server on that port. Every 30 s the Secret is copied again, so a certificate
 * the Manager renews is served without a restart (the server reloads changed files).
 *
 *   node admission-runner.js <admin kubeconfig> <system namespace> <state dir> <port>
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLocalRunFiles, writeServingPair } from '@kubeop/admission/testing';
import { getObject, parseKubeconfig, platformNames } from '@kubeop/kube';

const [adminKubeconfig, namespace, stateDir, port] = process.argv.slice(2);
if (!adminKubeconfig || !namespace || !stateDir || !port) {
  process.stderr.write('usage: admission-runner <admin kubeconfig> <system namespace> <state dir> <port>\n');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const admin = parseKubeconfig(readFileSync(adminKubeconfig, 'utf8')).connection;
const n = platformNames(namespace);
const dir = join(stateDir, 'admission');
mkdirSync(dir, { recursive: true, mode: 0o700 });
const log = (msg: string): void => void process.stdout.write(`${new Date().toISOString()} admission-runner: ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

log(`waiting for ServiceAccount ${namespace}/${n.admission} and Secret ${n.admissionTlsSecret} (register the cluster with autoBootstrap)`);
for (;;) {
  const [sa, secret] = await Promise.all([
    getObject(admin, { apiVersion: 'v1', kind: 'ServiceAccount', name: n.admission, namespace }).catch(() => null),
    getObject(admin, { apiVersion: 'v1', kind: 'Secret', name: n.admissionTlsSecret, namespace }).catch(() => null),
  ]);
  if (sa && secret) break;
  await sleep(2000);
}
const files = await writeLocalRunFiles(admin, namespace, dir, 24 * 3600);
log(`starting the admission server on https://127.0.0.1:${port} with the ServiceAccount's token (${files.kubeconfig})`);
const child = spawn(
  process.execPath,
  [join(root, 'apps/admission/dist/main.js'), `--port=${port}`, `--tls-cert-file=${files.certFile}`, `--tls-key-file=${files.keyFile}`],
  { stdio: 'inherit', env: { ...process.env, KUBEOP_KUBECONFIG: files.kubeconfig, KUBEOP_NAMESPACE: namespace } },
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
// keep the files in step with the Secret (a renewal by the Manager); the server picks changes up itself
for (;;) {
  await sleep(30_000);
  await writeServingPair(admin, namespace, dir).catch((e: unknown) => log(`could not refresh the serving pair: ${(e as Error).message}`));
}
