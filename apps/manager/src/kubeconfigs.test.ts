import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { platform } from '@kubeop/core';
import { waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { callApi, type TestManager } from './test-manager.js';
import { startTestStack, type TestStack } from './test-stack.js';

// Project kubeconfigs against a real API server: what the issued file lets a user do with
// client-node (what kubectl does with it), revocation, idempotence, and the walkthrough's step 6.
// On a control plane of its own, with the operator running in-process (it makes the namespaces).
let stack: TestStack;
let system: string;
let plane: ControlPlane;
let admin: platform.KubeConnection;
let m: TestManager;
let clusterId: string;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);

/** The status code a client-node call failed with (fails the test when it succeeded). */
async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof k8s.ApiException) return e.code;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

/** What a user does with the file: load it as kubectl would. */
function userConfig(yaml: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}

function deploymentBody(name: string): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'docker.io/library/nginx:1.27' }] },
      },
    },
  };
}

type Live = { metadata: { name: string; uid: string; resourceVersion: string }; subjects?: Array<{ name: string }> };
const summary = (o: Live | null) => o && { name: o.metadata.name, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion };
/** The Role, the RoleBinding and the ServiceAccount it binds. */
async function accessObjects(namespace: string) {
  const rbac = { apiVersion: 'rbac.authorization.k8s.io/v1', name: platform.PROJECT_ACCESS_NAME, namespace };
  const role = await platform.getObject<Live>(admin, { ...rbac, kind: 'Role' });
  const binding = await platform.getObject<Live>(admin, { ...rbac, kind: 'RoleBinding' });
  const account = binding?.subjects?.[0]?.name ?? 'none';
  const sa = await platform.getObject<Live>(admin, { apiVersion: 'v1', kind: 'ServiceAccount', name: account, namespace });
  return { role: summary(role), binding: summary(binding), account: summary(sa) };
}

/** A tenant on the cluster with a project whose namespace the operator has made (with its quota). */
async function projectOnCluster(tenantName: string, projectName: string, cluster = clusterId) {
  const tenant = (await call('POST', '/v1/tenants', { name: tenantName, clusterID: cluster })).body;
  const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: projectName })).body;
  await waitFor(`namespace ${project.namespace} with its quota`, async () =>
    platform.getObject(admin, { apiVersion: 'v1', kind: 'ResourceQuota', name: platform.PROJECT_QUOTA_NAME, namespace: project.namespace }),
  );
  return { tenant, project: project as { id: string; namespace: string } };
}

beforeAll(async () => {
  stack = await startTestStack('kc-e2e', 'kubeop-k');
  ({ plane, admin, clusterId, system } = stack);
  m = stack.manager;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe(`project kubeconfigs are real, scoped, revocable credentials (${inject('databaseKind')} PostgreSQL)`, { timeout: 180_000 }, () => {
  it('404 for an unknown project, 409 for a project without a cluster', async () => {
    expect(await call('GET', '/v1/kubeconfigs/project/01a21912-19a6-756d-9b87-43d895f38cc4')).toMatchObject({
      status: 404,
      body: { error: 'not found' },
    });
    expect((await call('GET', '/v1/kubeconfigs/project/not-a-uuid')).status).toBe(404);
    expect((await call('DELETE', '/v1/kubeconfigs/project/01a21912-19a6-756d-9b87-43d895f38cc4')).status).toBe(404);
    const tenant = (await call('POST', '/v1/tenants', { name: 'unbound' })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
    const res = await call('GET', `/v1/kubeconfigs/project/${project.id}`);
    expect(res).toMatchObject({ status: 409, body: { error: 'conflict', message: expect.stringMatching(/not bound to a cluster/) } });
    expect((await call('DELETE', `/v1/kubeconfigs/project/${project.id}`)).status).toBe(409);
  });

  it('lets its holder work in the project namespace only, is idempotent, and is revoked at once', async () => {
    const { project } = await projectOnCluster('acme', 'web');
    const { project: other } = await projectOnCluster('globex', 'api');
    const ns = project.namespace;

    const issued = await call('GET', `/v1/kubeconfigs/project/${project.id}`);
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body).sort()).toEqual(['expires_at', 'kubeconfig', 'namespace']);
    expect(issued.body.namespace).toBe(ns);
    const ttl = Date.parse(issued.body.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(55 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000 + 5_000);

    // the registered cluster's server and CA, the namespace as the default, a token (never the admin's credentials)
    const doc = parse(issued.body.kubeconfig as string) as {
      clusters: Array<{ name: string; cluster: Record<string, string> }>;
      users: Array<{ user: Record<string, string> }>;
      contexts: Array<{ name: string; context: { namespace: string } }>;
      'current-context': string;
    };
    const registered = (await call('GET', `/v1/clusters/${clusterId}`)).body.api_server as string;
    expect(doc.clusters).toEqual([
      { name: 'kc-e2e', cluster: { server: registered, 'certificate-authority-data': Buffer.from(admin.ca!).toString('base64') } },
    ]);
    expect(Object.keys(doc.users[0]!.user)).toEqual(['token']);
    expect(doc.users[0]!.user.token).not.toBe(admin.token);
    expect(issued.body.kubeconfig).not.toContain(Buffer.from(admin.clientKey ?? 'no client key').toString('base64'));
    expect(doc.contexts).toEqual([
      expect.objectContaining({ name: doc['current-context'], context: expect.objectContaining({ namespace: ns }) }),
    ]);

    const user = userConfig(issued.body.kubeconfig);
    expect(user.getContextObject(user.getCurrentContext())?.namespace).toBe(ns);
    const apps = user.makeApiClient(k8s.AppsV1Api);
    const core = user.makeApiClient(k8s.CoreV1Api);
    const net = user.makeApiClient(k8s.NetworkingV1Api);
    const rbac = user.makeApiClient(k8s.RbacAuthorizationV1Api);

    // its own namespace: deploy, read, operate
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deploymentBody('hello') });
    expect(created.metadata?.namespace).toBe(ns);
    expect((await apps.listNamespacedDeployment({ namespace: ns })).items.map((d) => d.metadata?.name)).toEqual(['hello']);
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'settings' }, data: { a: '1' } } });
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'db' }, stringData: { password: 'x' } } });
    // kubeOP's quota and network policies: readable, not deletable or editable
    expect((await core.readNamespacedResourceQuota({ namespace: ns, name: platform.PROJECT_QUOTA_NAME })).metadata?.name).toBe(
      platform.PROJECT_QUOTA_NAME,
    );
    expect(await statusOf(core.deleteNamespacedResourceQuota({ namespace: ns, name: platform.PROJECT_QUOTA_NAME }))).toBe(403);
    expect(await statusOf(net.deleteNamespacedNetworkPolicy({ namespace: ns, name: platform.PROJECT_INGRESS_POLICY_NAME }))).toBe(403);
    expect(await statusOf(core.deleteNamespacedLimitRange({ namespace: ns, name: platform.PROJECT_LIMITRANGE_NAME }))).toBe(403);
    // no RBAC, no longer-lived tokens of its own account
    expect(
      await statusOf(
        rbac.createNamespacedRole({
          namespace: ns,
          body: { metadata: { name: 'more' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
        }),
      ),
    ).toBe(403);
    expect(
      await statusOf(
        core.createNamespacedServiceAccountToken({
          namespace: ns,
          name: platform.PROJECT_ACCESS_NAME,
          body: { spec: { audiences: [], expirationSeconds: 86_400 * 365 } },
        }),
      ),
    ).toBe(403);

    // anywhere else: 403
    expect(await statusOf(apps.createNamespacedDeployment({ namespace: other.namespace, body: deploymentBody('intruder') }))).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace: other.namespace }))).toBe(403);
    expect(await statusOf(apps.createNamespacedDeployment({ namespace: 'kube-system', body: deploymentBody('intruder') }))).toBe(403);
    expect(await statusOf(core.listNamespacedSecret({ namespace: system }))).toBe(403);
    expect(await statusOf(core.listNamespace())).toBe(403);
    expect(await statusOf(core.listNode())).toBe(403);
    expect(await statusOf(core.readNamespace({ name: ns }))).toBe(403);

    // a second GET changes nothing on the cluster and gives another working token
    const before = await accessObjects(ns);
    expect(before.account?.name).toMatch(/^kubeop-project-[0-9a-f]{8}$/);
    expect(before.role && before.binding).toBeTruthy();
    const again = await call('GET', `/v1/kubeconfigs/project/${project.id}`);
    expect(again.status).toBe(200);
    expect(await accessObjects(ns)).toEqual(before);
    const second = userConfig(again.body.kubeconfig);
    expect(second.getCurrentUser()?.token).not.toBe(user.getCurrentUser()?.token);
    expect((await second.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns })).items).toHaveLength(1);

    // revocation: every kubeconfig issued so far loses its permissions at once (403), and stops
    // authenticating (401) once the API server's token cache (10 s) forgets it
    expect((await call('DELETE', `/v1/kubeconfigs/project/${project.id}`)).status).toBe(204);
    const refused = (kc: k8s.KubeConfig) =>
      statusOf(kc.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns })).catch(() => 200);
    for (const old of [user, second]) await expect.poll(() => refused(old), { timeout: 2_000 }).toBeOneOf([401, 403]);
    for (const old of [user, second]) await expect.poll(() => refused(old), { timeout: 15_000, interval: 500 }).toBe(401);
    const after = await accessObjects(ns);
    expect(after.account?.name).not.toBe(before.account?.name); // a new ServiceAccount; the old one is gone
    expect(
      await platform.getObject(admin, { apiVersion: 'v1', kind: 'ServiceAccount', name: before.account!.name, namespace: ns }),
    ).toBeNull();
    expect(after.role).toEqual(before.role); // the same Role
    // what the revoked user made stays; a new kubeconfig works again
    const fresh = userConfig((await call('GET', `/v1/kubeconfigs/project/${project.id}`)).body.kubeconfig);
    expect((await fresh.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns })).items).toHaveLength(1);

    const audit = await m.testDb.handle.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('resource_type', '=', 'kubeconfig')
      .where('resource_id', '=', project.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'delete', 'create']);
    expect(JSON.stringify(audit)).not.toMatch(/eyJ/); // no token in the audit trail
  });

  it('issues working kubeconfigs to concurrent first callers, and survives concurrent revocations', async () => {
    const { project } = await projectOnCluster('hooli', 'box');
    const ns = project.namespace;
    const works = async (yaml: string) =>
      (await userConfig(yaml).makeApiClient(k8s.CoreV1Api).listNamespacedConfigMap({ namespace: ns })).items.length >= 0;
    const first = await Promise.all([1, 2, 3].map(() => call('GET', `/v1/kubeconfigs/project/${project.id}`)));
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of first) expect(await works(r.body.kubeconfig)).toBe(true);

    const revoked = await Promise.all([1, 2].map(() => call('DELETE', `/v1/kubeconfigs/project/${project.id}`)));
    expect(revoked.map((r) => r.status)).toEqual([204, 204]);
    const accounts = (await userConfig(plane.kubeconfig).makeApiClient(k8s.CoreV1Api).listNamespacedServiceAccount({ namespace: ns })).items
      .map((a) => a.metadata!.name!)
      .filter((n) => n.startsWith('kubeop-project-'));
    expect(accounts).toEqual([(await accessObjects(ns)).account!.name]);
    expect(await works((await call('GET', `/v1/kubeconfigs/project/${project.id}`)).body.kubeconfig)).toBe(true);
  });

  it("the walkthrough's step 6 works verbatim, and kubectl uses the file", async () => {
    const { project } = await projectOnCluster('initech', 'tps');
    const dir = await mkdtemp(join(tmpdir(), 'kubeop-step6-'));
    try {
      const run = promisify(execFile);
      await run('bash', ['-c', 'curl -sS "$MGR/v1/kubeconfigs/project/$PROJECT_ID" | jq -r .kubeconfig > kubeconfig.yaml'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MGR: m.url, PROJECT_ID: project.id },
      });
      const yaml = await readFile(join(dir, 'kubeconfig.yaml'), 'utf8');
      const kc = userConfig(yaml);
      expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe(project.namespace);
      await kc.makeApiClient(k8s.CoreV1Api).createNamespacedConfigMap({
        namespace: project.namespace,
        body: { metadata: { name: 'from-step-6' } },
      });
      // kubectl, where the machine has it, reads the same file: the context's namespace is the default
      const kubectl = await run('kubectl', ['--kubeconfig', 'kubeconfig.yaml', 'get', 'configmaps', '-o', 'name'], { cwd: dir }).catch(
        (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)),
      );
      if (kubectl) expect(kubectl.stdout).toContain('configmap/from-step-6');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("carries a cluster's public server and CA when they are registered, and validates them", async () => {
    const publicCa = (await platform.generateCa({ commonName: 'public-endpoint' })).cert;
    const bad = await call('POST', '/v1/clusters', {
      name: 'kc-public',
      kubeconfig: Buffer.from(plane.kubeconfig).toString('base64'),
      publicServer: 'http://k8s.example.com',
      publicCAData: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['publicServer', 'publicCAData']);

    const reg = await call('POST', '/v1/clusters', {
      name: 'kc-public',
      kubeconfig: Buffer.from(plane.kubeconfig).toString('base64'),
      publicServer: 'https://k8s.example.com:6443/',
      publicCAData: Buffer.from(publicCa).toString('base64'),
    });
    expect(reg.status).toBe(200);
    expect(reg.body).toMatchObject({
      api_server: admin.server,
      public_server: 'https://k8s.example.com:6443',
      public_ca_data: Buffer.from(publicCa).toString('base64'),
    });
    // the same API server under a second registration: its projects land on this cluster too
    const { project } = await projectOnCluster('umbrella', 'lab', reg.body.id);
    const issued = await call('GET', `/v1/kubeconfigs/project/${project.id}`);
    expect(issued.status).toBe(200);
    const kc = userConfig(issued.body.kubeconfig);
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'kc-public',
      server: 'https://k8s.example.com:6443',
      caData: Buffer.from(publicCa).toString('base64'),
    });
  });
});
