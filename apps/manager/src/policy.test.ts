import { readFileSync } from 'node:fs';
import { testKubeconfigPath } from '@kubeop/test-cluster';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, startTestManager, type TestManager } from './test-manager.js';

// The policy API on a Manager of its own (a stored policy applies to every app of the database).
// Clusters here are registered unreachable (a closed port): nothing reaches a control plane.
let m: TestManager;
const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

const WALKTHROUGH = {
  imageAllowlist: ['docker.io', 'ghcr.io'],
  egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
};
const UNKNOWN = '00000000-0000-4000-8000-000000000001';

async function registerUnreachable(name: string): Promise<string> {
  const text = readFileSync(testKubeconfigPath(), 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');
  const r = await call('POST', '/v1/clusters', { name, kubeconfig: Buffer.from(text).toString('base64') });
  expect(r.status).toBe(200);
  return r.body.id as string;
}

beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.stop();
});

describe(`/v1/platform/policy on ${inject('databaseKind')} PostgreSQL`, () => {
  it('answers the platform defaults (revision 0) before anything is stored', async () => {
    const r = await call('GET', '/v1/platform/policy');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      scope: 'global',
      stored: false,
      revision: 0,
      updated_at: null,
      imageAllowlist: [],
      quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
    });
  });

  it('stores the walkthrough policy (PUT, no clusterID) and answers it back with its revision; each write is a new revision', async () => {
    const put = await call('PUT', '/v1/platform/policy', WALKTHROUGH);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...WALKTHROUGH, scope: 'global', cluster_id: null, stored: true, revision: expect.any(Number) });
    expect(put.body.revision).toBeGreaterThan(0);
    expect(Date.parse(put.body.updated_at)).toBeGreaterThan(Date.now() - 60_000);
    // the optional parts take the defaults
    expect(put.body.limitRangeDefaults).toEqual({
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      default: { cpu: '500m', memory: '256Mi' },
    });
    expect(put.body.ingressNamespace).toBe('ingress-nginx');

    const get = await call('GET', '/v1/platform/policy');
    expect(get.body).toEqual(put.body);

    // POST as the upstream accepts it, with the optional parts
    const post = await call('POST', '/v1/platform/policy', {
      ...WALKTHROUGH,
      imageAllowlist: ['docker.io', 'ghcr.io/acme/*'],
      limitRangeDefaults: { defaultRequest: { cpu: '50m' }, default: { cpu: '1' } },
      ingressNamespace: 'traefik',
    });
    expect(post.status).toBe(200);
    expect(post.body.revision).toBeGreaterThan(put.body.revision);
    expect(post.body).toMatchObject({
      imageAllowlist: ['docker.io', 'ghcr.io/acme/*'],
      limitRangeDefaults: { defaultRequest: { cpu: '50m', memory: '128Mi' }, default: { cpu: '1', memory: '256Mi' } },
      ingressNamespace: 'traefik',
    });
    // every write is in the audit trail
    const audit = await sql<{ n: string }>`select count(*) as n from audit_log where resource_type = 'policy'`.execute(m.database.db);
    expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(2);
    expect((await call('PUT', '/v1/platform/policy', WALKTHROUGH)).status).toBe(200);
  });

  it.each([
    [{ ...WALKTHROUGH, egressBaseline: ['10.0.0.0/8', '10.0.0.0/33'] }, 'egressBaseline.1', /CIDR|prefix/],
    [{ ...WALKTHROUGH, egressBaseline: ['example.com/8'] }, 'egressBaseline.0', /CIDR/],
    [{ ...WALKTHROUGH, quotaMax: { requestsCPU: 'four', requestsMemory: '8Gi' } }, 'quotaMax.requestsCPU', /not a Kubernetes quantity/],
    [{ ...WALKTHROUGH, quotaMax: { requestsCPU: '4', requestsMemory: '8GB' } }, 'quotaMax.requestsMemory', /not a Kubernetes quantity/],
    [{ ...WALKTHROUGH, imageAllowlist: ['docker.io', 'bitnami'] }, 'imageAllowlist.1', /not a registry host/],
    [
      { ...WALKTHROUGH, limitRangeDefaults: { defaultRequest: { cpu: '2' }, default: { cpu: '1' } } },
      'limitRangeDefaults.defaultRequest.cpu',
      /must not exceed/,
    ],
    [{ ...WALKTHROUGH, ingressNamespace: 'Not_A_Namespace' }, 'ingressNamespace', /namespace name/],
    [{ ...WALKTHROUGH, imageAllowlist: 'docker.io' }, 'imageAllowlist', /./],
    [{ ...WALKTHROUGH, egressBaseline: ['10.0.0.0/8', 7] }, 'egressBaseline.1', /./],
  ])('refuses %j with a 400 naming %s, and stores nothing', async (body, path, message) => {
    const before = (await call('GET', '/v1/platform/policy')).body;
    const r = await call('PUT', '/v1/platform/policy', body);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid');
    const issue = r.body.issues.find((i: { path: string }) => i.path === path);
    expect(issue, JSON.stringify(r.body.issues)).toBeDefined();
    expect(issue.message).toMatch(message);
    expect((await call('GET', '/v1/platform/policy')).body).toEqual(before);
  });

  it('answers 404 for an unknown clusterID and 400 for one that is not a UUID', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', WALKTHROUGH],
      ['POST', WALKTHROUGH],
      ['DELETE', undefined],
    ] as const) {
      const r = await call(method, `/v1/platform/policy?clusterID=${UNKNOWN}`, body);
      expect(r.status, method).toBe(404);
      expect(r.body.issues[0].path).toBe('clusterID');
      expect((await call(method, '/v1/platform/policy?clusterID=nope', body)).status, method).toBe(400);
    }
    // removing an override needs the cluster
    const r = await call('DELETE', '/v1/platform/policy');
    expect(r.status).toBe(400);
    expect(r.body.issues[0].path).toBe('clusterID');
  });

  it('applies the global policy to every cluster without an override; an override replaces it for its cluster until removed', async () => {
    const global = (await call('PUT', '/v1/platform/policy', WALKTHROUGH)).body;
    const a = await registerUnreachable('policy-a');
    const b = await registerUnreachable('policy-b');

    const ofA = (await call('GET', `/v1/platform/policy?clusterID=${a}`)).body;
    expect(ofA).toMatchObject({ scope: 'global', cluster_id: null, revision: global.revision, imageAllowlist: WALKTHROUGH.imageAllowlist });
    expect(ofA.clusters).toEqual([
      expect.objectContaining({
        cluster_id: a,
        name: 'policy-a',
        source: 'global',
        desired_revision: global.revision,
        synced_revision: null,
      }),
    ]);
    expect(['pending', 'error']).toContain(ofA.clusters[0].state);

    const override = await call('PUT', `/v1/platform/policy?clusterID=${a}`, { ...WALKTHROUGH, imageAllowlist: ['quay.io'] });
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({ scope: 'cluster', cluster_id: a, imageAllowlist: ['quay.io'] });
    expect(override.body.revision).toBeGreaterThan(global.revision);
    expect(override.body.clusters).toEqual([
      expect.objectContaining({ cluster_id: a, source: 'override', desired_revision: override.body.revision }),
    ]);

    // the global policy lists the clusters it is in effect on: b, not a
    const g = (await call('GET', '/v1/platform/policy')).body;
    expect(g.revision).toBe(global.revision);
    const names = g.clusters.map((c: { name: string }) => c.name);
    expect(names).toContain('policy-b');
    expect(names).not.toContain('policy-a');
    expect((await call('GET', `/v1/platform/policy?clusterID=${b}`)).body.scope).toBe('global');

    // each write queued the clusters it affects, in the outbox the sync worker drains
    const queued = await m.database.db
      .selectFrom('sync_outbox')
      .select(['cluster_id'])
      .where('kind', '=', 'policy')
      .where('object_id', 'in', [a, b])
      .execute();
    expect(new Set(queued.map((q) => q.cluster_id))).toEqual(new Set([a, b]));

    expect((await call('DELETE', `/v1/platform/policy?clusterID=${a}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/platform/policy?clusterID=${a}`)).status).toBe(204);
    const back = (await call('GET', `/v1/platform/policy?clusterID=${a}`)).body;
    expect(back).toMatchObject({ scope: 'global', revision: global.revision, imageAllowlist: WALKTHROUGH.imageAllowlist });
  });

  it('loses no revision to concurrent writes', async () => {
    const before = (await call('GET', '/v1/platform/policy')).body.revision as number;
    const writes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('PUT', '/v1/platform/policy', { ...WALKTHROUGH, quotaMax: { requestsCPU: String(i + 1), requestsMemory: '8Gi' } }),
      ),
    );
    expect(writes.every((w) => w.status === 200)).toBe(true);
    const revisions = writes.map((w) => w.body.revision as number);
    expect(new Set(revisions).size).toBe(12);
    expect(Math.min(...revisions)).toBeGreaterThan(before);
    const after = (await call('GET', '/v1/platform/policy')).body;
    expect(after.revision).toBe(Math.max(...revisions));
    // the stored body is the one of the last write
    expect(after.quotaMax.requestsCPU).toBe(writes.find((w) => w.body.revision === after.revision)!.body.quotaMax.requestsCPU);
    const audit = await sql<{ n: string }>`select count(*) as n from audit_log where resource_type = 'policy'`.execute(m.database.db);
    expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(12);
  });
});

describe(`apps against the image allowlist (${inject('databaseKind')} PostgreSQL)`, () => {
  it('refuses an image the policy does not allow with a 400 naming image, and writes nothing', async () => {
    expect((await call('PUT', '/v1/platform/policy', WALKTHROUGH)).status).toBe(200);
    const tenant = (await call('POST', '/v1/tenants', { name: 'images' })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;

    const refused = await call('POST', '/v1/apps', { projectID: project.id, name: 'bad', image: 'quay.io/x/y:1' });
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([
      { path: 'image', message: 'registry quay.io is not in the image allowlist (docker.io, ghcr.io)' },
    ]);
    expect((await call('GET', `/v1/apps?projectID=${project.id}`)).body).toEqual([]);

    for (const [i, image] of [
      'nginx:1.25',
      'docker.io/library/nginx:1.25',
      'bitnami/nginx',
      `ghcr.io/org/app@sha256:${'a'.repeat(64)}`,
    ].entries()) {
      const ok = await call('POST', '/v1/apps', { projectID: project.id, name: `ok${i}`, image });
      expect(ok.status, image).toBe(200);
    }
    const app = (await call('GET', `/v1/apps?projectID=${project.id}`)).body.find((a: { name: string }) => a.name === 'ok0');
    for (const method of ['PATCH', 'PUT'] as const) {
      const r = await call(method, `/v1/apps/${app.id}`, { name: 'ok0', image: 'quay.io/x/y:1' });
      expect(r.status, method).toBe(400);
      expect(r.body.issues[0]).toMatchObject({
        path: 'image',
        message: expect.stringMatching(/^registry quay\.io is not in the image allowlist/),
      });
    }
    expect((await call('GET', `/v1/apps/${app.id}`)).body).toMatchObject({ image: 'nginx:1.25', sync: { generation: 1 } });

    // a prefix entry refuses other repositories of its registry, naming the image
    expect((await call('PUT', '/v1/platform/policy', { ...WALKTHROUGH, imageAllowlist: ['ghcr.io/acme/*'] })).status).toBe(200);
    const other = await call('POST', '/v1/apps', { projectID: project.id, name: 'other', image: 'ghcr.io/evil/app:1' });
    expect(other.status).toBe(400);
    expect(other.body.issues[0].message).toBe('ghcr.io/evil/app:1 is not allowed by the image allowlist (ghcr.io/acme/*)');
    expect((await call('POST', '/v1/apps', { projectID: project.id, name: 'acme', image: 'ghcr.io/acme/app:1' })).status).toBe(200);
  });

  it('uses the override of the tenant’s cluster', async () => {
    expect((await call('PUT', '/v1/platform/policy', WALKTHROUGH)).status).toBe(200);
    const cluster = await registerUnreachable('policy-apps');
    const tenant = (await call('POST', '/v1/tenants', { name: 'bound', clusterID: cluster })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
    expect((await call('POST', '/v1/apps', { projectID: project.id, name: 'q', image: 'quay.io/x/y:1' })).status).toBe(400);
    expect((await call('PUT', `/v1/platform/policy?clusterID=${cluster}`, { imageAllowlist: ['quay.io'] })).status).toBe(200);
    expect((await call('POST', '/v1/apps', { projectID: project.id, name: 'q', image: 'quay.io/x/y:1' })).status).toBe(200);
    const refused = await call('POST', '/v1/apps', { projectID: project.id, name: 'n', image: 'nginx:1.25' });
    expect(refused.body.issues[0].message).toBe('registry docker.io is not in the image allowlist (quay.io)');
  });
});
