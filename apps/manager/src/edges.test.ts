import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostnameOf, hostPolicy, originHostname, sameAuthority } from './edges.js';
import { createLogger } from './logger.js';
import { capStrings } from './manager.js';
import { TRPC_MAX_BATCH_SIZE } from './server.js';
import { startTestManager, type TestManager } from './test-manager.js';

/** Every log line the Manager writes, parsed. */
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  },
});

let m: TestManager;
beforeAll(async () => {
  // The default address (loopback) on a free port, with every log line captured.
  m = await startTestManager({ KUBEOP_HTTP_ADDR: '', LOG_LEVEL: 'info' }, { port: 0 }, createLogger('info', sink));
});
afterAll(async () => {
  await m?.stop();
});

const inject = (opts: InjectOptions) => m.server.app.inject(opts);
const tenantNames = async () =>
  ((await inject({ method: 'GET', url: '/v1/tenants?limit=500' })).json() as { name: string }[]).map((t) => t.name);

describe('safe defaults', () => {
  it('with auth off, binds to loopback, says so in the start line and warns that auth is off', () => {
    const addr = m.server.app.server.address();
    expect(addr && typeof addr === 'object' ? addr.address : addr).toBe('127.0.0.1');
    const port = addr && typeof addr === 'object' ? addr.port : 0;
    expect(port).toBeGreaterThan(0);
    const start = lines.find((l) => l.msg === 'kubeOP Manager listening');
    expect(start).toMatchObject({ address: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, auth: false });
    const warning = lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('authentication is OFF'));
    expect(warning).toMatchObject({ level: 40, address: `127.0.0.1:${port}` });
  });
});

describe('no CSRF: bodies are JSON, and POSTs take no input from undeclared query parameters', () => {
  it('refuses POST /v1/tenants?name=x without a body or with a text/plain or form body, and creates nothing', async () => {
    const noBody = await inject({ method: 'POST', url: '/v1/tenants?name=csrf1' });
    expect(noBody.statusCode).toBe(415);
    expect(noBody.json()).toMatchObject({ error: 'unsupported media type', message: expect.stringContaining('application/json') });
    const text = await inject({
      method: 'POST',
      url: '/v1/tenants?name=csrf2',
      headers: { 'content-type': 'text/plain' },
      payload: '{"name":"csrf3"}',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: 'unsupported media type' });
    const form = await inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=csrf4',
    });
    expect(form.statusCode).toBe(415);
    // With a JSON body, the query still is no input.
    const json = await inject({ method: 'POST', url: '/v1/tenants?name=csrf5', payload: {} });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'name' }] });
    expect((await inject({ method: 'PATCH', url: '/v1/tenants?id=x&name=csrf6' })).statusCode).toBe(415);
    expect((await tenantNames()).filter((n) => n.startsWith('csrf'))).toEqual([]);
  });

  it('takes the parameters the document declares in the query, with or without a body', async () => {
    const unknown = '01a21912-19a6-756d-9b87-43d895f38cc4';
    const doc = (await inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    expect(doc.paths['/v1/platform/bootstrap']!.post!.parameters).toContainEqual(
      expect.objectContaining({ name: 'clusterID', in: 'query' }),
    );
    // Reaches the procedure (404: no such cluster) instead of a 415 for the missing body.
    const bare = await inject({ method: 'POST', url: `/v1/platform/bootstrap?clusterID=${unknown}` });
    expect(bare.statusCode).toBe(404);
    const withBody = await inject({ method: 'POST', url: `/v1/platform/autoscale?clusterid=${unknown}`, payload: { enabled: false } });
    expect(withBody.statusCode).toBe(404);
    expect((await inject({ method: 'POST', url: '/v1/platform/bootstrap' })).statusCode).toBe(400);
  });

  it('refuses state-changing requests from pages of other origins (403) and serves its own', async () => {
    const evil = await inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { origin: 'https://evil.example' },
      payload: { name: 'csrf7' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('cross-origin') });
    const sandboxed = await inject({ method: 'DELETE', url: '/v1/tenants/x', headers: { origin: 'null' } });
    expect(sandboxed.statusCode).toBe(403);
    // another local page (a dev server on another port) is another origin too
    const otherPort = await inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { host: 'localhost:18080', origin: 'http://localhost:3000' },
      payload: { name: 'csrf8' },
    });
    expect(otherPort.statusCode).toBe(403);
    const own = await inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { host: 'localhost:18080', origin: 'http://localhost:18080' },
      payload: { name: 'same-origin' },
    });
    expect(own.statusCode).toBe(200);
    expect(await tenantNames()).not.toContain('csrf7');
    expect(await tenantNames()).not.toContain('csrf8');
  });
});

describe('no DNS rebinding: the Host header is checked', () => {
  it('answers 421 with the error body for hosts it does not serve', async () => {
    for (const host of ['evil.example', 'evil.example:18080', '127.0.0.1.evil.example', 'localhost.evil.example', 'a b']) {
      const r = await inject({ method: 'GET', url: '/v1/tenants', headers: { host } });
      expect(r.statusCode, host).toBe(421);
      expect(r.json()).toMatchObject({ error: 'misdirected request', message: expect.stringContaining('KUBEOP_ALLOWED_HOSTS') });
    }
    const post = await inject({ method: 'POST', url: '/v1/tenants', headers: { host: 'evil.example' }, payload: { name: 'rebound' } });
    expect(post.statusCode).toBe(421);
    expect(await tenantNames()).not.toContain('rebound');
  });

  it('serves loopback names and addresses on any port, and the docs', async () => {
    for (const host of ['localhost', 'LOCALHOST:8080', '127.0.0.1:18080', '127.1.2.3', '[::1]:18080', 'app.localhost:1']) {
      expect((await inject({ method: 'GET', url: '/healthz', headers: { host } })).statusCode, host).toBe(200);
    }
    expect((await inject({ method: 'GET', url: '/docs/', headers: { host: 'localhost:18080' } })).statusCode).toBe(200);
  });

  it('host policy: listen address, KUBEOP_ALLOWED_HOSTS with wildcards, and any host with auth on a network address', () => {
    const listed = hostPolicy({ listenHost: '10.0.0.5', requireAuth: false, allowedHosts: ['kubeop.example.com', '*.corp.example'] });
    expect(['10.0.0.5', 'kubeop.example.com', 'a.corp.example', 'a.b.corp.example', 'localhost'].every((h) => listed.allows(h))).toBe(true);
    expect(['corp.example', 'xcorp.example', 'evil.example', '10.0.0.6', ''].some((h) => listed.allows(h))).toBe(false);
    const all = hostPolicy({ listenHost: '0.0.0.0', requireAuth: false, allowedHosts: [] });
    expect(all.allows('192.168.1.10') && all.allows('fe80::1')).toBe(true);
    expect(all.allows('kubeop.internal')).toBe(false);
    expect(hostPolicy({ listenHost: '0.0.0.0', requireAuth: true, allowedHosts: [] }).any).toBe(true);
    expect(hostPolicy({ listenHost: '0.0.0.0', requireAuth: true, allowedHosts: ['kubeop.example.com'] }).allows('evil.example')).toBe(
      false,
    );
    expect(hostPolicy({ listenHost: '127.0.0.1', requireAuth: true, allowedHosts: [] }).allows('evil.example')).toBe(false);
    expect(hostPolicy({ listenHost: '127.0.0.1', requireAuth: false, allowedHosts: ['*'] }).any).toBe(true);
    expect([hostnameOf('[::1]:80'), hostnameOf('Example.COM:443'), hostnameOf('x@y'), hostnameOf(undefined)]).toEqual([
      '::1',
      'example.com',
      '',
      '',
    ]);
    // a fully qualified name (one trailing dot) is the same host; a bare dot is not a host
    expect([hostnameOf('localhost.:18080'), hostnameOf('kubeop.example.com.'), hostnameOf('.')]).toEqual([
      'localhost',
      'kubeop.example.com',
      '.',
    ]);
    expect(
      hostPolicy({ listenHost: '127.0.0.1', requireAuth: false, allowedHosts: [] }).allows(hostnameOf('localhost.evil.example.')),
    ).toBe(false);
    expect([
      sameAuthority('http://localhost:18080', 'localhost:18080'),
      sameAuthority('http://localhost', 'localhost:80'),
      sameAuthority('http://localhost:3000', 'localhost:18080'),
      sameAuthority('https://kubeop.example', 'kubeop.example.evil'),
      sameAuthority('null', 'localhost'),
    ]).toEqual([true, true, false, false, false]);
    expect([originHostname('http://localhost:3000'), originHostname('null'), originHostname('file:///x')]).toEqual([
      'localhost',
      null,
      null,
    ]);
  });
});

describe('tRPC edges', () => {
  const batch = (n: number) =>
    `/trpc/${Array.from({ length: n }, () => 'tenants.list').join(',')}?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { limit: 1 }]))),
    )}`;

  it(`answers batches of up to ${TRPC_MAX_BATCH_SIZE} calls and refuses larger ones`, async () => {
    const ok = await inject({ method: 'GET', url: batch(TRPC_MAX_BATCH_SIZE) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(TRPC_MAX_BATCH_SIZE);
    const over = await inject({ method: 'GET', url: batch(TRPC_MAX_BATCH_SIZE + 1) });
    expect(over.statusCode).toBe(400);
    expect(JSON.stringify(over.json())).toMatch(/batch/i);
  });

  it('refuses mutations that are not JSON (a cross-site form or text/plain POST), and creates nothing', async () => {
    const text = await inject({
      method: 'POST',
      url: '/trpc/tenants.create',
      headers: { 'content-type': 'text/plain' },
      payload: '{"name":"trpc-csrf1"}',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: 'unsupported media type' });
    const bare = await inject({ method: 'POST', url: '/trpc/tenants.create?input=%7B%22name%22%3A%22trpc-csrf2%22%7D' });
    expect(bare.statusCode).toBe(415);
    // the same route spelled with a percent-encoded path
    const encoded = await inject({
      method: 'POST',
      url: '/%74rpc/tenants.create',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\ntrpc-csrf3\r\n--x--\r\n',
    });
    expect(encoded.statusCode).toBe(415);
    const json = await inject({ method: 'POST', url: '/trpc/tenants.create', payload: { name: 'trpc-ok' } });
    expect(json.statusCode).toBe(200);
    const names = await tenantNames();
    expect(names).toContain('trpc-ok');
    expect(names.filter((n) => n.startsWith('trpc-csrf'))).toEqual([]);
  });
});

describe('logs', () => {
  it('never contain query strings', async () => {
    lines.length = 0;
    await inject({ method: 'GET', url: '/v1/tenants?cursor=secret-in-query-1&limit=5' });
    await inject({ method: 'GET', url: '/v1/nowhere?token=secret-in-query-2' });
    await inject({ method: 'GET', url: '/trpc/tenants.list?input=%7B%22cursor%22%3A%22secret-in-query-3%22%7D' });
    const text = JSON.stringify(lines);
    expect(lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/v1/tenants')).toBe(true);
    expect(text).not.toMatch(/secret-in-query/);
  });

  it('cap the error strings of background jobs', () => {
    const capped = capStrings({ clusterId: 'c1', error: 'x'.repeat(50_000), counts: { a: 1 } });
    expect(capped).toMatchObject({ clusterId: 'c1', counts: { a: 1 } });
    expect((capped.error as string).length).toBeLessThan(1100);
    expect(capped.error).toMatch(/^x{1000}… \(50000 characters\)$/);
  });

  it('keep the caller X-Request-Id beside our own, which is the one answered', async () => {
    lines.length = 0;
    const r = await inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'caller-abc.123' } });
    const ours = r.headers['x-request-id'] as string;
    expect(ours).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const logged = lines.filter((l) => l.reqId === ours);
    expect(logged.length).toBeGreaterThan(0);
    for (const l of logged) expect(l.callerRequestId).toBe('caller-abc.123');
    // Not an id: not logged (no log injection), still answered with ours.
    lines.length = 0;
    const bad = await inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'x\u001b[31m y' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => 'callerRequestId' in l)).toBe(false);
    // Two requests with the same caller id are still told apart.
    const again = await inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'caller-abc.123' } });
    expect(again.headers['x-request-id']).not.toBe(ours);
  });
});
