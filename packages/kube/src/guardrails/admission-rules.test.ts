import { describe, expect, it } from 'vitest';
import { projectNamespaceName } from '../resources.js';
import { effectivePolicy } from '../workloads/policy.js';
import { appLabelPatch, evaluateAdmission, lookupsFor, type AdmissionRequest, type RuleContext } from './admission-rules.js';
import { imageRefusal } from './image-allowlist.js';
import { operatorUsername } from './managed-objects.js';
import { containersOf, podSpecOf } from './pod-specs.js';
import { denialMessage } from './violations.js';

const policy = effectivePolicy({
  imageAllowlist: ['docker.io', 'ghcr.io'],
  egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
});
const operator = operatorUsername('kubeop-system');
const ctx: RuleContext = { policy, tenantNamespace: true, operator };
const tenant = { username: 'system:serviceaccount:acme:dev', groups: ['system:serviceaccounts'] };
const DIGEST = `sha256:${'a'.repeat(64)}`;

function req(group: string, kind: string, object: unknown, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return { uid: 'u', kind: { group, version: 'v1', kind }, namespace: 'ns', operation: 'CREATE', userInfo: tenant, object, ...extra };
}
const podSpec = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ containers, ...extra });
const deployment = (spec: unknown) => ({ metadata: { name: 'web' }, spec: { template: { spec } } });
const paths = (r: AdmissionRequest, c: RuleContext = ctx) => evaluateAdmission(r, c).map((v) => `${v.rule} ${v.path}`);

describe('pod specs', () => {
  it.each([
    ['Pod', { spec: podSpec([{ image: 'a' }]) }, 'spec'],
    ['Deployment', deployment(podSpec([{ image: 'a' }])), 'spec.template.spec'],
    ['StatefulSet', deployment(podSpec([{ image: 'a' }])), 'spec.template.spec'],
    ['DaemonSet', deployment(podSpec([{ image: 'a' }])), 'spec.template.spec'],
    ['ReplicaSet', deployment(podSpec([{ image: 'a' }])), 'spec.template.spec'],
    ['Job', deployment(podSpec([{ image: 'a' }])), 'spec.template.spec'],
    [
      'CronJob',
      { spec: { jobTemplate: { spec: { template: { spec: podSpec([{ image: 'a' }]) } } } } },
      'spec.jobTemplate.spec.template.spec',
    ],
  ])('%s keeps its pod spec at %s', (kind, object, path) => {
    expect(podSpecOf(kind, object)?.path).toBe(path);
  });

  it('finds every container kind with its path, and nothing in odd shapes', () => {
    const found = podSpecOf('Pod', {
      spec: { containers: [{ image: 'a' }, 'junk'], initContainers: [{ image: 'b' }], ephemeralContainers: [{ image: 'c' }] },
    })!;
    expect(containersOf(found).map((c) => c.path)).toEqual(['spec.containers[0]', 'spec.initContainers[0]', 'spec.ephemeralContainers[0]']);
    expect(podSpecOf('Pod', { spec: [] })).toBeNull();
    expect(podSpecOf('Service', { spec: {} })).toBeNull();
    expect(podSpecOf('Deployment', null)).toBeNull();
  });
});

describe('(a) image allowlist', () => {
  it.each([
    ['nginx:1.25', null],
    ['docker.io/library/nginx:1.25', null],
    [`ghcr.io/org/app@${DIGEST}`, null],
    ['bitnami/nginx', null],
    ['index.docker.io/bitnami/nginx', null],
    ['quay.io/x/y:1', 'registry quay.io is not in the image allowlist (docker.io, ghcr.io)'],
    ['localhost:5000/x', 'registry localhost:5000 is not in the image allowlist (docker.io, ghcr.io)'],
    ['Not An Image', '"Not An Image" is not a valid image reference'],
  ])('%s → %s', (image, want) => {
    expect(imageRefusal(image, policy.imageAllowlist)).toBe(want);
  });

  it('names the repository when the registry is allowed only in part; an empty allowlist allows all', () => {
    expect(imageRefusal('ghcr.io/other/app:1', ['ghcr.io/acme/*'])).toBe(
      'image ghcr.io/other/app is not in the image allowlist (ghcr.io/acme/*)',
    );
    expect(imageRefusal('quay.io/x/y:1', [])).toBeNull();
  });

  it('checks containers, init and ephemeral containers of every workload kind, naming the field', () => {
    const spec = podSpec(
      [
        { name: 'a', image: 'nginx' },
        { name: 'b', image: 'quay.io/x/y:1' },
      ],
      {
        initContainers: [{ name: 'i', image: 'quay.io/i' }],
      },
    );
    expect(paths(req('apps', 'Deployment', deployment(spec)))).toEqual([
      'image-allowlist spec.template.spec.containers[1].image',
      'image-allowlist spec.template.spec.initContainers[0].image',
    ]);
    expect(paths(req('batch', 'CronJob', { spec: { jobTemplate: { spec: { template: { spec } } } } }))).toHaveLength(2);
    const pod = { spec: podSpec([{ image: 'nginx' }], { ephemeralContainers: [{ name: 'debug', image: 'quay.io/debug' }] }) };
    expect(paths(req('', 'Pod', pod, { subResource: 'ephemeralcontainers', operation: 'UPDATE' }))).toEqual([
      'image-allowlist spec.ephemeralContainers[0].image',
    ]);
  });

  it("checks an App's spec.image", () => {
    const app = { metadata: { name: 'web' }, spec: { image: 'quay.io/x/y:1' } };
    expect(evaluateAdmission(req('paas.kubeop.io', 'App', app), ctx)).toEqual([
      {
        rule: 'image-allowlist',
        path: 'spec.image',
        message: 'registry quay.io is not in the image allowlist (docker.io, ghcr.io)',
        value: 'quay.io/x/y:1',
      },
    ]);
  });

  it('on UPDATE holds only new violations against the object (a policy change does not freeze old objects)', () => {
    const old = deployment(podSpec([{ image: 'quay.io/x/y:1' }]));
    const relabelled = { ...old, metadata: { name: 'web', labels: { a: 'b' } } };
    expect(paths(req('apps', 'Deployment', relabelled, { operation: 'UPDATE', oldObject: old }))).toEqual([]);
    const changed = deployment(podSpec([{ image: 'quay.io/x/y:2' }, { image: 'quay.io/z' }]));
    expect(paths(req('apps', 'Deployment', changed, { operation: 'UPDATE', oldObject: old }))).toEqual([
      'image-allowlist spec.template.spec.containers[0].image',
      'image-allowlist spec.template.spec.containers[1].image',
    ]);
    // the same refused image in the same place is tolerated; another one from that registry is not
    const same = deployment(podSpec([{ image: 'quay.io/x/y:1' }, { image: 'nginx' }]));
    expect(paths(req('apps', 'Deployment', same, { operation: 'UPDATE', oldObject: old }))).toEqual([]);
  });
});

describe('(b) egress baseline', () => {
  const np = (cidr: string, except?: string[]) => ({
    spec: { podSelector: {}, egress: [{ to: [{ podSelector: {} }, { ipBlock: { cidr, ...(except ? { except } : {}) } }] }] },
  });
  it.each([
    ['10.1.0.0/16', undefined, []],
    ['172.16.5.0/24', ['172.16.5.128/25'], []],
    [
      '8.8.8.8/32',
      undefined,
      ['spec.egress[0].to[1].ipBlock.cidr: 8.8.8.8/32 is not inside the egress baseline (10.0.0.0/8, 172.16.0.0/12)'],
    ],
    [
      '10.0.0.0/8',
      ['192.168.0.0/16'],
      ['spec.egress[0].to[1].ipBlock.except[0]: 192.168.0.0/16 is not inside the egress baseline (10.0.0.0/8, 172.16.0.0/12)'],
    ],
    [
      '0.0.0.0/0',
      undefined,
      ['spec.egress[0].to[1].ipBlock.cidr: 0.0.0.0/0 is not inside the egress baseline (10.0.0.0/8, 172.16.0.0/12)'],
    ],
  ])('%s except %j', (cidr, except, want) => {
    expect(
      evaluateAdmission(req('networking.k8s.io', 'NetworkPolicy', np(cidr, except)), ctx).map((v) => `${v.path}: ${v.message}`),
    ).toEqual(want);
  });

  it('refuses an invalid CIDR; with an empty baseline every ipBlock; only in tenant namespaces', () => {
    expect(paths(req('networking.k8s.io', 'NetworkPolicy', np('10.0.0.0/33')))).toEqual([
      'egress-baseline spec.egress[0].to[1].ipBlock.cidr',
    ]);
    const empty = { ...ctx, policy: effectivePolicy({ egressBaseline: [] }) };
    expect(evaluateAdmission(req('networking.k8s.io', 'NetworkPolicy', np('10.0.0.0/24')), empty)[0]?.message).toMatch(/empty/);
    expect(paths(req('networking.k8s.io', 'NetworkPolicy', np('8.8.8.8/32')), { ...ctx, tenantNamespace: false })).toEqual([]);
  });
});

describe('(c) quota maxima', () => {
  const rq = (hard: Record<string, unknown>) => ({ spec: { hard } });
  it.each([
    [{ 'requests.cpu': '4', 'requests.memory': '8Gi' }, []],
    [{ 'requests.cpu': '4000m', 'requests.memory': '8192Mi' }, []],
    [{ 'requests.cpu': '4001m' }, ['spec.hard["requests.cpu"]: 4001m exceeds the maximum 4 (quotaMax.requestsCPU)']],
    [{ cpu: '5' }, ['spec.hard["cpu"]: 5 exceeds the maximum 4 (quotaMax.requestsCPU)']],
    [{ memory: '9Gi' }, ['spec.hard["memory"]: 9Gi exceeds the maximum 8Gi (quotaMax.requestsMemory)']],
    [{ 'requests.memory': '8.1Gi' }, ['spec.hard["requests.memory"]: 8.1Gi exceeds the maximum 8Gi (quotaMax.requestsMemory)']],
    [{ 'requests.memory': 'lots' }, ['spec.hard["requests.memory"]: is not a Kubernetes quantity']],
    [{ pods: '1000', 'limits.cpu': '100' }, []],
  ])('%j', (hard, want) => {
    expect(evaluateAdmission(req('', 'ResourceQuota', rq(hard)), ctx).map((v) => `${v.path}: ${v.message}`)).toEqual(want);
  });
});

describe('(d) baseline pod security (tenant namespaces)', () => {
  it.each([
    [{ hostNetwork: true }, [], 'spec.hostNetwork'],
    [{ hostPID: true }, [], 'spec.hostPID'],
    [{ hostIPC: true }, [], 'spec.hostIPC'],
    [
      {
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'h', hostPath: { path: '/' } },
        ],
      },
      [],
      'spec.volumes[1].hostPath',
    ],
    [{}, [{ image: 'nginx', securityContext: { privileged: true } }], 'spec.containers[0].securityContext.privileged'],
    [
      {},
      [{ image: 'nginx', securityContext: { allowPrivilegeEscalation: true } }],
      'spec.containers[0].securityContext.allowPrivilegeEscalation',
    ],
    [
      {},
      [{ image: 'nginx', securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } } }],
      'spec.containers[0].securityContext.capabilities.add[1]',
    ],
    [
      {},
      [{ image: 'nginx', securityContext: { capabilities: { add: ['CAP_NET_ADMIN'] } } }],
      'spec.containers[0].securityContext.capabilities.add[0]',
    ],
    [
      {},
      [{ image: 'nginx', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }] }],
      'spec.containers[0].ports[1].hostPort',
    ],
  ])('%j %j is refused at %s', (podFields, containers, path) => {
    const object = { spec: { containers: containers.length ? containers : [{ image: 'nginx' }], ...podFields } };
    expect(paths(req('', 'Pod', object))).toEqual([`pod-security ${path}`]);
    expect(paths(req('', 'Pod', object), { ...ctx, tenantNamespace: false })).toEqual([]);
  });

  it('on UPDATE tolerates what the old object had, not another hostPath in its place', () => {
    const withHostPath = (path: string) => ({ spec: { containers: [{ image: 'nginx' }], volumes: [{ name: 'h', hostPath: { path } }] } });
    const update = (from: string, to: string) => req('', 'Pod', withHostPath(to), { operation: 'UPDATE', oldObject: withHostPath(from) });
    expect(paths(update('/var/log', '/var/log'))).toEqual([]);
    expect(paths(update('/var/log', '/'))).toEqual(['pod-security spec.volumes[0].hostPath']);
  });

  it('allows the restricted shape and baseline capabilities; checks ephemeral containers too', () => {
    const ok = {
      spec: {
        containers: [
          {
            image: 'nginx',
            ports: [{ containerPort: 80, hostPort: 0 }],
            securityContext: {
              allowPrivilegeEscalation: false,
              privileged: false,
              capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'chown'] },
            },
          },
        ],
        hostNetwork: false,
      },
    };
    expect(paths(req('', 'Pod', ok))).toEqual([]);
    const eph = {
      spec: { containers: [{ image: 'nginx' }], ephemeralContainers: [{ image: 'busybox', securityContext: { privileged: true } }] },
    };
    expect(paths(req('', 'Pod', eph))).toEqual(['pod-security spec.ephemeralContainers[0].securityContext.privileged']);
  });
});

describe('(e) managed NetworkPolicies and ResourceQuotas', () => {
  const managed = { metadata: { name: 'kubeop-egress', labels: { 'app.kubernetes.io/managed-by': 'kubeop-operator' } }, spec: {} };
  const del = (username: string, groups: string[] = [], oldObject: unknown = managed) =>
    req('networking.k8s.io', 'NetworkPolicy', undefined, { operation: 'DELETE', oldObject, userInfo: { username, groups } });

  it.each([
    [tenant.username, [], false],
    ['alice', ['system:authenticated'], false],
    ['system:serviceaccount:kube-system:namespace-controller', [], true],
    ['system:serviceaccount:kube-system:generic-garbage-collector', [], true],
    ['system:kube-controller-manager', [], true],
    [operator, [], true],
    ['system:serviceaccount:other-ns:kubeop-operator', [], false],
    ['kubeop-admin', ['system:masters'], true],
  ])('DELETE by %s (%j): allowed %s', (username, groups, allowed) => {
    expect(evaluateAdmission(del(username, groups), ctx).length === 0).toBe(allowed);
  });

  it('leaves unmanaged objects alone and refuses taking the label off', () => {
    expect(evaluateAdmission(del(tenant.username, [], { metadata: { name: 'mine' } }), ctx)).toEqual([]);
    const rqDelete = req('', 'ResourceQuota', undefined, { operation: 'DELETE', oldObject: managed });
    expect(evaluateAdmission(rqDelete, ctx)[0]?.message).toMatch(/only the operator may delete it/);
    const unlabelled = { ...managed, metadata: { name: 'kubeop-egress', labels: {} } };
    const update = req('networking.k8s.io', 'NetworkPolicy', unlabelled, { operation: 'UPDATE', oldObject: managed });
    expect(paths(update)).toEqual(['managed-object metadata.labels["app.kubernetes.io/managed-by"]']);
    expect(paths({ ...update, userInfo: { username: operator } })).toEqual([]);
  });
});

describe('Apps and Projects', () => {
  const projectId = 'p-1';
  const ns = projectNamespaceName('acme', 'web', projectId);
  const facts = { name: ns, labels: { 'app.kubeop.io/tenant': 't-1', 'app.kubeop.io/project': projectId } };
  const app = (projectRef = projectId) => ({
    metadata: { name: 'web', namespace: ns },
    spec: { type: 'Image', image: 'nginx', projectRef },
  });

  it('an App lives in the namespace of its project', () => {
    const r = req('paas.kubeop.io', 'App', app(), { namespace: ns });
    expect(lookupsFor(r)).toEqual({ namespace: true, tenant: null });
    expect(evaluateAdmission(r, { ...ctx, namespace: facts })).toEqual([]);
    expect(evaluateAdmission({ ...r, object: app('p-2') }, { ...ctx, namespace: facts })[0]?.message).toBe(
      `project p-2 does not own namespace ${ns}`,
    );
    expect(evaluateAdmission(r, { ...ctx, namespace: null })[0]?.message).toBe(`namespace ${ns} does not exist`);
    const plain = { name: 'default', labels: {} };
    expect(evaluateAdmission(r, { ...ctx, namespace: plain })[0]?.message).toBe("namespace default is not owned by a tenant's project");
    const forged = { name: 'kubeop-acme-web-00000000', labels: facts.labels };
    expect(evaluateAdmission(r, { ...ctx, namespace: forged })[0]?.rule).toBe('app-namespace');
  });

  it('a Project names an existing tenant and a namespace of its shape', () => {
    const project = { metadata: { name: projectId }, spec: { tenantRef: 't-1', name: 'web', namespace: ns } };
    const r = req('paas.kubeop.io', 'Project', project, { namespace: undefined });
    expect(lookupsFor(r)).toEqual({ namespace: false, tenant: 't-1' });
    expect(evaluateAdmission(r, { ...ctx, tenantExists: true })).toEqual([]);
    expect(evaluateAdmission(r, { ...ctx, tenantExists: false }).map((v) => `${v.path}: ${v.message}`)).toEqual([
      'spec.tenantRef: tenant t-1 does not exist',
    ]);
    const other = { ...project, spec: { ...project.spec, tenantRef: '', namespace: 'kube-system' } };
    expect(paths({ ...r, object: other }, { ...ctx, tenantExists: false })).toEqual([
      'project-tenant spec.tenantRef',
      'project-tenant spec.namespace',
    ]);
  });

  it('/mutate labels Apps and nothing else', () => {
    const r = req('paas.kubeop.io', 'App', { metadata: { name: 'web' } });
    expect(appLabelPatch(r)).toEqual([{ op: 'add', path: '/metadata/labels', value: { 'app.kubeop.io/managed-by': 'kubeop-admission' } }]);
    expect(appLabelPatch({ ...r, object: { metadata: { labels: { a: 'b' } } } })).toEqual([
      { op: 'add', path: '/metadata/labels/app.kubeop.io~1managed-by', value: 'kubeop-admission' },
    ]);
    expect(appLabelPatch({ ...r, object: { metadata: { labels: { 'app.kubeop.io/managed-by': 'kubeop-admission' } } } })).toBeNull();
    expect(appLabelPatch(req('apps', 'Deployment', { metadata: {} }))).toBeNull();
  });
});

describe('denial messages', () => {
  it('name the object, the field and the rule, and stay short', () => {
    const v = evaluateAdmission(req('apps', 'Deployment', deployment(podSpec([{ image: 'quay.io/x/y:1' }]))), ctx);
    expect(denialMessage('Deployment acme/web', v)).toBe(
      'Deployment acme/web: spec.template.spec.containers[0].image: registry quay.io is not in the image allowlist (docker.io, ghcr.io)',
    );
    const many = Array.from({ length: 8 }, (_, i) => ({ rule: 'pod-security' as const, path: `p${i}`, message: 'm' }));
    expect(denialMessage('Pod a/b', many)).toMatch(/; and 3 more$/);
  });
});
