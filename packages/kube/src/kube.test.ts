import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCluster } from './status.js';
import { DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from './egress.js';
import { KubeApiError, kubeRequest } from './kube.js';
import type { KubeConnection } from './kubeconfig.js';
import { generateCa, issueServingCertificate, type KeyPairPem } from './tls.js';

/** A local HTTPS server that answers every request with `status` and a body holding a secret. */
let server: Server;
let port: number;
let ca: KeyPairPem;
const requests: string[] = [];
const SECRET = 'internal-secret-3f9a';

beforeAll(async () => {
  ca = await generateCa();
  const serving = await issueServingCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  server = createServer({ key: serving.key, cert: serving.cert }, (req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    if (req.url === '/version') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ gitVersion: `<script>${SECRET}</script>` }));
      return;
    }
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: `denied: ${SECRET}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const connection = (host: string, policy: OutboundPolicy = DEFAULT_OUTBOUND_POLICY): KubeConnection => ({
  server: `https://${host}:${port}`,
  ca: ca.cert,
  token: 'tok',
  insecureSkipTlsVerify: false,
  policy,
});

describe('the Kubernetes client summarises what a server says', () => {
  it('puts the method, path, status and reason in errors, never the body', async () => {
    const e = await kubeRequest(connection('127.0.0.1'), { method: 'GET', path: '/api/v1/namespaces' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KubeApiError);
    expect((e as Error).message).toBe('GET /api/v1/namespaces: HTTP 403 Forbidden');
    expect(requests.at(-1)).toBe('GET /api/v1/namespaces Bearer tok');
  });

  it('reports a version only when it looks like one', async () => {
    expect(await probeCluster(connection('localhost'))).toEqual({ reachable: true, serverVersion: null, error: null });
  });
});

describe('the outbound policy', () => {
  const denyLoopback: OutboundPolicy = { denyCidrs: ['127.0.0.0/8', '::1/128'], allowInsecureTls: false };

  it('refuses a denied address literal before connecting', async () => {
    const before = requests.length;
    const probe = await probeCluster(connection('127.0.0.1', denyLoopback));
    expect(probe).toMatchObject({ reachable: false, error: expect.stringContaining('not allowed') });
    expect(requests.length).toBe(before);
  });

  it('refuses a name that resolves to a denied address (checked at connect time)', async () => {
    const before = requests.length;
    const probe = await probeCluster(connection('localhost', denyLoopback));
    expect(probe).toMatchObject({ reachable: false, error: expect.stringContaining('not allowed') });
    expect(requests.length).toBe(before);
  });

  it('connects when the address is not denied', async () => {
    const probe = await probeCluster(connection('localhost', { denyCidrs: ['169.254.0.0/16'], allowInsecureTls: false }));
    expect(probe.reachable).toBe(true);
  });
});
