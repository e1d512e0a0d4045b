const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

export interface KubeconfigInput {
  server: string;
  caPem: string;
  user: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  token?: string;
  clusterName?: string;
  namespace?: string;
}

/** Renders a self-contained kubeconfig (YAML, all credentials embedded). */
export function renderKubeconfig(k: KubeconfigInput): string {
  const cluster = k.clusterName ?? 'kubeop-test';
  const creds: string[] = [];
  if (k.clientCertPem) creds.push(`    client-certificate-data: ${b64(k.clientCertPem)}`);
  if (k.clientKeyPem) creds.push(`    client-key-data: ${b64(k.clientKeyPem)}`);
  if (k.token) creds.push(`    token: ${JSON.stringify(k.token)}`);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${cluster}`,
    '  cluster:',
    `    server: ${k.server}`,
    `    certificate-authority-data: ${b64(k.caPem)}`,
    'users:',
    `- name: ${k.user}`,
    '  user:',
    ...creds,
    'contexts:',
    `- name: ${k.user}@${cluster}`,
    '  context:',
    `    cluster: ${cluster}`,
    `    user: ${k.user}`,
    ...(k.namespace ? [`    namespace: ${k.namespace}`] : []),
    `current-context: ${k.user}@${cluster}`,
    '',
  ].join('\n');
}
