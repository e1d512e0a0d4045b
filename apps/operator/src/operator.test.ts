/**
 * The operator against the local control plane, as a local in-process object authenticated with a
 * token of its OWN ServiceAccount (TokenRequest), never the admin's: what it does here, its RBAC
 * allows. The platform comes from bootstrapPlatform in a namespace of this file's own.
 */
import {
  appResource,
  bootstrapPlatform,
  CRD_API_VERSION,
  deleteObject,
  getObject,
  KubeApiError,
  kubeRequest,
  platformNames,
  policyResource,
  projectNamespaceName,
  projectResource,
  REVISION_ANNOTATION,
  serviceAccountToken,
  tenantResource,
  type KubeConnection,
  type LiveObject,
  parseKubeconfig,
} from '@kubeop/kube';
import { removeInstallation } from '@kubeop/kube/testing';
import { ensureBinaries, start, uniqueNamespace, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenConnection } from './connection.js';
import { Operator } from './operator.js';
import { serveEndpoints, type Endpoints } from './server.js';

// A control plane of this file's own: the shared one carries other suites' admission webhooks, which
// see every Project and App and answer 500 once their stubs are gone (failurePolicy Fail).
let plane: ControlPlane;
let admin: KubeConnection;
const system = uniqueNamespace('kubeop-op');
const run = system.slice(-8);
const RUN_LABEL = 'kubeop.io/test-run';
const n = platformNames(system);
const policyName = `policy-${run}`;
const tenantId = `t-${run}`;
const projectId = `p-${run}`;
const namespace = projectNamespaceName('acme', 'web', projectId);
const WAIT = { timeout: 60_000, interval: 250 };

const crPath = (plural: string, name: string, ns?: string) => `/apis/${CRD_API_VERSION}/${ns ? `namespaces/${ns}/` : ''}${plural}/${name}`;
const get = <T = any>(kc: KubeConnection, path: string) => kubeRequest<T>(kc, { method: 'GET', path });
/**
 * Creates a kubeOP object as the admin. Other suites on the shared plane install admission webhooks
 * that see every Project and App (their stubs come and go): a 5xx from one is retried.
 */
const create = (
  obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } },
  plural: string,
) =>
  vi
    .waitFor(
      () =>
        kubeRequest<any>(admin, {
          method: 'POST',
          path: `/apis/${CRD_API_VERSION}/${obj.metadata.namespace ? `namespaces/${obj.metadata.namespace}/` : ''}${plural}`,
          body: { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, [RUN_LABEL]: run } } },
        }).catch((e: unknown) => {
          if (e instanceof KubeApiError && e.code === 409) return null;
          if (e instanceof KubeApiError && e.code >= 500) throw e;
          return { error: e };
        }),
      WAIT,
    )
    .then((r) => {
      if (r && typeof r === 'object' && 'error' in r) throw (r as { error: unknown }).error;
      return r;
    });
const mergePatch = (kc: KubeConnection, path: string, body: unknown) =>
  vi
    .waitFor(
      () =>
        kubeRequest<any>(kc, { method: 'PATCH', path, body, contentType: 'application/merge-patch+json' }).catch((e: unknown) => {
          if (e instanceof KubeApiError && e.code >= 500) throw e; // a webhook of another suite (see create)
          return { error: e };
        }),
      WAIT,
    )
    .then((r) => {
      if (r && typeof r === 'object' && 'error' in r) throw (r as { error: unknown }).error;
      return r;
    });

async function status(kc: KubeConnection, p: Promise<unknown>): Promise<number> {
  void kc;
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof KubeApiError) return e.code;
    throw e;
  }
}

let operatorKc: KubeConnection;
let op: Operator;
let endpoints: Endpoints;
const logs: string[] = [];

function startOperator(identity: string): Operator {
  const o = new Operator({
    kc: operatorKc,
    namespace: system,
    identity,
    leaseName: n.leaderElectionLease,
    leaseDurationMs: 4000,
    renewDeadlineMs: 3000,
    retryPeriodMs: 300,
    policyName,
    selector: `${RUN_LABEL}=${run}`,
    workers: 2,
    log: (level, msg, fields) => logs.push(`${identity} ${level} ${msg} ${JSON.stringify(fields ?? {})}`),
  });
  o.start();
  return o;
}

beforeAll(async () => {
  plane = await start({ binDir: await ensureBinaries() });
  admin = parseKubeconfig(plane.kubeconfig).connection;
  await bootstrapPlatform(admin, { namespace: system, installAdmission: false });
  operatorKc = tokenConnection(admin.server, admin.ca!, await serviceAccountToken(admin, { namespace: system, name: n.operator }));
  await create(
    policyResource(
      {
        imageAllowlist: ['docker.io/library/', 'ghcr.io/kubeop/'],
        egressBaseline: ['10.0.0.0/8'],
        quotaMax: { requestsCPU: '2', requestsMemory: '4Gi' },
        limitRangeDefaults: { defaultRequest: { cpu: '50m', memory: '64Mi' }, default: { cpu: '200m', memory: '128Mi' } },
        ingressNamespace: 'ingress-test',
        revision: 1,
      },
      policyName,
    ),
    'policies',
  );
  op = startOperator('op-a');
  endpoints = await serveEndpoints(op, { host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0 });
  await vi.waitFor(() => expect(op.isLeader()).toBe(true), WAIT);
});

afterAll(async () => {
  await op?.stop();
  await endpoints?.close();
  // leave nothing behind even when a test failed midway: drop finalizers, delete what this file made
  const projects = await get<{ items: LiveObject[] }>(admin, `/apis/${CRD_API_VERSION}/projects?labelSelector=${RUN_LABEL}%3D${run}`).catch(
    () => ({ items: [] }),
  );
  for (const p of projects.items) {
    await mergePatch(admin, crPath('projects', p.metadata.name), { metadata: { finalizers: null } }).catch(() => undefined);
    await deleteObject(admin, { apiVersion: CRD_API_VERSION, kind: 'Project', name: p.metadata.name }).catch(() => false);
  }
  await deleteObject(admin, { apiVersion: CRD_API_VERSION, kind: 'Tenant', name: tenantId }).catch(() => false);
  await deleteObject(admin, { apiVersion: CRD_API_VERSION, kind: 'Policy', name: policyName }).catch(() => false);
  await deleteObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => false);
  await removeInstallation(admin, system);
  await plane?.stop();
});

describe('operator RBAC (its own ServiceAccount token)', () => {
  it("may not create a Deployment in kube-system, delete a namespace that is not a project's, nor read Secrets or ConfigMaps", async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `evil-${run}` },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    };
    // RBAC allows Deployments in every namespace (project namespaces come and go); the scope policy
    // (a ValidatingAdmissionPolicy) confines the operator to project namespaces. Dry runs: nothing
    // would be written even if the policy failed.
    const dryRun = { dryRun: 'All' };
    // the API server loads a new admission policy within a second or two: wait for it to bite
    await vi.waitFor(async () => {
      const denied = await kubeRequest(operatorKc, {
        method: 'POST',
        path: '/apis/apps/v1/namespaces/kube-system/deployments',
        body: dep,
        query: dryRun,
      }).catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(KubeApiError);
      expect(denied).toMatchObject({ code: 403 });
    }, WAIT);
    expect(
      await status(operatorKc, kubeRequest(operatorKc, { method: 'DELETE', path: `/api/v1/namespaces/${system}`, query: dryRun })),
    ).toBe(403);
    expect(await status(operatorKc, kubeRequest(operatorKc, { method: 'DELETE', path: '/api/v1/namespaces/default', query: dryRun }))).toBe(
      403,
    );
    expect(await status(operatorKc, get(operatorKc, '/api/v1/secrets'))).toBe(403);
    expect(await status(operatorKc, get(operatorKc, `/api/v1/namespaces/${system}/secrets`))).toBe(403);
    expect(await status(operatorKc, get(operatorKc, `/api/v1/namespaces/${system}/configmaps`))).toBe(403);
    const review = await kubeRequest<any>(operatorKc, {
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'get', resource: 'secrets', namespace: 'default' } },
      },
    });
    expect(review.status.allowed).toBe(false);
  });
});

describe('reconciling Tenant, Project and App', () => {
  it('marks a Tenant Ready', async () => {
    await create(tenantResource({ id: tenantId, name: 'acme' }), 'tenants');
    await vi.waitFor(async () => {
      const t = await get(admin, crPath('tenants', tenantId));
      expect(t.status).toMatchObject({
        ready: true,
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1 }],
      });
    }, WAIT);
  });

  it('creates the namespace of a Project with Pod Security labels, quota, limits and network policies from the Policy', async () => {
    await create(projectResource({ id: projectId, tenantId, name: 'web', namespace }), 'projects');
    await vi.waitFor(async () => {
      const p = await get(admin, crPath('projects', projectId));
      expect(p.status).toMatchObject({ ready: true, namespace, conditions: [{ type: 'Ready', status: 'True' }] });
      expect(p.metadata.finalizers).toContain('paas.kubeop.io/namespace');
    }, WAIT);
    const ns = await get(admin, `/api/v1/namespaces/${namespace}`);
    expect(ns.metadata.labels).toMatchObject({
      'app.kubeop.io/tenant': tenantId,
      'app.kubeop.io/project': projectId,
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const quota = await get(admin, `/api/v1/namespaces/${namespace}/resourcequotas/kubeop-quota`);
    expect(quota.spec.hard).toEqual({ 'requests.cpu': '2', 'requests.memory': '4Gi' });
    const lr = await get(admin, `/api/v1/namespaces/${namespace}/limitranges/kubeop-limits`);
    expect(lr.spec.limits[0]).toMatchObject({ default: { cpu: '200m', memory: '128Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' } });
    const ing = await get(admin, `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/kubeop-ingress`);
    expect(ing.spec.ingress[0].from[1].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-test' });
    const eg = await get(admin, `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/kubeop-egress`);
    expect(eg.spec.egress.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] });
  });

  it('repairs a deleted ResourceQuota and an edited NetworkPolicy (it watches what it owns)', async () => {
    const qPath = `/api/v1/namespaces/${namespace}/resourcequotas/kubeop-quota`;
    const before = await get(admin, qPath);
    await deleteObject(admin, { apiVersion: 'v1', kind: 'ResourceQuota', name: 'kubeop-quota', namespace });
    await vi.waitFor(async () => {
      const q = await get(admin, qPath);
      expect(q.metadata.uid).not.toBe(before.metadata.uid);
      expect(q.spec.hard).toEqual({ 'requests.cpu': '2', 'requests.memory': '4Gi' });
    }, WAIT);

    const npPath = `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies/kubeop-ingress`;
    await kubeRequest(admin, {
      method: 'PATCH',
      path: npPath,
      body: [{ op: 'replace', path: '/spec/ingress/0/from/1/namespaceSelector/matchLabels/kubernetes.io~1metadata.name', value: 'evil' }],
      contentType: 'application/json-patch+json',
    });
    await vi.waitFor(async () => {
      const np = await get(admin, npPath);
      expect(np.spec.ingress[0].from[1].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-test' });
    }, WAIT);
  });

  it('follows a Policy change without a restart', async () => {
    await mergePatch(admin, crPath('policies', policyName), { spec: { quotaMax: { requestsCPU: '3' }, revision: 2 } });
    await vi.waitFor(async () => {
      const q = await get(admin, `/api/v1/namespaces/${namespace}/resourcequotas/kubeop-quota`);
      expect(q.spec.hard['requests.cpu']).toBe('3');
    }, WAIT);
  });

  const app = () =>
    appResource({
      id: `a-${run}`,
      tenantId,
      projectId,
      namespace,
      name: 'web',
      image: 'docker.io/library/nginx:1.25',
      host: `web-${run}.example.com`,
    });

  it('deploys an App: Deployment Available, Service, Ingress, status Ready with revision and availableReplicas', async () => {
    await create(app(), 'apps');
    const path = crPath('apps', 'web', namespace);
    let revision = '';
    await vi.waitFor(async () => {
      const a = await get(admin, path);
      expect(a.status).toMatchObject({ ready: true, availableReplicas: 1, observedGeneration: 1 });
      const byType = Object.fromEntries(a.status.conditions.map((c: any) => [c.type, c]));
      expect(byType.Ready).toMatchObject({ status: 'True', observedGeneration: 1 });
      expect(byType.Progressing).toMatchObject({ status: 'False' });
      expect(byType.Degraded).toMatchObject({ status: 'False' });
      revision = a.status.revision;
    }, WAIT);
    const dep = await get(admin, `/apis/apps/v1/namespaces/${namespace}/deployments/web`);
    expect(dep.spec.template.metadata.annotations[REVISION_ANNOTATION]).toBe(revision);
    expect(dep.status.conditions.find((c: any) => c.type === 'Available').status).toBe('True');
    expect(dep.metadata.ownerReferences[0]).toMatchObject({ kind: 'App', name: 'web', controller: true });
    expect(dep.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
    expect(dep.metadata.labels).toMatchObject({
      'app.kubeop.io/app': `a-${run}`,
      'app.kubeop.io/project': projectId,
      'app.kubeop.io/tenant': tenantId,
    });
    const svc = await get(admin, `/api/v1/namespaces/${namespace}/services/web`);
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
    const ingress = await get(admin, `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/web`);
    expect(ingress.spec.rules[0].host).toBe(`web-${run}.example.com`);
  });

  it('rolls out a new image as a new revision; lastTransitionTime of Ready moves only on transitions', async () => {
    const path = crPath('apps', 'web', namespace);
    const before = await get(admin, path);
    await mergePatch(admin, path, { spec: { image: 'docker.io/library/nginx:1.26' } });
    await vi.waitFor(async () => {
      const a = await get(admin, path);
      expect(a.status).toMatchObject({ ready: true, observedGeneration: 2, availableReplicas: 1 });
      expect(a.status.revision).not.toBe(before.status.revision);
    }, WAIT);
    const dep = await get(admin, `/apis/apps/v1/namespaces/${namespace}/deployments/web`);
    expect(dep.spec.template.spec.containers[0].image).toBe('docker.io/library/nginx:1.26');
    expect(Number(dep.metadata.annotations['deployment.kubernetes.io/revision'])).toBe(2);
    // a change that is not a transition (host removed: Ready stays True) keeps lastTransitionTime
    const ready = (a: any) => a.status.conditions.find((c: any) => c.type === 'Ready');
    const t1 = ready(await get(admin, path));
    await mergePatch(admin, path, { spec: { host: null } });
    await vi.waitFor(async () => {
      const a = await get(admin, path);
      expect(a.status.observedGeneration).toBe(3);
      expect(ready(a)).toMatchObject({ status: 'True', observedGeneration: 3, lastTransitionTime: t1.lastTransitionTime });
      expect(await getObject(admin, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web', namespace })).toBeNull();
    }, WAIT);
  });

  it('refuses unimplemented types and images outside the allowlist in the status', async () => {
    await create(
      {
        apiVersion: CRD_API_VERSION,
        kind: 'App',
        metadata: { name: 'chart', namespace },
        spec: { type: 'Helm', appID: 'x', projectRef: projectId, helm: { chart: 'oci://x/y' } },
      } as any,
      'apps',
    );
    await create(
      {
        ...app(),
        metadata: { ...app().metadata, name: 'other' },
        spec: { ...app().spec, image: 'quay.io/evil/miner:1', host: undefined },
      } as any,
      'apps',
    );
    await vi.waitFor(async () => {
      const helm = await get(admin, crPath('apps', 'chart', namespace));
      expect(helm.status.ready).toBe(false);
      expect(helm.status.message).toContain('spec.type Helm is not implemented');
      expect(helm.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'TypeNotImplemented' });
      expect(helm.status.conditions.find((c: any) => c.type === 'Degraded')).toMatchObject({ status: 'True' });
      const other = await get(admin, crPath('apps', 'other', namespace));
      expect(other.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ImageNotAllowed' });
    }, WAIT);
    expect(await getObject(admin, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chart', namespace })).toBeNull();
    expect(await getObject(admin, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', namespace })).toBeNull();
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    const h = await fetch(`http://127.0.0.1:${endpoints.healthPort}/healthz`);
    expect(h.status).toBe(200);
    const r = await fetch(`http://127.0.0.1:${endpoints.healthPort}/readyz`);
    expect(r.status).toBe(200);
    const m = await (await fetch(`http://127.0.0.1:${endpoints.metricsPort}/metrics`)).text();
    expect(m).toMatch(/kubeop_operator_reconcile_total\{kind="app",result="success"\} [1-9]/);
    expect(m).toContain('kubeop_operator_reconcile_duration_seconds_bucket');
    expect(m).toContain('kubeop_operator_workqueue_depth');
    expect(m).toContain('kubeop_operator_reconcile_errors_total');
    expect(m).toMatch(/kubeop_operator_leader 1/);
  });

  it('with two instances, exactly one leads', async () => {
    const b = startOperator('op-b');
    try {
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 400));
        expect([op.isLeader(), b.isLeader()]).toEqual([true, false]);
      }
      expect(b.ready()).toBe(true);
      const lease = await get(admin, `/apis/coordination.k8s.io/v1/namespaces/${system}/leases/${n.leaderElectionLease}`);
      expect(lease.spec.holderIdentity).toBe('op-a');
    } finally {
      await b.stop();
    }
  });

  it('deleting the App removes its objects; deleting the Project removes the namespace, then the Project', async () => {
    await deleteObject(admin, { apiVersion: CRD_API_VERSION, kind: 'App', name: 'web', namespace });
    await vi.waitFor(async () => {
      expect(await getObject(admin, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace })).toBeNull();
      expect(await getObject(admin, { apiVersion: 'v1', kind: 'Service', name: 'web', namespace })).toBeNull();
    }, WAIT);
    await deleteObject(admin, { apiVersion: CRD_API_VERSION, kind: 'Project', name: projectId });
    // the finalizer holds the Project while the namespace goes
    const p = await get(admin, crPath('projects', projectId));
    expect(p.metadata.deletionTimestamp).toBeDefined();
    await vi.waitFor(
      async () => {
        expect(await getObject(admin, { apiVersion: CRD_API_VERSION, kind: 'Project', name: projectId })).toBeNull();
      },
      { timeout: 90_000, interval: 500 },
    );
    expect(await getObject(admin, { apiVersion: 'v1', kind: 'Namespace', name: namespace })).toBeNull();
  });
});
