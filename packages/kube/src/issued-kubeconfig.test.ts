import { KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderIssuedKubeconfig, type IssuedKubeconfig } from './issued-kubeconfig.js';
import { parseKubeconfig } from './kubeconfig.js';
import { generateCa, type KeyPairPem } from './tls.js';

let ca: KeyPairPem;
beforeAll(async () => {
  ca = await generateCa({ commonName: 'issued-kubeconfig-test' });
});

const base = (): IssuedKubeconfig => ({
  clusterName: 'prod',
  contextName: 'kubeop-acme-web-0123abcd',
  userName: 'kubeop-project@kubeop-acme-web-0123abcd',
  server: 'https://k8s.example:6443',
  ca: ca.cert,
  namespace: 'kubeop-acme-web-0123abcd',
  token: 'eyJhbGciOiJSUzI1NiJ9.' + 'x'.repeat(900) + '.sig',
});

// what a YAML template would turn into new keys, entries, documents or comments
const HOSTILE = [
  'a: b',
  'x\nuser:\n  token: stolen\n',
  '- name: evil',
  '#comment',
  '&anchor',
  '*alias',
  '!!python/object',
  '{ flow: map }',
  '[1, 2]',
  "'quoted'",
  '"double"',
  '---\nkind: Other',
  '...',
  ' leading and trailing ',
  'yes',
  'null',
  '123',
  '\ttab',
  'ünïcødé ✓',
  '|',
  '>',
  '%TAG',
  '@at',
  '`back`',
];

describe('issued kubeconfigs', () => {
  it('is YAML that kubectl (client-node) reads as one cluster, user and context with the namespace', () => {
    const k = base();
    const text = renderIssuedKubeconfig(k);
    const kc = new KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentContext()).toBe(k.contextName);
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'prod',
      server: 'https://k8s.example:6443',
      caData: Buffer.from(ca.cert).toString('base64'),
    });
    expect(kc.getCurrentUser()).toMatchObject({ name: k.userName, token: k.token });
    expect(kc.getContextObject(k.contextName)?.namespace).toBe(k.namespace);
    // no folded lines: the token is on one line
    expect(text.split('\n').some((l) => l.trim() === `token: ${k.token}`)).toBe(true);
    // and it passes kubeOP's own kubeconfig check (what registration accepts)
    const parsed = parseKubeconfig(text).connection;
    expect(parsed).toMatchObject({ server: k.server, ca: ca.cert, token: k.token, namespace: k.namespace });
  });

  it.each(HOSTILE)('serialises the hostile name %j as data, never as structure', (hostile) => {
    const k = { ...base(), clusterName: hostile, contextName: hostile, userName: `${hostile}@user`, namespace: hostile };
    const text = renderIssuedKubeconfig(k);
    const doc = parse(text) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['apiVersion', 'clusters', 'contexts', 'current-context', 'kind', 'preferences', 'users']);
    expect(doc.clusters).toEqual([{ name: hostile, cluster: expect.objectContaining({ server: k.server }) }]);
    expect(doc.users).toEqual([{ name: `${hostile}@user`, user: { token: k.token } }]);
    expect(doc.contexts).toEqual([{ name: hostile, context: { cluster: hostile, user: `${hostile}@user`, namespace: hostile } }]);
    expect(doc['current-context']).toBe(hostile);

    const kc = new KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentCluster()?.server).toBe(k.server);
    expect(kc.getCurrentUser()?.token).toBe(k.token);
    expect(kc.getContextObject(hostile)?.namespace).toBe(hostile);
  });

  it('carries tls-server-name and insecure-skip-tls-verify only when given', () => {
    const plain = parse(renderIssuedKubeconfig({ ...base(), ca: undefined })) as { clusters: Array<{ cluster: object }> };
    expect(plain.clusters[0]!.cluster).toEqual({ server: 'https://k8s.example:6443' });
    const both = parse(
      renderIssuedKubeconfig({ ...base(), ca: undefined, tlsServerName: 'api.internal', insecureSkipTlsVerify: true }),
    ) as {
      clusters: Array<{ cluster: object }>;
    };
    expect(both.clusters[0]!.cluster).toEqual({
      server: 'https://k8s.example:6443',
      'tls-server-name': 'api.internal',
      'insecure-skip-tls-verify': true,
    });
  });
});
