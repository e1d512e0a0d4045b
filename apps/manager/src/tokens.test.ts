import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, exportPKCS8, generateKeyPair, jwtVerify, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { TEST_HMAC_KEY, testToken } from './test-tokens.js';

let m: TestManager;
let replica: TestManager;
let signingKey: CryptoKey;
let pem: string;

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
const api = (method: string, path: string, token?: string, body?: unknown) => call(m.url, method, path, token, body);

const admin = () => testToken({ role: 'admin', sub: 'ops' }, { key: signingKey });

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  signingKey = pair.privateKey;
  pem = await exportPKCS8(pair.privateKey);
  const env = {
    KUBEOP_REQUIRE_AUTH: 'true',
    KUBEOP_JWT_PRIVATE_KEY: pem,
    KUBEOP_JWT_KEY_ID: 'test-1',
    KUBEOP_JWT_SIGNING_KEY: TEST_HMAC_KEY,
    KUBEOP_TOKEN_MAX_TTL: '2h',
    KUBEOP_TOKEN_REVOCATION_REFRESH_MS: '200',
  };
  m = await startTestManager(env);
  // a second Manager on the same database (another replica)
  replica = await startTestManager(env, {}, undefined, m.testDb);
});
afterAll(async () => {
  await replica?.close();
  await m?.stop();
});

describe('token verification', () => {
  it('accepts EdDSA (by kid) and HS256 tokens with every required claim', async () => {
    expect((await api('GET', '/v1/tenants', await testToken({ role: 'admin' }, { key: signingKey, kid: 'test-1' }))).status).toBe(200);
    expect((await api('GET', '/v1/tenants', await testToken({ role: 'admin' }))).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate for missing, malformed, expired or foreign tokens', async () => {
    for (const token of [undefined, 'garbage', await testToken({ role: 'admin' }, { key: signingKey, expiresIn: '-10m' })]) {
      const res = await api('GET', '/v1/tenants', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(res.body.error).toBe('unauthorized');
    }
    // over tRPC too
    const trpc = await fetch(`${m.url}/trpc/tenants.list`);
    expect(trpc.status).toBe(401);
    expect(trpc.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const expired = await api('GET', '/v1/tenants', await testToken({ role: 'admin' }, { key: signingKey, expiresIn: '-10m' }));
    expect(expired.body.message).toBe('invalid token: token expired');
    const other = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    expect((await api('GET', '/v1/tenants', await testToken({ role: 'admin' }, { key: other }))).status).toBe(401);
    expect((await api('GET', '/v1/tenants', await testToken({ role: 'admin' }, { key: other, kid: 'test-1' }))).status).toBe(401);
  });

  it('refuses alg none and algorithm confusion (HS256 keyed with the public key)', async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'x',
      role: 'admin',
      scope: 'admin',
      iss: 'kubeop',
      aud: 'kubeop-manager',
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
    };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect((await api('GET', '/v1/tenants', none)).status).toBe(401);

    const jwks = (await (await fetch(`${m.url}/.well-known/jwks.json`)).json()) as { keys: { x: string }[] };
    const rawPublic = Buffer.from(jwks.keys[0]!.x, 'base64url');
    const spki = createPublicKey(pem).export({ type: 'spki', format: 'pem' });
    for (const secret of [rawPublic, Buffer.from(JSON.stringify(jwks.keys[0])), Buffer.from(spki)]) {
      const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'test-1' })}.${b64(claims)}`;
      const sig = createHmac('sha256', secret).update(head).digest('base64url');
      const res = await api('GET', '/v1/tenants', `${head}.${sig}`);
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('invalid token: bad signature');
    }
  });

  it('refuses a wrong iss or aud, a missing claim, a too long lifetime and an iat in the future', async () => {
    const refused = async (token: string, message: RegExp) => {
      const res = await api('GET', '/v1/tenants', token);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(message);
    };
    await refused(await testToken({ role: 'admin', iss: 'someone-else' }, { key: signingKey }), /claim "iss"/);
    await refused(await testToken({ role: 'admin', aud: 'another-service' }, { key: signingKey }), /claim "aud"/);
    for (const claim of ['sub', 'scope', 'jti', 'iss', 'aud', 'iat', 'exp']) {
      await refused(await testToken({ role: 'admin' }, { key: signingKey, omit: [claim] }), new RegExp(`missing claim "${claim}"`));
    }
    await refused(await testToken({ role: 'tenant', scope: 'tenant:not-a-uuid' }, { key: signingKey }), /scope/);
    await refused(await testToken({ role: 'admin' }, { key: signingKey, expiresIn: '400d' }), /lifetime/);
    const future = Math.floor(Date.now() / 1000) + 3600;
    await refused(await testToken({ role: 'admin' }, { key: signingKey, iat: future, expiresIn: future + 600 }), /claim "iat"/);
  });
});

describe('POST /v1/jwt/project', () => {
  it('issues an EdDSA project token with every claim, verifiable with the JWKS; tenants mint for their own projects', async () => {
    const a = (await api('POST', '/v1/tenants', await admin(), { name: 'tok-a' })).body;
    const b = (await api('POST', '/v1/tenants', await admin(), { name: 'tok-b' })).body;
    const p = (await api('POST', '/v1/projects', await admin(), { tenantID: a.id, name: 'web' })).body;
    const tenantA = await testToken({ role: 'tenant', scope: `tenant:${a.id}`, sub: 'alice' }, { key: signingKey });
    const tenantB = await testToken({ role: 'tenant', scope: `tenant:${b.id}` }, { key: signingKey });

    // keys are matched case-insensitively, as everywhere in the API
    const minted = await api('POST', '/v1/jwt/project', tenantA, { projectid: p.id, ttlminutes: 30 });
    expect(minted.status).toBe(200);
    expect(Object.keys(minted.body).sort()).toEqual(['expires_at', 'jti', 'token']);
    const jwks = createRemoteJWKSet(new URL(`${m.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(minted.body.token, jwks, { issuer: 'kubeop', audience: 'kubeop-manager' });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'test-1' });
    expect(payload).toMatchObject({ sub: `project:${p.id}`, role: 'project', scope: `project:${p.id}`, jti: minted.body.jti });
    expect(payload.exp! - payload.iat!).toBe(30 * 60);
    expect(new Date(minted.body.expires_at).getTime()).toBe(payload.exp! * 1000);
    const local = (await (await fetch(`${m.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
    expect(local.keys.every((k) => !('d' in k))).toBe(true);
    await jwtVerify(minted.body.token, createLocalJWKSet(local as never));

    // the token works, for its project only
    expect((await api('POST', '/v1/apps', minted.body.token, { projectID: p.id, name: 'api' })).status).toBe(200);
    expect((await api('GET', `/v1/tenants/${a.id}`, minted.body.token)).status).toBe(403);

    // who minted it is recorded
    const audit = await m.testDb.handle.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('resource_type', '=', 'token')
      .where('resource_id', '=', minted.body.jti)
      .execute();
    expect(audit).toEqual([{ actor: 'alice', action: 'create' }]);

    expect((await api('POST', '/v1/jwt/project', tenantB, { ProjectID: p.id })).status).toBe(403);
    expect((await api('POST', '/v1/jwt/project', minted.body.token, { ProjectID: p.id })).status).toBe(403);
    const byAdmin = await api('POST', '/v1/jwt/project', await admin(), { ProjectID: p.id });
    expect(byAdmin.status).toBe(200);
    const { payload: d } = await jwtVerify(byAdmin.body.token, jwks);
    expect(d.exp! - d.iat!).toBe(60 * 60); // the default TTL

    // listed for the tenant, not for another
    const listed = await api('GET', `/v1/jwt?tenantID=${a.id}`, tenantA);
    expect(listed.status).toBe(200);
    expect(listed.body.map((t: { jti: string }) => t.jti).sort()).toEqual([minted.body.jti, byAdmin.body.jti].sort());
    expect(listed.body[0]).not.toHaveProperty('token');
    expect((await api('GET', `/v1/jwt?tenantID=${a.id}`, tenantB)).status).toBe(403);
  });

  it('400 naming TTLMinutes above the cap or not above 0; 404 for an unknown project', async () => {
    const a = (await api('POST', '/v1/tenants', await admin(), { name: 'tok-ttl' })).body;
    const p = (await api('POST', '/v1/projects', await admin(), { tenantID: a.id, name: 'web' })).body;
    for (const ttl of [121, 0, -5, 1.5]) {
      const res = await api('POST', '/v1/jwt/project', await admin(), { ProjectID: p.id, TTLMinutes: ttl });
      expect(res.status, String(ttl)).toBe(400);
      expect(res.body.issues[0].path).toBe('TTLMinutes');
    }
    expect((await api('POST', '/v1/jwt/project', await admin(), { ProjectID: p.id, TTLMinutes: 120 })).status).toBe(200);
    const missing = await api('POST', '/v1/jwt/project', await admin(), { ProjectID: randomUUID() });
    expect(missing.status).toBe(404);
    expect(missing.body.issues[0].path).toBe('ProjectID');
  });
});

describe('revocation', () => {
  it('DELETE /v1/jwt/{jti}: the token is refused at once here and within the refresh window by every replica', async () => {
    const a = (await api('POST', '/v1/tenants', await admin(), { name: 'tok-rev' })).body;
    const b = (await api('POST', '/v1/tenants', await admin(), { name: 'tok-rev-b' })).body;
    const p = (await api('POST', '/v1/projects', await admin(), { tenantID: a.id, name: 'web' })).body;
    const minted = (await api('POST', '/v1/jwt/project', await admin(), { ProjectID: p.id })).body;
    const path = `/v1/projects/${p.id}`;
    expect((await api('GET', path, minted.token)).status).toBe(200);
    expect((await call(replica.url, 'GET', path, minted.token)).status).toBe(200);

    const tenantB = await testToken({ role: 'tenant', scope: `tenant:${b.id}` }, { key: signingKey });
    expect((await api('DELETE', `/v1/jwt/${minted.jti}`, tenantB)).status).toBe(403);
    expect((await api('DELETE', `/v1/jwt/${randomUUID()}`, tenantB)).status).toBe(403); // unknown looks the same
    const tenantA = await testToken({ role: 'tenant', scope: `tenant:${a.id}` }, { key: signingKey });
    expect((await api('DELETE', `/v1/jwt/${minted.jti}`, tenantA)).status).toBe(204);
    expect((await api('DELETE', `/v1/jwt/${minted.jti}`, tenantA)).status).toBe(204); // idempotent

    const refused = await api('GET', path, minted.token);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('invalid token: token revoked');
    await expect.poll(async () => (await call(replica.url, 'GET', path, minted.token)).status, { timeout: 5_000 }).toBe(401);
    expect((await api('DELETE', `/v1/jwt/${randomUUID()}`, await admin())).status).toBe(404);
  });
});
