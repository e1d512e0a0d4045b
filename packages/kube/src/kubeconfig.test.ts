import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InvalidError } from './errors.js';
import { DEFAULT_OUTBOUND_POLICY } from './egress.js';
import { parseKubeconfig } from './kubeconfig.js';
import { generateCa, issueServingCertificate, type KeyPairPem } from './tls.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

let ca: KeyPairPem;
let client: KeyPairPem;
let other: KeyPairPem;

beforeAll(async () => {
  ca = await generateCa({ commonName: 'test-ca' });
  client = await issueServingCertificate(ca, { dnsNames: ['client'], ipAddresses: [] });
  other = await issueServingCertificate(ca, { dnsNames: ['other'], ipAddresses: [] });
});

type Doc = {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: Record<string, unknown> }>;
  [k: string]: unknown;
};

/** A valid kubeconfig with a token; tests change one field of it. */
function kubeconfig(edit: (d: Doc) => void = () => {}): string {
  const d: Doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://k8s.example:6443', 'certificate-authority-data': b64(ca.cert) } }],
    users: [{ name: 'u', user: { token: 'abc.def' } }],
    contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'team-a' } }],
    'current-context': 'ctx',
    preferences: {},
  };
  edit(d);
  return stringify(d);
}

function rejection(text: string, policy = DEFAULT_OUTBOUND_POLICY): InvalidError {
  try {
    parseKubeconfig(text, { policy });
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidError);
    return e as InvalidError;
  }
  throw new Error('expected the kubeconfig to be rejected');
}

describe('parseKubeconfig accepts static credentials only', () => {
  it('turns the current context into a connection, and keeps only what is used', () => {
    const text = kubeconfig((d) => {
      d.clusters.push({ name: 'unused', cluster: { server: 'https://elsewhere.example' } });
      d.users.push({ name: 'cert', user: { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) } });
    });
    const { connection, normalized } = parseKubeconfig(text);
    expect(connection).toMatchObject({
      server: 'https://k8s.example:6443',
      ca: ca.cert,
      token: 'abc.def',
      namespace: 'team-a',
      insecureSkipTlsVerify: false,
    });
    const stored = JSON.parse(normalized) as Doc;
    expect(stored.clusters).toHaveLength(1);
    expect(stored.users).toEqual([{ name: 'user', user: { token: 'abc.def' } }]);
    // the normalised form parses to the same connection
    expect(parseKubeconfig(normalized).connection).toEqual(connection);
  });

  it('accepts client certificates whose key belongs to them, and basic auth', () => {
    const cert = parseKubeconfig(
      kubeconfig((d) => (d.users[0]!.user = { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) })),
    );
    expect(cert.connection).toMatchObject({ clientCert: client.cert, clientKey: client.key });
    const basic = parseKubeconfig(kubeconfig((d) => (d.users[0]!.user = { username: 'admin', password: 's3cret' })));
    expect(basic.connection).toMatchObject({ username: 'admin', password: 's3cret' });
  });

  it('keeps a path prefix of the server (API proxies) and drops a trailing slash', () => {
    const { connection } = parseKubeconfig(
      kubeconfig((d) => (d.clusters[0]!.cluster.server = 'https://rancher.example/k8s/clusters/c-1/')),
    );
    expect(connection.server).toBe('https://rancher.example/k8s/clusters/c-1');
  });

  // Each field that would make a client act on the Manager's machine: refused, named, not quoted.
  const dangerous: Array<[string, (d: Doc) => void, string, RegExp]> = [
    [
      'exec',
      (d) => (d.users[0]!.user = { exec: { command: 'sh', args: ['-c', 'touch /tmp/x'], apiVersion: 'client.authentication.k8s.io/v1' } }),
      'kubeconfig.users[0].user.exec',
      /runs a program/,
    ],
    [
      'auth-provider gcp',
      (d) => (d.users[0]!.user = { 'auth-provider': { name: 'gcp', config: { 'cmd-path': '/bin/sh' } } }),
      'kubeconfig.users[0].user.auth-provider',
      /credential plugin/,
    ],
    [
      'auth-provider oidc',
      (d) => (d.users[0]!.user = { 'auth-provider': { name: 'oidc', config: { 'idp-issuer-url': 'http://169.254.169.254' } } }),
      'kubeconfig.users[0].user.auth-provider',
      /credential plugin/,
    ],
    [
      'auth-provider azure',
      (d) => (d.users[0]!.user = { 'auth-provider': { name: 'azure', config: {} } }),
      'kubeconfig.users[0].user.auth-provider',
      /credential plugin/,
    ],
    [
      'token-file',
      (d) => (d.users[0]!.user = { 'token-file': '/var/run/secrets/token' }),
      'kubeconfig.users[0].user.token-file',
      /reads a file/,
    ],
    ['tokenFile', (d) => (d.users[0]!.user = { tokenFile: '/dev/zero' }), 'kubeconfig.users[0].user.tokenFile', /reads a file/],
    [
      'client-certificate',
      (d) => (d.users[0]!.user = { 'client-certificate': '/etc/ssl/cert.pem', 'client-key': '/etc/ssl/key.pem' }),
      'kubeconfig.users[0].user.client-certificate',
      /reads a file/,
    ],
    [
      'certificate-authority',
      (d) => (d.clusters[0]!.cluster['certificate-authority'] = '/etc/passwd'),
      'kubeconfig.clusters[0].cluster.certificate-authority',
      /reads a file/,
    ],
    [
      'proxy-url',
      (d) => (d.clusters[0]!.cluster['proxy-url'] = 'http://attacker:3128'),
      'kubeconfig.clusters[0].cluster.proxy-url',
      /proxy/,
    ],
    ['impersonation', (d) => (d.users[0]!.user.as = 'system:admin'), 'kubeconfig.users[0].user.as', /impersonation/],
    ['unknown field', (d) => (d.users[0]!.user.surprise = 1), 'kubeconfig.users[0].user.surprise', /not a kubeconfig field/],
    [
      'exec in a user the current context does not use',
      (d) => d.users.push({ name: 'other', user: { exec: { command: 'id' } } }),
      'kubeconfig.users[1].user.exec',
      /runs a program/,
    ],
    ['http server', (d) => (d.clusters[0]!.cluster.server = 'http://k8s.example:8080'), 'kubeconfig.clusters[0].cluster.server', /https/],
    [
      'server with a query',
      (d) => (d.clusters[0]!.cluster.server = 'https://10.0.0.5/admin?x='),
      'kubeconfig.clusters[0].cluster.server',
      /query/,
    ],
    [
      'server with a fragment',
      (d) => (d.clusters[0]!.cluster.server = 'https://k8s.example/#x'),
      'kubeconfig.clusters[0].cluster.server',
      /fragment/,
    ],
    [
      'server with userinfo',
      (d) => (d.clusters[0]!.cluster.server = 'https://user:pass@k8s.example'),
      'kubeconfig.clusters[0].cluster.server',
      /user name/,
    ],
    [
      'server at the metadata address',
      (d) => (d.clusters[0]!.cluster.server = 'https://169.254.169.254'),
      'kubeconfig.clusters[0].cluster.server',
      /may not connect/,
    ],
    [
      'server at an IPv4-mapped metadata address',
      (d) => (d.clusters[0]!.cluster.server = 'https://[::ffff:169.254.169.254]'),
      'kubeconfig.clusters[0].cluster.server',
      /may not connect/,
    ],
    [
      'insecure-skip-tls-verify',
      (d) => {
        delete d.clusters[0]!.cluster['certificate-authority-data'];
        d.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
      },
      'kubeconfig.clusters[0].cluster.insecure-skip-tls-verify',
      /verification/,
    ],
    [
      'a token with a line break',
      (d) => (d.users[0]!.user.token = 'abc\r\nX-Injected: 1'),
      'kubeconfig.users[0].user.token',
      /bearer token/,
    ],
    [
      'a key that is not the certificate’s',
      (d) => (d.users[0]!.user = { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(other.key) }),
      'kubeconfig.users[0].user.client-key-data',
      /does not belong/,
    ],
    [
      'a CA that is not base64',
      (d) => (d.clusters[0]!.cluster['certificate-authority-data'] = '%%%'),
      'kubeconfig.clusters[0].cluster.certificate-authority-data',
      /base64/,
    ],
  ];

  it.each(dangerous)('refuses %s, naming the field', (_what, edit, path, message) => {
    const e = rejection(kubeconfig(edit));
    expect(e.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(e.message).toContain(path);
    for (const secret of ['touch', '/etc/passwd', 'attacker', 'abc.def', 's3cret', 'X-Injected']) expect(e.message).not.toContain(secret);
  });

  it('accepts insecure-skip-tls-verify only when the Manager allows it', () => {
    const text = kubeconfig((d) => {
      delete d.clusters[0]!.cluster['certificate-authority-data'];
      d.clusters[0]!.cluster['insecure-skip-tls-verify'] = true;
    });
    const { connection } = parseKubeconfig(text, { policy: { ...DEFAULT_OUTBOUND_POLICY, allowInsecureTls: true } });
    expect(connection.insecureSkipTlsVerify).toBe(true);
  });

  it('reports every refused field at once', () => {
    const e = rejection(
      kubeconfig((d) => {
        d.users[0]!.user = { exec: { command: 'sh' }, tokenFile: '/x' };
        d.clusters[0]!.cluster['proxy-url'] = 'http://p';
      }),
    );
    expect(e.issues.map((i) => i.path).sort()).toEqual([
      'kubeconfig.clusters[0].cluster.proxy-url',
      'kubeconfig.users[0].user.exec',
      'kubeconfig.users[0].user.tokenFile',
    ]);
  });

  it('refuses YAML tricks: custom tags, alias bombs, several documents, duplicate keys', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 30 }, (_, i) => `b${i}: &b${i} [*${i === 0 ? 'a' : `b${i - 1}`}, *${i === 0 ? 'a' : `b${i - 1}`}]`),
    ].join('\n');
    for (const text of [
      '!!js/function "function(){}"',
      bomb,
      `${kubeconfig()}\n---\n${kubeconfig()}`,
      'current-context: a\ncurrent-context: b\n',
      '[1, 2, 3]',
      '',
    ]) {
      expect(rejection(text).issues[0]!.path).toMatch(/^kubeconfig/);
    }
  });

  it('names the context, cluster or user that is missing', () => {
    expect(rejection(kubeconfig((d) => (d['current-context'] = 'nope'))).issues[0]!.path).toBe('kubeconfig.current-context');
    expect(rejection(kubeconfig((d) => (d.contexts[0]!.context.cluster = 'nope'))).issues[0]!.path).toBe(
      'kubeconfig.contexts[0].context.cluster',
    );
    expect(rejection(kubeconfig((d) => (d.contexts[0]!.context.user = 'nope'))).issues[0]!.path).toBe(
      'kubeconfig.contexts[0].context.user',
    );
    expect(rejection(kubeconfig((d) => delete d['current-context'])).message).toMatch(/current-context/);
  });
});
