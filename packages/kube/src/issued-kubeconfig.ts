/**
 * The kubeconfig file kubeOP hands to people: one cluster, one user with a bearer token, one
 * context whose default namespace is the project's. Serialised by the YAML library from a plain
 * object (never a string template), so no name or value can change its structure.
 */
import { stringify } from 'yaml';

export interface IssuedKubeconfig {
  /** Name of the cluster entry (the registered cluster's name). */
  clusterName: string;
  /** Name of the context (and the current context). */
  contextName: string;
  /** Name of the user entry. */
  userName: string;
  server: string;
  /** PEM bundle of the server's CAs; absent: the system CAs. */
  ca?: string | undefined;
  tlsServerName?: string | undefined;
  insecureSkipTlsVerify?: boolean | undefined;
  namespace: string;
  token: string;
}

/** YAML text of the kubeconfig. Holds the token: never log it. */
export function renderIssuedKubeconfig(k: IssuedKubeconfig): string {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: k.clusterName,
        cluster: {
          server: k.server,
          ...(k.ca !== undefined ? { 'certificate-authority-data': Buffer.from(k.ca, 'utf8').toString('base64') } : {}),
          ...(k.tlsServerName !== undefined ? { 'tls-server-name': k.tlsServerName } : {}),
          ...(k.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: k.userName, user: { token: k.token } }],
    contexts: [{ name: k.contextName, context: { cluster: k.clusterName, user: k.userName, namespace: k.namespace } }],
    'current-context': k.contextName,
    preferences: {},
  };
  // lineWidth 0: long values (tokens, CA data) are never folded; no anchors or aliases
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
