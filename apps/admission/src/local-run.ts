/**
 * Running the admission server as a local process against a cluster bootstrapped in `url` mode (the
 * local stack, tests): the serving pair the webhooks' caBundle trusts is read from the
 * `kubeop-admission-tls` Secret with the admin's connection, and the process gets a token of its
 * OWN ServiceAccount (TokenRequest), never the admin's. Files are written 0600.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformNames, readAdmissionTls, renderKubeconfig, serviceAccountToken, type KubeConnection } from '@kubeop/kube';

export interface ServingPairFiles {
  certFile: string;
  keyFile: string;
  /** PEM of the CA that signed the serving certificate (the webhooks' caBundle). */
  caCert: string;
}

export interface LocalRunFiles extends ServingPairFiles {
  /** A kubeconfig holding only the admission ServiceAccount's token. */
  kubeconfig: string;
}

function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  writeFileSync(file, content, { mode: 0o600 });
}

/** Copies the serving pair out of the cluster's Secret into `dir` (files rewritten only when they change). */
export async function writeServingPair(admin: KubeConnection, namespace: string, dir: string): Promise<ServingPairFiles> {
  const tls = await readAdmissionTls(admin, { namespace });
  if (!tls?.cert || !tls.key || !tls.caCert) {
    throw new Error(
      `no serving pair in Secret ${namespace}/${platformNames(namespace).admissionTlsSecret}: bootstrap with admission first`,
    );
  }
  const files = { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
  writeIfChanged(files.keyFile, tls.key);
  writeIfChanged(files.certFile, tls.cert);
  return { ...files, caCert: tls.caCert };
}

/** Writes the serving pair and a kubeconfig with the admission ServiceAccount's token into `dir`. */
export async function writeLocalRunFiles(
  admin: KubeConnection,
  namespace: string,
  dir: string,
  tokenSeconds = 3600,
): Promise<LocalRunFiles> {
  const pair = await writeServingPair(admin, namespace, dir);
  const token = await serviceAccountToken(admin, { namespace, name: platformNames(namespace).admission }, tokenSeconds);
  const kubeconfig = join(dir, 'admission.kubeconfig');
  const own = renderKubeconfig({
    server: admin.server,
    insecureSkipTlsVerify: false,
    token,
    ...(admin.ca !== undefined ? { ca: admin.ca } : {}),
    ...(admin.tlsServerName !== undefined ? { tlsServerName: admin.tlsServerName } : {}),
  });
  writeFileSync(kubeconfig, JSON.stringify(own), { mode: 0o600 });
  return { ...pair, kubeconfig };
}
