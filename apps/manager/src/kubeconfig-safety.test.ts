import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kms, parseKeyring } from '@kubeop/core';
import { testKubeconfigPath } from '@kubeop/test-cluster';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { callApi, startTestManager, type TestManager } from './test-manager.js';

// A registered kubeconfig is data: nothing in it may run a program, read a file or pick a proxy on
// the Manager's machine, whether it arrives through the API or was stored by an older version.
const masterKey = randomBytes(32).toString('base64');
let m: TestManager;
let dir: string;
let marker: string;
let fifo: string;
let adminKubeconfig: Record<string, any>;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

/** The test cluster's admin kubeconfig with one change, base64-encoded as the API takes it. */
function edited(edit: (d: Record<string, any>) => void): string {
  const d = structuredClone(adminKubeconfig);
  edit(d);
  return Buffer.from(stringify(d)).toString('base64');
}

const attack = () => ['-c', `touch ${marker}; env >&2; exit 1`];

beforeAll(async () => {
  m = await startTestManager({ KUBEOP_KMS_MASTER_KEY: masterKey, KUBEOP_SYSTEM_NAMESPACE: `kubeop-k-${randomBytes(3).toString('hex')}` });
  dir = mkdtempSync(join(tmpdir(), 'kubeop-safety-'));
  marker = join(dir, 'ran');
  fifo = join(dir, 'token-fifo');
  execFileSync('mkfifo', [fifo]);
  adminKubeconfig = parse(readFileSync(testKubeconfigPath(), 'utf8')) as Record<string, any>;
});
afterAll(async () => {
  await m?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`kubeconfigs are data, never code (${inject('databaseKind')} PostgreSQL)`, () => {
  const cases: Array<[string, (d: Record<string, any>) => void, string]> = [
    [
      'an exec plugin',
      (d) => (d.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: attack() } }),
      'users[0].user.exec',
    ],
    [
      'the gcp auth-provider',
      (d) => (d.users[0].user = { 'auth-provider': { name: 'gcp', config: { 'cmd-path': 'sh', 'cmd-args': attack().join(' ') } } }),
      'users[0].user.auth-provider',
    ],
    ['a token file that is a FIFO', (d) => (d.users[0].user = { tokenFile: fifo }), 'users[0].user.tokenFile'],
    [
      'a token-file',
      (d) => (d.users[0].user = { 'token-file': '/var/run/secrets/kubernetes.io/serviceaccount/token' }),
      'users[0].user.token-file',
    ],
    [
      'a client certificate path',
      (d) => (d.users[0].user = { 'client-certificate': '/etc/passwd', 'client-key': '/etc/shadow' }),
      'users[0].user.client-certificate',
    ],
    ['a CA path', (d) => (d.clusters[0].cluster['certificate-authority'] = '/dev/zero'), 'clusters[0].cluster.certificate-authority'],
    ['a proxy', (d) => (d.clusters[0].cluster['proxy-url'] = 'http://127.0.0.1:3128'), 'clusters[0].cluster.proxy-url'],
    ['an http server', (d) => (d.clusters[0].cluster.server = 'http://127.0.0.1:8080'), 'clusters[0].cluster.server'],
    ['a server URL with a query', (d) => (d.clusters[0].cluster.server += '/admin?x='), 'clusters[0].cluster.server'],
    ['a server URL with a fragment', (d) => (d.clusters[0].cluster.server += '#x'), 'clusters[0].cluster.server'],
    [
      'a server URL with userinfo',
      (d) => (d.clusters[0].cluster.server = d.clusters[0].cluster.server.replace('https://', 'https://u:p@')),
      'clusters[0].cluster.server',
    ],
    ['the metadata address', (d) => (d.clusters[0].cluster.server = 'https://169.254.169.254'), 'clusters[0].cluster.server'],
  ];

  it.each(cases)('refuses %s with a 400 naming the field, and nothing runs', async (_what, edit, field) => {
    const r = await call('POST', '/v1/clusters', { name: `bad-${randomBytes(3).toString('hex')}`, kubeconfig: edited(edit) });
    expect(r.status).toBe(400);
    expect(r.body.issues.map((i: { path: string }) => i.path)).toContain(`kubeconfig.${field}`);
    expect(JSON.stringify(r.body)).not.toMatch(/KUBEOP_KMS_MASTER_KEY|DATABASE_URL|root:/);
    expect(existsSync(marker)).toBe(false);
    const names = (await call('GET', '/v1/clusters')).body.map((c: { name: string }) => c.name);
    expect(names.filter((n: string) => n.startsWith('bad-'))).toEqual([]);
  });

  it('refuses a stored kubeconfig with an exec plugin when it is loaded (a row from an older version)', async () => {
    const reg = await call('POST', '/v1/clusters', { name: 'old-row', kubeconfig: edited(() => {}) });
    expect(reg.status).toBe(200);
    const id: string = reg.body.id;
    const old = edited(
      (d) => (d.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: attack() } }),
    );
    const keyring = parseKeyring({ KUBEOP_KMS_MASTER_KEY: masterKey })!;
    const blob = kms.seal(keyring, Buffer.from(old, 'base64'), kms.aadFor('cluster', id, 'kubeconfig'));
    await sql`update clusters set kubeconfig_enc = ${blob} where id = ${id}`.execute(m.database.db);

    const status = await call('GET', `/v1/clusters/${id}/status`);
    expect(status.status).toBe(409);
    expect(status.body.message).toMatch(/users\[0\]\.user\.exec.*register the cluster again/);
    expect((await call('GET', `/v1/clusters/${id}/ready`)).status).toBe(409);
    expect(existsSync(marker)).toBe(false);

    // replacing it with an accepted kubeconfig makes it usable again
    const replaced = await call('POST', '/v1/clusters', { name: 'old-row', kubeconfig: edited(() => {}), replace: true });
    expect(replaced.status).toBe(200);
    expect((await call('GET', `/v1/clusters/${id}/status`)).status).toBe(200);
    expect((await call('DELETE', `/v1/clusters/${id}`)).status).toBe(204);
  });

  it('finds a cluster by its id in upper case, and its status refreshes reachability', async () => {
    const reg = await call('POST', '/v1/clusters', { name: 'upper-case', kubeconfig: edited(() => {}) });
    const id: string = reg.body.id;
    // as if an earlier check had failed
    await sql`update clusters set reachable = false, last_error = 'earlier failure' where id = ${id}`.execute(m.database.db);
    const status = await call('GET', `/v1/clusters/${id.toUpperCase()}/status`);
    expect(status.status).toBe(200);
    expect(status.body.apiReachable).toBe(true);
    const after = await call('GET', `/v1/clusters/${id}`);
    expect(after.body.status).toMatchObject({ reachable: true, error: null, server_version: expect.stringMatching(/^v1\./) });
    expect((await call('DELETE', `/v1/clusters/${id.toUpperCase()}`)).status).toBe(204);
  });

  it('answers 502 with a summary when the cluster refuses a request, never its body', async () => {
    const reg = await call('POST', '/v1/clusters', { name: 'refusing', kubeconfig: edited(() => {}) });
    // the operator's namespace was never made on this cluster (no bootstrap): the API server answers 404
    const r = await call('POST', `/v1/platform/autoscale?clusterID=${reg.body.id}`, { Enabled: true, Min: 1, Max: 2, TargetCPU: 50 });
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ error: 'cluster error', message: expect.stringMatching(/HTTP 404 NotFound$/) });
    expect(r.body.message).not.toMatch(/namespaces? ".*" not found/);
    await call('DELETE', `/v1/clusters/${reg.body.id}`);
  });

  it('installs the admission webhooks with the platform unless told not to', async () => {
    const reg = await call('POST', '/v1/clusters', { name: 'defaults', kubeconfig: edited(() => {}) });
    expect(reg.body.options).toMatchObject({ installAdmission: true });
    await call('DELETE', `/v1/clusters/${reg.body.id}`);
  });

  it('stores only the context it uses, and returns nothing of it', async () => {
    const reg = await call('POST', '/v1/clusters', {
      name: 'minified',
      kubeconfig: edited((d) => d.users.push({ name: 'spare', user: { token: 'spare-token-value' } })),
    });
    expect(reg.status).toBe(200);
    const keyring = parseKeyring({ KUBEOP_KMS_MASTER_KEY: masterKey })!;
    const row = await m.database.db.selectFrom('clusters').select('kubeconfig_enc').where('id', '=', reg.body.id).executeTakeFirstOrThrow();
    const stored = kms.open(keyring, row.kubeconfig_enc!, kms.aadFor('cluster', reg.body.id, 'kubeconfig')).toString('utf8');
    expect(stored).not.toContain('spare-token-value');
    expect(JSON.stringify(reg.body)).not.toContain('client-key-data');
    await call('DELETE', `/v1/clusters/${reg.body.id}`);
  });
});
