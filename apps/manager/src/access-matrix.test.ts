import { randomUUID } from 'node:crypto';
import { ACCESS, appRouter, restRoutes, type AccessRule, type RestRoute } from '@kubeop/api';
import { createApp, createProject, createTenant, recordIssuedToken, SYSTEM_ACTOR } from '@kubeop/core';
import { exportPKCS8, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { testToken } from './test-tokens.js';

/**
 * The access matrix, generated from the access table: every procedure × every kind of caller. A new
 * procedure is covered as soon as it has its ACCESS entry. Each call targets tenant A's things (its
 * project A1, A1's app, a token of A1), so the table says who must get through:
 *   no token, malformed, bad signature, expired → 401 (with WWW-Authenticate);
 *   admin → anything but 401/403; tenant A / project A1 → the same when the rule admits their role,
 *   else 403; tenant B, project B1 → 403.
 */
let m: TestManager;
let key: CryptoKey;
let n = 0;

interface Fixtures {
  tenant: string;
  project: string;
  app: string;
  token: string;
}

async function fixtures(tag: string): Promise<Fixtures> {
  const db = m.testDb.handle.db;
  const tenant = await createTenant(db, { name: `mx-${tag}-${++n}` }, SYSTEM_ACTOR);
  const project = await createProject(db, { tenantId: tenant.id, name: 'p' }, SYSTEM_ACTOR);
  const app = await createApp(db, { projectId: project.id, name: 'a' }, SYSTEM_ACTOR);
  const jti = randomUUID();
  const scope = `project:${project.id}`;
  await recordIssuedToken(
    db,
    { jti, subject: scope, role: 'project', scope, tenantId: tenant.id, projectId: project.id, expiresAt: new Date(Date.now() + 3600_000) },
    SYSTEM_ACTOR,
  );
  return { tenant: tenant.id, project: project.id, app: app.id, token: jti };
}

type Caller = 'none' | 'malformed' | 'bad signature' | 'expired' | 'admin' | 'tenant A' | 'tenant B' | 'project A1' | 'project B1';
const CALLERS: Caller[] = ['none', 'malformed', 'bad signature', 'expired', 'tenant B', 'project B1', 'project A1', 'tenant A', 'admin'];

async function tokenFor(caller: Caller, a: Fixtures, b: Fixtures): Promise<string | undefined> {
  switch (caller) {
    case 'none':
      return undefined;
    case 'malformed':
      return 'not.a.jwt';
    case 'bad signature':
      return testToken({ role: 'admin' }, { key: (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey });
    case 'expired':
      return testToken({ role: 'admin' }, { key, expiresIn: '-5m' });
    case 'admin':
      return testToken({ role: 'admin', sub: 'matrix' }, { key });
    case 'tenant A':
      return testToken({ role: 'tenant', scope: `tenant:${a.tenant}` }, { key });
    case 'tenant B':
      return testToken({ role: 'tenant', scope: `tenant:${b.tenant}` }, { key });
    case 'project A1':
      return testToken({ role: 'project', scope: `project:${a.project}` }, { key });
    case 'project B1':
      return testToken({ role: 'project', scope: `project:${b.project}` }, { key });
  }
}

function expected(rule: AccessRule, caller: Caller): 401 | 403 | 'allowed' {
  if (rule.kind === 'public') return 'allowed';
  if (['none', 'malformed', 'bad signature', 'expired'].includes(caller)) return 401;
  if (caller === 'admin') return 'allowed';
  if (rule.kind !== 'scoped') return 403;
  if (caller === 'tenant A') return rule.roles.includes('tenant') ? 'allowed' : 403;
  if (caller === 'project A1') return rule.roles.includes('project') ? 'allowed' : 403;
  return 403;
}

/** An input for the procedure naming `fx`'s things: ids by field name, the route's own resource for `id`. */
function inputFor(procedure: string, keys: Iterable<string>, fx: Fixtures | 'unknown'): Record<string, unknown> {
  const pick = (f: keyof Fixtures) => (fx === 'unknown' ? randomUUID() : fx[f]);
  const own: Record<string, keyof Fixtures> = {
    tenants: 'tenant',
    projects: 'project',
    apps: 'app',
    tokens: 'token',
    kubeconfigs: 'project',
    rates: 'tenant',
  };
  const resource = own[procedure.split('.')[0]!];
  const input: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === 'id' || k === 'jti') input[k] = resource ? pick(resource) : randomUUID();
    else if (k === 'tenantID') input[k] = pick('tenant');
    else if (k.toLowerCase() === 'projectid') input[k] = pick('project');
    else if (k === 'clusterID') input[k] = randomUUID();
    else if (k === 'name') input[k] = `mx${++n}`;
  }
  return input;
}

async function call(route: RestRoute | undefined, procedure: string, type: string, input: Record<string, unknown>, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let url: string;
  let init: RequestInit;
  if (route) {
    const rest = { ...input };
    const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => {
      const v = String(rest[p]);
      delete rest[p];
      return encodeURIComponent(v);
    });
    const query = route.hasBody ? '' : `?${new URLSearchParams(rest as Record<string, string>)}`;
    url = `${m.url}/v1${path}${query}`;
    init = route.hasBody
      ? {
          method: route.method,
          headers: { ...headers, 'content-type': 'application/json' },
          // a route whose body is a bare array (usage ingest) gets an empty one
          body: JSON.stringify(route.bodyField === null ? rest : []),
        }
      : { method: route.method, headers };
  } else if (type === 'query') {
    url = `${m.url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
    init = { headers };
  } else {
    url = `${m.url}/trpc/${procedure}`;
    init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) };
  }
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    wwwAuthenticate: res.headers.get('www-authenticate'),
    body: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  key = pair.privateKey;
  m = await startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey) });
});
afterAll(async () => {
  await m?.stop();
});

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs?: unknown[] } }>);
const routes = new Map(restRoutes(appRouter).map((r) => [r.procedure, r]));

describe('the access matrix (generated from ACCESS)', () => {
  it('covers every procedure', () => {
    expect(procedures.map(([p]) => p).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  it.each(procedures.map(([p, def]) => [p, def._def.type] as const))('%s', async (procedure, type) => {
    const rule = (ACCESS as Record<string, AccessRule>)[procedure]!;
    const route = routes.get(procedure);
    const keys = route ? [...route.keys.values()] : ['id', 'tenantID', 'projectID', 'name'];
    const b = await fixtures('b');
    let a = await fixtures('a');
    const outcomes: string[] = [];
    for (const caller of CALLERS) {
      const res = await call(route, procedure, type, inputFor(procedure, keys, a), await tokenFor(caller, a, b));
      const want = expected(rule, caller);
      const got = res.status === 401 || res.status === 403 ? res.status : 'allowed';
      outcomes.push(`${caller}: ${got === want ? 'ok' : `expected ${want}, got ${res.status} ${JSON.stringify(res.body)}`}`);
      if (got === 401) expect(res.wwwAuthenticate, `${procedure} as ${caller}`).toBe('Bearer error="invalid_token"');
      if (got === 403 && route) expect(res.body, `${procedure} as ${caller}`).toEqual({ error: 'forbidden', message: 'forbidden' });
      // a write that got through may have changed or removed A's things: fresh ones for the next caller
      if (got === 'allowed' && type === 'mutation') a = await fixtures('a');
    }
    expect(
      outcomes.filter((o) => !o.endsWith(': ok')),
      procedure,
    ).toEqual([]);
  });

  it.each(
    [...routes.values()]
      .filter((r) => r.hasBody && (ACCESS as Record<string, AccessRule>)[r.procedure]!.kind !== 'public')
      .map((r) => [r.procedure, r] as const),
  )('%s: a caller without a valid token hears 401 before anything about its body', async (_, route) => {
    const path = route.path.replace(/\{(\w+)\}/g, () => randomUUID());
    for (const [caller, headers] of [
      ['none', {}],
      ['malformed', { authorization: 'Bearer nope' }],
    ] as const) {
      for (const body of [route.bodyField === null ? '[1]' : '{"not":"an array"}', undefined]) {
        const res = await fetch(`${m.url}/v1${path}`, {
          method: route.method,
          headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body }),
        });
        expect(res.status, `${route.method} ${route.path} as ${caller} with body ${body}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      }
    }
  });

  it.each(
    procedures.filter(([p]) => (ACCESS as Record<string, AccessRule>)[p]!.kind === 'scoped').map(([p, def]) => [p, def._def.type] as const),
  )('%s: another tenant’s things answer exactly like nonexistent ones', async (procedure, type) => {
    const route = routes.get(procedure);
    const keys = route ? [...route.keys.values()] : ['id', 'tenantID', 'projectID', 'name'];
    const [a, b] = [await fixtures('a'), await fixtures('b')];
    for (const caller of ['tenant A', 'project A1'] as const) {
      const token = await tokenFor(caller, a, b);
      const foreign = await call(route, procedure, type, inputFor(procedure, keys, b), token);
      const unknown = await call(route, procedure, type, inputFor(procedure, keys, 'unknown'), token);
      expect(foreign.status, `${procedure} as ${caller}`).toBe(403);
      expect({ status: unknown.status, body: unknown.body }, `${procedure} as ${caller}`).toEqual({
        status: foreign.status,
        body: foreign.body,
      });
    }
  });
});
