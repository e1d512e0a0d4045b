import { platform } from '@kubeop/core';
import { waitFor } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callApi, type TestManager } from './test-manager.js';
import { startTestStack, type TestStack } from './test-stack.js';

// The walkthrough's step 4 enforced end to end: a policy stored through the API reaches the cluster
// as Policy/default, and the API server itself (the guardrail ValidatingAdmissionPolicies bootstrap
// installs, parameterised by Policy/default) enforces it in the project's namespace; a change applies
// within seconds, with nothing restarted. (The webhook's enforcement is tested in apps/admission.)
let stack: TestStack;
let admin: platform.KubeConnection;
let m: TestManager;

const call = (method: string, path: string, body?: unknown) => callApi(m.url, method, path, body);
const POLICY = { egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'], quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' } };

beforeAll(async () => {
  stack = await startTestStack('policy-e2e', 'kubeop-g');
  ({ admin } = stack);
  m = stack.manager;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Why the API server refuses a Deployment of `image` in `namespace` (dry run), or null when it admits it. */
async function refusal(namespace: string, image: string): Promise<string | null> {
  try {
    await platform.kubeRequest(admin, {
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      query: { dryRun: 'All' },
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'probe' },
        spec: {
          selector: { matchLabels: { app: 'probe' } },
          template: { metadata: { labels: { app: 'probe' } }, spec: { containers: [{ name: 'c', image }] } },
        },
      },
    });
    return null;
  } catch (e) {
    if (e instanceof platform.KubeApiError && e.code === 403) return e.status?.message ?? e.message;
    throw e;
  }
}

describe(`a policy set through the API is enforced on the cluster (${inject('databaseKind')} PostgreSQL)`, { timeout: 180_000 }, () => {
  it('refuses images outside the allowlist in project namespaces, and follows a change within seconds', async () => {
    const tenant = (await call('POST', '/v1/tenants', { name: 'guarded', clusterID: stack.clusterId })).body;
    const project = (await call('POST', '/v1/projects', { tenantID: tenant.id, name: 'web' })).body;
    await waitFor('the project namespace', async () =>
      Boolean(await platform.getObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: project.namespace })),
    );

    expect((await call('PUT', '/v1/platform/policy', { ...POLICY, imageAllowlist: ['ghcr.io'] })).status).toBe(200);
    await expect
      .poll(() => refusal(project.namespace, 'docker.io/library/nginx:1.25'), { timeout: 30_000, interval: 250 })
      .toMatch(/registry docker\.io is not in the image allowlist \(ghcr\.io\)/);
    expect(await refusal(project.namespace, 'ghcr.io/org/app:1')).toBeNull();
    // the Manager checks apps against the same policy before it stores anything
    const refused = await call('POST', '/v1/apps', { projectID: project.id, name: 'web', image: 'nginx:1.25' });
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([expect.objectContaining({ path: 'image' })]);

    // the walkthrough's allowlist: docker.io (so nginx and bitnami/nginx) and ghcr.io, not quay.io
    expect((await call('PUT', '/v1/platform/policy', { ...POLICY, imageAllowlist: ['docker.io', 'ghcr.io'] })).status).toBe(200);
    await expect.poll(() => refusal(project.namespace, 'nginx:1.25'), { timeout: 30_000, interval: 250 }).toBeNull();
    expect(await refusal(project.namespace, 'bitnami/nginx')).toBeNull();
    expect(await refusal(project.namespace, 'quay.io/x/y:1')).toMatch(/registry quay\.io is not in the image allowlist/);
    // nothing outside tenant namespaces is judged
    expect(await refusal('default', 'quay.io/x/y:1')).toBeNull();
  });
});
