/**
 * The admission server end to end: a real kube-apiserver (a control plane of this file's own, since
 * the webhooks fail closed) calls the real server process, which runs with a token of its own
 * ServiceAccount, registered by URL by the platform bootstrap, with the walkthrough's policy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import {
  bootstrapPlatform,
  CRD_API_VERSION,
  deleteObject,
  GUARDRAIL_RULES,
  guardrailPolicyName,
  issueServingCertificate,
  KubeApiError,
  kubeRequest,
  parseKubeconfig,
  platformNames,
  policyResource,
  PROJECT_LABEL,
  projectNamespaceName,
  readAdmissionTls,
  serviceAccountToken,
  TENANT_LABEL,
  tokenConnection,
  type KubeConnection,
  type PolicySpec,
} from '@kubeop/kube';
import { removeInstallation } from '@kubeop/kube/testing';
import { ensureBinaries, freePorts, start, uniqueNamespace, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeLocalRunFiles, type LocalRunFiles } from './local-run.js';

const WAIT = { timeout: 30_000, interval: 250 };
const POLICY: PolicySpec = {
  imageAllowlist: ['docker.io', 'ghcr.io'],
  egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
  revision: 1,
};
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const appDir = fileURLToPath(new URL('..', import.meta.url));

let plane: ControlPlane;
let admin: KubeConnection;
let dir: string;
let files: LocalRunFiles;
let port: number;
const system = uniqueNamespace('kubeop-adm');
const n = platformNames(system);
const projectId = `p-${system.slice(-8)}`;
const tenantId = `t-${system.slice(-8)}`;
const ns = projectNamespaceName('acme', 'web', projectId);

interface Proc {
  child: ChildProcess;
  lines: string[];
}
const procs: Proc[] = [];
let server: Proc;

function spawnAdmission(env: Record<string, string>, args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', KUBEOP_NAMESPACE: system, KUBEOP_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = { child, lines: [] };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => {
      buf += c;
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      p.lines.push(...parts.filter(Boolean));
    });
  }
  procs.push(p);
  return p;
}

/** One HTTPS call to a local admission server, trusting `ca`. */
function call(
  path: string,
  options: { method?: string; body?: string | Buffer; port?: number; ca?: string } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port: options.port ?? port,
        path,
        method: options.method ?? 'GET',
        ca: options.ca ?? files.caCert,
        servername: '127.0.0.1',
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (options.body !== undefined) r.setHeader('content-type', 'application/json');
    r.end(options.body);
  });
}

const path = (group: string, plural: string, namespace?: string) =>
  `${group ? `/apis/${group}` : '/api/v1'}${namespace ? `/namespaces/${namespace}` : ''}/${plural}`;

/** Creates an object; resolves with the API server's error (or null when created). */
async function create(kc: KubeConnection, p: string, body: unknown, dryRun = false): Promise<KubeApiError | null> {
  try {
    await kubeRequest(kc, { method: 'POST', path: p, body, ...(dryRun ? { query: { dryRun: 'All' } } : {}) });
    return null;
  } catch (e) {
    if (e instanceof KubeApiError) return e;
    throw e;
  }
}
const messageOf = (e: KubeApiError | null): string => e?.status?.message ?? '';

const deployment = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
  },
});
const networkPolicy = (name: string, cidr: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, labels },
  spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }] }] },
});
const quota = (name: string, cpu: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, labels },
  spec: { hard: { 'requests.cpu': cpu, 'requests.memory': '1Gi' } },
});
const MANAGED = { 'app.kubernetes.io/managed-by': 'kubeop-operator' };

async function tenantNamespace(name: string, project: string): Promise<void> {
  await kubeRequest(admin, {
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [TENANT_LABEL]: tenantId, [PROJECT_LABEL]: project } } },
  });
}

const countLines = (p: Proc, text: string) => p.lines.filter((l) => l.includes(text)).length;

beforeAll(async () => {
  plane = await start({ binDir: await ensureBinaries() });
  admin = parseKubeconfig(plane.kubeconfig).connection;
  [port] = (await freePorts(1)) as [number];
  dir = mkdtempSync(join(tmpdir(), 'kubeop-admission-'));
  // the webhooks (failurePolicy Fail) registered by URL, as the Manager does for a local process
  await bootstrapPlatform(admin, { namespace: system, admissionWebhook: { mode: 'url', baseUrl: `https://127.0.0.1:${port}` } });
  // The guardrail ValidatingAdmissionPolicies (CEL in the API server) judge most of these rules
  // before the webhook does; without their bindings the webhook answers alone, which is what this
  // file proves (their own tests prove them without a webhook).
  for (const rule of GUARDRAIL_RULES) {
    await deleteObject(admin, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      name: guardrailPolicyName(system, rule),
    });
  }
  await kubeRequest(admin, { method: 'POST', path: `/apis/${CRD_API_VERSION}/policies`, body: policyResource(POLICY) }).catch(
    (e: unknown) => {
      if (!(e instanceof KubeApiError && e.code === 409)) throw e;
    },
  );
  files = await writeLocalRunFiles(admin, system, dir);
  server = spawnAdmission({ KUBEOP_KUBECONFIG: files.kubeconfig, KUBEOP_TLS_RELOAD_SECONDS: '1' }, [
    `--port=${port}`,
    `--tls-cert-file=${files.certFile}`,
    `--tls-key-file=${files.keyFile}`,
  ]);
  await vi.waitFor(async () => expect((await call('/readyz')).status).toBe(200), WAIT);
  await tenantNamespace(ns, projectId);
  await kubeRequest(admin, {
    method: 'POST',
    path: `/apis/${CRD_API_VERSION}/tenants`,
    body: { apiVersion: CRD_API_VERSION, kind: 'Tenant', metadata: { name: tenantId }, spec: { name: 'acme' } },
  });
});

afterAll(async () => {
  // the webhook configurations first: nothing may call a server that is going away
  if (admin) await removeInstallation(admin, system);
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : undefined)));
  await plane?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the API server calling the admission server', () => {
  it('refuses a Deployment with an image outside the allowlist, naming the object, field and rule', async () => {
    // the API server picks up new webhook configurations (and drops deleted bindings) asynchronously
    const bad = deployment('bad', 'quay.io/x/y:1');
    await expect
      .poll(async () => messageOf(await create(admin, path('apps/v1', 'deployments', ns), bad, true)), WAIT)
      .toMatch(/^admission webhook "vworkloads.paas.kubeop.io" denied/);
    // every guardrail binding is gone, not only the images one
    await expect
      .poll(async () => messageOf(await create(admin, path('', 'resourcequotas', ns), quota('probe', '99'), true)), WAIT)
      .toMatch(/^admission webhook "vworkloads.paas.kubeop.io" denied/);
    expect(messageOf(await create(admin, path('apps/v1', 'deployments', ns), bad))).toBe(
      `admission webhook "vworkloads.paas.kubeop.io" denied the request: Deployment ${ns}/bad: ` +
        'spec.template.spec.containers[0].image: registry quay.io is not in the image allowlist (docker.io, ghcr.io)',
    );
  });

  it.each([
    ['short', 'nginx:1.25'],
    ['full', 'docker.io/library/nginx:1.25'],
    ['digest', `ghcr.io/org/app@${DIGEST}`],
    ['hub-namespace', 'bitnami/nginx'],
  ])('admits the %s image %s', async (name, image) => {
    expect(await create(admin, path('apps/v1', 'deployments', ns), deployment(name, image))).toBeNull();
  });

  it("refuses a Pod's ephemeral container with a disallowed image", async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug-me' },
      spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] },
    };
    // pods wait for the namespace's default ServiceAccount
    await expect.poll(() => create(admin, path('', 'pods', ns), pod).then((e) => (e?.code === 409 ? null : e)), WAIT).toBeNull();
    // what `kubectl debug` sends: a strategic merge patch of the ephemeralcontainers subresource
    const debug = (name: string, image: string) =>
      kubeRequest(admin, {
        method: 'PATCH',
        path: `${path('', 'pods', ns)}/debug-me/ephemeralcontainers`,
        body: { spec: { ephemeralContainers: [{ name, image, targetContainerName: 'main' }] } },
        contentType: 'application/strategic-merge-patch+json',
      });
    const denied = await debug('debug', 'quay.io/debug/tools:1').catch((e: unknown) => e as KubeApiError);
    expect(denied).toBeInstanceOf(KubeApiError);
    expect(messageOf(denied as KubeApiError)).toContain(
      `Pod ${ns}/debug-me: spec.ephemeralContainers[0].image: registry quay.io is not in the image allowlist`,
    );
    await debug('debug', 'busybox:1.36');
  });

  it('refuses egress outside the baseline and ResourceQuotas above quotaMax', async () => {
    const np = await create(admin, path('networking.k8s.io/v1', 'networkpolicies', ns), networkPolicy('dns-google', '8.8.8.8/32'));
    expect(messageOf(np)).toContain(
      `NetworkPolicy ${ns}/dns-google: spec.egress[0].to[0].ipBlock.cidr: 8.8.8.8/32 is not inside the egress baseline (10.0.0.0/8, 172.16.0.0/12)`,
    );
    expect(await create(admin, path('networking.k8s.io/v1', 'networkpolicies', ns), networkPolicy('internal', '10.1.0.0/16'))).toBeNull();
    const rq = await create(admin, path('', 'resourcequotas', ns), quota('big', '8'));
    expect(messageOf(rq)).toContain(`ResourceQuota ${ns}/big: spec.hard["requests.cpu"]: 8 exceeds the maximum 4 (quotaMax.requestsCPU)`);
    expect(await create(admin, path('', 'resourcequotas', ns), quota('fits', '4'))).toBeNull();
  });

  it('enforces baseline pod security in tenant namespaces', async () => {
    const priv = deployment('priv', 'nginx:1.25');
    (priv.spec.template.spec as Record<string, unknown>).hostNetwork = true;
    expect(messageOf(await create(admin, path('apps/v1', 'deployments', ns), priv, true))).toContain(
      'spec.template.spec.hostNetwork: host namespaces are not allowed',
    );
  });

  it('applies a changed Policy within seconds, without a restart', async () => {
    const pid = server.child.pid;
    const policyPath = `/apis/${CRD_API_VERSION}/policies/default`;
    const setAllowlist = (imageAllowlist: string[]) =>
      kubeRequest(admin, {
        method: 'PATCH',
        path: policyPath,
        body: { spec: { imageAllowlist } },
        contentType: 'application/merge-patch+json',
      });
    const quayDryRun = () =>
      create(admin, path('apps/v1', 'deployments', ns), deployment('quay', 'quay.io/x/y:1'), true).then((e) => e?.code ?? 201);
    await setAllowlist(['docker.io', 'ghcr.io', 'quay.io']);
    await expect.poll(quayDryRun, { timeout: 10_000, interval: 200 }).toBe(201);
    await setAllowlist(['docker.io', 'ghcr.io']);
    await expect.poll(quayDryRun, { timeout: 10_000, interval: 200 }).toBe(403);
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
  });

  it('is never sent objects in kube-system', async () => {
    const before = server.lines.length;
    expect(
      await create(admin, path('apps/v1', 'deployments', 'kube-system'), deployment(`quay-${system.slice(-8)}`, 'quay.io/x/y:1')),
    ).toBeNull();
    expect(
      await create(admin, path('networking.k8s.io/v1', 'networkpolicies', 'kube-system'), networkPolicy('open', '8.8.8.8/32')),
    ).toBeNull();
    // a positive control: a review in the tenant namespace is logged (debug) …
    expect(await create(admin, path('apps/v1', 'deployments', ns), deployment('control', 'nginx:1.25'), true)).toBeNull();
    await expect.poll(() => server.lines.slice(before).some((l) => l.includes(`Deployment ${ns}/control`)), WAIT).toBe(true);
    // … and none ever named kube-system
    expect(countLines(server, 'kube-system/')).toBe(0);
    await kubeRequest(admin, { method: 'DELETE', path: `${path('apps/v1', 'deployments', 'kube-system')}/quay-${system.slice(-8)}` });
    await kubeRequest(admin, { method: 'DELETE', path: `${path('networking.k8s.io/v1', 'networkpolicies', 'kube-system')}/open` });
  });

  it('refuses deleting a managed NetworkPolicy as a tenant, lets the operator and namespace deletion through', async () => {
    await create(admin, path('networking.k8s.io/v1', 'networkpolicies', ns), networkPolicy('kubeop-egress', '10.0.0.0/8', MANAGED));
    await create(admin, path('networking.k8s.io/v1', 'networkpolicies', ns), networkPolicy('kubeop-egress-2', '10.0.0.0/8', MANAGED));
    // a tenant-like user: a ServiceAccount of the namespace with `admin` there
    await kubeRequest(admin, {
      method: 'POST',
      path: path('', 'serviceaccounts', ns),
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'dev' } },
    });
    await kubeRequest(admin, {
      method: 'POST',
      path: path('rbac.authorization.k8s.io/v1', 'rolebindings', ns),
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'dev-admin' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'ServiceAccount', name: 'dev', namespace: ns }],
      },
    });
    const dev = tokenConnection(admin.server, admin.ca!, await serviceAccountToken(admin, { namespace: ns, name: 'dev' }));
    const npPath = `${path('networking.k8s.io/v1', 'networkpolicies', ns)}/kubeop-egress`;
    const denied = await kubeRequest(dev, { method: 'DELETE', path: npPath }).catch((e: unknown) => e as KubeApiError);
    expect(denied).toMatchObject({ code: 403 });
    expect(messageOf(denied as KubeApiError)).toContain(`NetworkPolicy ${ns}/kubeop-egress: managed by kubeOP`);
    // RBAC allowed it: only the webhook refused (the tenant may delete its own policies)
    await kubeRequest(dev, { method: 'DELETE', path: `${path('networking.k8s.io/v1', 'networkpolicies', ns)}/internal` });
    const unlabel = await kubeRequest(dev, {
      method: 'PATCH',
      path: npPath,
      body: { metadata: { labels: { 'app.kubernetes.io/managed-by': null } } },
      contentType: 'application/merge-patch+json',
    }).catch((e: unknown) => e as KubeApiError);
    expect(unlabel).toMatchObject({ code: 403 });

    const operator = tokenConnection(admin.server, admin.ca!, await serviceAccountToken(admin, { namespace: system, name: n.operator }));
    await kubeRequest(operator, { method: 'DELETE', path: `${path('networking.k8s.io/v1', 'networkpolicies', ns)}/kubeop-egress-2` });

    // a whole namespace with managed objects still goes away (namespace controller)
    const doomed = projectNamespaceName('acme', 'doomed', `${projectId}-d`);
    await tenantNamespace(doomed, `${projectId}-d`);
    expect(
      await create(admin, path('networking.k8s.io/v1', 'networkpolicies', doomed), networkPolicy('kubeop-egress', '10.0.0.0/8', MANAGED)),
    ).toBeNull();
    expect(await create(admin, path('', 'resourcequotas', doomed), quota('kubeop-quota', '1', MANAGED))).toBeNull();
    await kubeRequest(admin, { method: 'DELETE', path: `/api/v1/namespaces/${doomed}` });
    await expect
      .poll(
        () =>
          kubeRequest(admin, { method: 'GET', path: `/api/v1/namespaces/${doomed}` }).then(
            () => 200,
            (e: unknown) => (e as KubeApiError).code,
          ),
        { timeout: 60_000, interval: 500 },
      )
      .toBe(404);
  });

  it('labels Apps, refuses Apps outside their project namespace and Projects of unknown tenants', async () => {
    const app = (name: string, namespace: string, image: string) => ({
      apiVersion: CRD_API_VERSION,
      kind: 'App',
      metadata: { name, namespace },
      spec: { type: 'Image', appID: `a-${name}`, projectRef: projectId, image },
    });
    expect(await create(admin, path(CRD_API_VERSION, 'apps', ns), app('web', ns, 'nginx:1.25'))).toBeNull();
    const live = await kubeRequest<{ metadata: { labels?: Record<string, string> } }>(admin, {
      method: 'GET',
      path: `${path(CRD_API_VERSION, 'apps', ns)}/web`,
    });
    expect(live.metadata.labels?.['app.kubeop.io/managed-by']).toBe('kubeop-admission');
    expect(messageOf(await create(admin, path(CRD_API_VERSION, 'apps', ns), app('evil', ns, 'evil.io/forbidden:latest')))).toContain(
      'spec.image: registry evil.io is not in the image allowlist',
    );
    expect(messageOf(await create(admin, path(CRD_API_VERSION, 'apps', 'default'), app('stray', 'default', 'nginx:1.25')))).toContain(
      "namespace default is not owned by a tenant's project",
    );
    const project = (tenantRef: string) => ({
      apiVersion: CRD_API_VERSION,
      kind: 'Project',
      metadata: { name: `p-new-${tenantRef}` },
      spec: { tenantRef, name: 'new', namespace: projectNamespaceName('acme', 'new', `p-new-${tenantRef}`) },
    });
    expect(messageOf(await create(admin, path(CRD_API_VERSION, 'projects'), project('nobody'), true))).toContain(
      'spec.tenantRef: tenant nobody does not exist',
    );
    expect(await create(admin, path(CRD_API_VERSION, 'projects'), project(tenantId), true)).toBeNull();
  });
});

describe('the server itself', () => {
  const review = (request: Record<string, unknown>) =>
    JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request });

  it.each([
    ['not JSON', '{"apiVersion":'],
    ['a JSON array', '[]'],
    ['another apiVersion', JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x' } })],
    ['no request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })],
    ['no uid', review({ kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE' })],
  ])('answers %s with 400', async (_, body) => {
    const r = await call('/validate', { method: 'POST', body });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ kind: 'Status', code: 400 });
  });

  it('answers a review it cannot judge with a denial carrying its uid, and a huge body with 400', async () => {
    const r = await call('/validate', {
      method: 'POST',
      body: review({ uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'EXPLODE' }),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ response: { uid: 'u-1', allowed: false, status: { code: 400 } } });
    const huge = await call('/validate', { method: 'POST', body: Buffer.alloc(4 * 1024 * 1024, 0x20) }).catch(() => ({
      status: -1,
      text: '',
    }));
    // a 400 before the whole body is read (or a reset while we are still sending it)
    expect([400, -1]).toContain(huge.status);
    expect((await call('/healthz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });

  it('exposes decisions by rule and result, and latency', async () => {
    const text = (await call('/metrics')).text;
    expect(text).toMatch(/kubeop_admission_decisions_total\{webhook="validate",rule="image-allowlist",result="denied"\} [1-9]/);
    expect(text).toMatch(/kubeop_admission_decisions_total\{webhook="validate",rule="none",result="allowed"\} [1-9]/);
    expect(text).toMatch(/kubeop_admission_decisions_total\{webhook="mutate",rule="app-label",result="allowed"\} [1-9]/);
    expect(text).toMatch(/kubeop_admission_review_duration_seconds_bucket\{le="0.005",webhook="validate"\} [1-9]/);
    expect(text).toContain('kubeop_admission_policy_revision 1');
  });

  it('fails closed while it cannot read the Policy: not ready, every validation denied', async () => {
    // a token of an account that may not list Policies: the Policy never becomes known
    const token = await serviceAccountToken(admin, { namespace: ns, name: 'default' });
    const kubeconfig = join(dir, 'nobody.kubeconfig');
    const nobody = { ...parseKubeconfig(plane.kubeconfig).connection };
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'c', cluster: { server: nobody.server, 'certificate-authority-data': Buffer.from(nobody.ca!).toString('base64') } },
        ],
        users: [{ name: 'u', user: { token } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
      { mode: 0o600 },
    );
    const [otherPort] = (await freePorts(1)) as [number];
    const blind = spawnAdmission({ KUBEOP_KUBECONFIG: kubeconfig }, [
      `--port=${otherPort}`,
      `--tls-cert-file=${files.certFile}`,
      `--tls-key-file=${files.keyFile}`,
    ]);
    await expect
      .poll(
        () =>
          call('/healthz', { port: otherPort }).then(
            (r) => r.status,
            () => 0,
          ),
        WAIT,
      )
      .toBe(200);
    expect((await call('/readyz', { port: otherPort })).status).toBe(503);
    const r = await call('/validate', {
      port: otherPort,
      method: 'POST',
      body: review({
        uid: 'u-2',
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        namespace: ns,
        name: 'x',
        operation: 'CREATE',
        userInfo: { username: 'alice' },
        object: deployment('x', 'nginx:1.25'),
      }),
    });
    expect(JSON.parse(r.text)).toMatchObject({ response: { uid: 'u-2', allowed: false } });
    expect(JSON.parse(r.text).response.status.message).toMatch(/has not read the platform Policy yet \(fail closed\)/);
    blind.child.kill('SIGTERM');
  });

  it('serves a renewed certificate without a restart', async () => {
    const tls = await readAdmissionTls(admin, { namespace: system });
    const renewed = await issueServingCertificate({ cert: tls!.caCert!, key: tls!.caKey! }, { dnsNames: [], ipAddresses: ['127.0.0.1'] });
    const served = () =>
      new Promise<string>((resolve, reject) => {
        const s = connect(
          { host: '127.0.0.1', port, ca: files.caCert, servername: 'localhost', checkServerIdentity: () => undefined },
          () => {
            resolve(s.getPeerX509Certificate()?.fingerprint256 ?? '');
            s.end();
          },
        );
        s.on('error', reject);
      });
    const pid = server.child.pid;
    expect(await served()).toBe(new X509Certificate(readFileSync(files.certFile, 'utf8')).fingerprint256);
    writeFileSync(files.keyFile, renewed.key);
    writeFileSync(files.certFile, renewed.cert);
    await expect.poll(served, WAIT).toBe(new X509Certificate(renewed.cert).fingerprint256);
    expect(server.child.pid).toBe(pid);
    // the API server still trusts it (same CA)
    expect(await create(admin, path('apps/v1', 'deployments', ns), deployment('after-renewal', 'quay.io/x/y:1'), true)).toMatchObject({
      code: 403,
    });
  });
});
