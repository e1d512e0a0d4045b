import { ensureBinaries, start, type ControlPlane } from '@kubeop/test-cluster';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyObjects } from './apply.js';
import { KubeApiError, kubeRequest, serverSideApply } from './kube.js';
import { parseKubeconfig, type KubeConnection } from './kubeconfig.js';
import { buildCrds, CRD_API_VERSION } from './manifests/crds.js';
import { buildGuardrailPolicies } from './manifests/guardrail-policies.js';
import { resolvePlatformOptions } from './options.js';
import { projectResource } from './resources.js';
import { effectivePolicy, imageAllowed, policyResource, type PolicySpec } from './workloads/policy.js';
import { buildProjectObjects } from './workloads/project.js';

// The CEL guardrails, judged by a real API server with no webhook at all: CRDs, Policy/default and
// the ValidatingAdmissionPolicies with their bindings, nothing else. A control plane of this file's
// own: Policy/default is cluster-wide.
let plane: ControlPlane;
let admin: KubeConnection;
const TENANT_NS = 'kubeop-acme-web-guard';
const WAIT = { timeout: 30_000, interval: 250 };
const WALKTHROUGH: PolicySpec = {
  imageAllowlist: ['docker.io', 'ghcr.io'],
  egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
};
const DIGEST = `sha256:${'ab'.repeat(32)}`;

const setPolicy = (spec: PolicySpec) => serverSideApply(admin, policyResource(spec), { fieldManager: 'kubeop-manager', force: true });

const SECURE = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const container = (image: string, extra: Record<string, unknown> = {}) => ({ name: 'app', image, securityContext: SECURE, ...extra });
const podSpec = (image: string, extra: Record<string, unknown> = {}) => ({ containers: [container(image)], ...extra });
const deployment = (image: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { ...podSpec(image), ...spec } },
  },
});

const PLURALS: Record<string, string> = {
  Deployment: 'apis/apps/v1/namespaces/NS/deployments',
  CronJob: 'apis/batch/v1/namespaces/NS/cronjobs',
  Pod: 'api/v1/namespaces/NS/pods',
  ResourceQuota: 'api/v1/namespaces/NS/resourcequotas',
  NetworkPolicy: 'apis/networking.k8s.io/v1/namespaces/NS/networkpolicies',
};

/** Creates `obj` in `namespace` as a dry run: null when admitted, else the API server's message. */
async function verdict(obj: { kind: string }, namespace = TENANT_NS): Promise<string | null> {
  try {
    await kubeRequest(admin, {
      method: 'POST',
      path: `/${PLURALS[obj.kind]!.replace('NS', namespace)}`,
      query: { dryRun: 'All' },
      body: obj,
    });
    return null;
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 403) return e.status?.message ?? e.message;
    throw e;
  }
}

const quota = (hard: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } });
const egress = (...cidrs: string[]) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'np' },
  spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }] },
});

beforeAll(async () => {
  plane = await start({ binDir: await ensureBinaries() });
  admin = parseKubeconfig(plane.kubeconfig).connection;
  const opts = resolvePlatformOptions();
  await applyObjects(admin, [...buildCrds(opts.version), ...buildGuardrailPolicies(opts)]);
  await setPolicy({ ...WALKTHROUGH, revision: 1 });
  for (const [name, labels] of [
    [TENANT_NS, { 'app.kubeop.io/tenant': 'acme', 'app.kubeop.io/project': 'web' }],
    ['plain', {}],
  ] as const) {
    await serverSideApply(
      admin,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } as {
        apiVersion: string;
        kind: string;
        metadata: { name: string };
      },
      { fieldManager: 'test', force: true },
    );
  }
  // The API server picks policies, bindings and params up asynchronously, each policy on its own:
  // wait until every rule refuses what it must (on a busy machine one can lag the others by seconds).
  for (const bad of [
    deployment('quay.io/x/y:1'),
    quota({ 'requests.cpu': '5' }),
    egress('8.8.8.8/32'),
    deployment('nginx', { hostNetwork: true }),
  ]) {
    await vi.waitFor(async () => expect(await verdict(bad), `${bad.kind} refused`).not.toBeNull(), WAIT);
  }
}, 120_000);

afterAll(async () => {
  await plane?.stop();
});

describe('CEL guardrails in the API server (no webhook)', { timeout: 60_000 }, () => {
  it('refuses an image from a registry the allowlist does not name, naming the field and the rule', async () => {
    expect(await verdict(deployment('quay.io/x/y:1'))).toBe(
      'deployments.apps "web" is forbidden: ' +
        "ValidatingAdmissionPolicy 'kubeop-guardrail-images' with binding 'kubeop-guardrail-images' denied request: " +
        'spec.template.spec.containers[app].image: registry quay.io is not in the image allowlist (docker.io, ghcr.io) of the kubeOP policy',
    );
  });

  it.each([
    'nginx:1.25',
    'docker.io/library/nginx:1.25',
    `ghcr.io/org/app@${DIGEST}`,
    'bitnami/nginx',
    'index.docker.io/library/nginx',
    'nginx',
  ])('admits %s', async (image) => {
    expect(await verdict(deployment(image))).toBeNull();
  });

  it('checks initContainers, ephemeral containers and every pod-bearing kind', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: podSpec('nginx:1.25', { initContainers: [{ ...container('quay.io/init/x:1'), name: 'init' }] }),
    };
    expect(await verdict(pod)).toMatch(/spec\.initContainers\[init\]\.image: registry quay\.io is not in the image allowlist/);
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { ...podSpec('quay.io/x/y:1'), restartPolicy: 'Never' } } } },
      },
    };
    expect(await verdict(cron)).toMatch(/spec\.jobTemplate\.spec\.template\.spec\.containers\[app\]\.image: registry quay\.io/);
  });

  it('reads references as the runtime does, exactly like imageAllowed (prefix, repository and digest entries)', async () => {
    const allowlist = [
      'ghcr.io/acme/*',
      'docker.io/library/',
      'docker.io/bitnami/redis:7',
      `localhost:5000/app@${DIGEST}`,
      'Registry.Example.com',
    ];
    await setPolicy({ ...WALKTHROUGH, imageAllowlist: allowlist, revision: 2 });
    await vi.waitFor(
      async () => expect(await verdict(deployment('quay.io/x/y:1'))).toMatch(/is not in the image allowlist \(ghcr\.io\/acme/),
      WAIT,
    );
    const images = [
      'ghcr.io/acme/app:1',
      'ghcr.io/acme/team/app',
      'ghcr.io/acmecorp/app:1',
      'ghcr.io/evil/app:1',
      'nginx',
      'docker.io/library/nginx:1.25',
      'library/nginx',
      'bitnami/nginx',
      'bitnami/redis:7',
      'bitnami/redis:8',
      'docker.io/bitnami/redis:7',
      `localhost:5000/app@${DIGEST}`,
      'localhost:5000/app:1',
      'registry.example.com/x/y',
      'REGISTRY.example.com/x/y',
      'quay.io/x/y:1',
    ];
    const verdicts = await Promise.all(images.map(async (image) => [image, (await verdict(deployment(image))) === null] as const));
    expect(Object.fromEntries(verdicts)).toEqual(Object.fromEntries(images.map((i) => [i, imageAllowed(i, allowlist)])));
    expect(await verdict(deployment('ghcr.io/evil/app:1'))).toMatch(/ghcr\.io\/evil\/app:1 is not allowed by the image allowlist/);
    await setPolicy({ ...WALKTHROUGH, revision: 3 });
  });

  it('refuses a ResourceQuota above quotaMax', async () => {
    await vi.waitFor(async () => expect(await verdict(quota({ 'requests.cpu': '4' }))).toBeNull(), WAIT);
    expect(await verdict(quota({ 'requests.cpu': '4', 'requests.memory': '8Gi' }))).toBeNull();
    expect(await verdict(quota({ 'requests.cpu': '4001m' }))).toMatch(
      /spec\.hard\[requests\.cpu\]: 4001m exceeds the quotaMax\.requestsCPU of the kubeOP policy \(4\)/,
    );
    expect(await verdict(quota({ cpu: '5' }))).toMatch(/spec\.hard\[cpu\]/);
    expect(await verdict(quota({ 'requests.memory': '9Gi' }))).toMatch(
      /spec\.hard\[requests\.memory\]: 9Gi exceeds the quotaMax\.requestsMemory/,
    );
    expect(await verdict(quota({ pods: '100' }))).toBeNull();
  });

  it('refuses NetworkPolicy egress outside the baseline', async () => {
    expect(await verdict(egress('10.1.0.0/16', '172.16.5.0/24'))).toBeNull();
    expect(await verdict(egress('10.1.0.0/16', '8.8.8.8/32'))).toMatch(
      /spec\.egress\[\]\.to\[\]\.ipBlock\.cidr: 8\.8\.8\.8\/32 is not inside the egress baseline \(10\.0\.0\.0\/8, 172\.16\.0\.0\/12\)/,
    );
    expect(await verdict(egress('0.0.0.0/0'))).not.toBeNull();
    expect(await verdict(egress('fd00::/8'))).not.toBeNull();
  });

  it('refuses baseline pod-security violations', async () => {
    expect(await verdict(deployment('nginx', { hostNetwork: true }))).toMatch(
      /spec\.template\.spec\.hostNetwork: host namespaces are not allowed/,
    );
    expect(await verdict(deployment('nginx', { volumes: [{ name: 'h', hostPath: { path: '/' } }] }))).toMatch(
      /volumes\[h\]\.hostPath: hostPath volumes are not allowed/,
    );
    const privileged = deployment('nginx');
    // (privileged with allowPrivilegeEscalation false is invalid before admission is asked)
    privileged.spec.template.spec.containers[0]!.securityContext = { privileged: true } as unknown as typeof SECURE;
    expect(await verdict(privileged)).toMatch(/containers\[app\]\.securityContext\.privileged: privileged containers are not allowed/);
    const escalating = deployment('nginx');
    escalating.spec.template.spec.containers[0]!.securityContext = { ...SECURE, allowPrivilegeEscalation: true };
    expect(await verdict(escalating)).toMatch(/allowPrivilegeEscalation: privilege escalation is not allowed/);
  });

  it('admits what the operator makes from the same policy', async () => {
    const project = projectResource({ id: 'p-guard', tenantId: 'acme', name: 'web', namespace: TENANT_NS });
    const objects = buildProjectObjects(project, effectivePolicy(WALKTHROUGH));
    expect(objects.map((o) => o.kind)).toEqual(['ResourceQuota', 'LimitRange', 'NetworkPolicy', 'NetworkPolicy']);
    await applyObjects(admin, objects, { fieldManager: 'kubeop-operator' });
  });

  it('leaves namespaces that are not a tenant’s alone (kube-system)', async () => {
    for (const ns of ['kube-system', 'plain']) {
      expect(await verdict(deployment('quay.io/x/y:1'), ns)).toBeNull();
      expect(await verdict(quota({ 'requests.cpu': '100' }), ns)).toBeNull();
      expect(await verdict(egress('8.8.8.8/32'), ns)).toBeNull();
      expect(await verdict(deployment('nginx', { hostNetwork: true }), ns)).toBeNull();
    }
  });

  it('judges updates only when the judged part changes, and follows a Policy change within seconds', async () => {
    const live = deployment('nginx:1.25');
    live.metadata.name = 'live';
    await kubeRequest(admin, { method: 'POST', path: `/apis/apps/v1/namespaces/${TENANT_NS}/deployments`, body: live });
    await setPolicy({ ...WALKTHROUGH, imageAllowlist: ['ghcr.io'], revision: 4 });
    const path = `/apis/apps/v1/namespaces/${TENANT_NS}/deployments/live`;
    await vi.waitFor(
      async () => expect(await verdict(deployment('nginx:1.25'))).toMatch(/registry docker\.io is not in the image allowlist \(ghcr\.io\)/),
      WAIT,
    );
    // a label change of what already runs is not refused; a new image is
    await kubeRequest(admin, {
      method: 'PATCH',
      path,
      body: { metadata: { labels: { touched: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    await expect(
      kubeRequest(admin, {
        method: 'PATCH',
        path,
        body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } },
        contentType: 'application/strategic-merge-patch+json',
      }),
    ).rejects.toMatchObject({ code: 403 });
    // quay.io allowed: the API server follows the Policy object
    await setPolicy({ ...WALKTHROUGH, imageAllowlist: ['quay.io'], revision: 5 });
    await vi.waitFor(async () => expect(await verdict(deployment('quay.io/x/y:1'))).toBeNull(), WAIT);
  });

  it('judges nothing while there is no Policy/default (no policy synced yet)', async () => {
    await kubeRequest(admin, { method: 'DELETE', path: `/apis/${CRD_API_VERSION}/policies/default` });
    await vi.waitFor(async () => expect(await verdict(egress('8.8.8.8/32'))).toBeNull(), WAIT);
    expect(await verdict(deployment('anything.example.com/x:1'))).toBeNull();
  });
});
