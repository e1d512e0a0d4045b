import { describe, expect, it } from 'vitest';
import { appResource, projectResource } from '../resources.js';
import { APP_LABEL, PROJECT_LABEL, TENANT_LABEL } from '../manifests/labels.js';
import {
  appProblem,
  appRevision,
  appPodTemplate,
  buildAppDeployment,
  buildAppIngress,
  buildAppService,
  REVISION_ANNOTATION,
} from './app.js';
import { setCondition, setConditions } from './conditions.js';
import { DEFAULT_POLICY, effectivePolicy, imageAllowed } from './policy.js';
import {
  buildProjectLimitRange,
  buildProjectNamespace,
  buildProjectNetworkPolicies,
  buildProjectQuota,
  PROJECT_EGRESS_POLICY_NAME,
  PROJECT_INGRESS_POLICY_NAME,
} from './project.js';

const project = { ...projectResource({ id: 'p-1', tenantId: 't-1', name: 'web', namespace: 'kubeop-acme-web-1234abcd' }) };
project.metadata = { ...project.metadata, uid: 'uid-p' } as typeof project.metadata;
const app = appResource({
  id: 'a-1',
  tenantId: 't-1',
  projectId: 'p-1',
  namespace: 'kubeop-acme-web-1234abcd',
  name: 'web',
  image: 'docker.io/library/nginx:1.25',
  host: 'web.example.com',
});
app.metadata = { ...app.metadata, uid: 'uid-a' } as typeof app.metadata;
const policy = effectivePolicy({ egressBaseline: ['10.0.0.0/8'], ingressNamespace: 'ingress', quotaMax: { requestsCPU: '2' } });

describe('policy', () => {
  it('fills in defaults for what the Policy leaves out, and for a missing Policy', () => {
    expect(effectivePolicy(null)).toEqual(DEFAULT_POLICY);
    expect(policy.quotaMax).toEqual({ requestsCPU: '2', requestsMemory: DEFAULT_POLICY.quotaMax.requestsMemory });
    expect(policy.ingressNamespace).toBe('ingress');
    expect(policy.limitRangeDefaults).toEqual(DEFAULT_POLICY.limitRangeDefaults);
  });

  it.each([
    ['docker.io/library/nginx:1.25', [], true],
    ['nginx:1.25', ['docker.io/library/'], true],
    ['nginx:1.25', ['nginx'], true],
    ['nginx:1.25', ['nginx:1.26'], false],
    ['ghcr.io/acme/api:1', ['ghcr.io/acme/*'], true],
    ['ghcr.io/acme/api:1', ['ghcr.io/acme/'], true],
    ['ghcr.io/evil/api:1', ['ghcr.io/acme/*'], false],
    ['bitnami/nginx', ['docker.io/library/'], false],
    ['not an image', ['docker.io/'], false],
    ['nginx:1.25', ['docker.io', 'ghcr.io'], true],
    ['bitnami/nginx', ['docker.io'], true],
    ['ghcr.io/org/app@sha256:' + 'a'.repeat(64), ['docker.io', 'ghcr.io'], true],
    ['quay.io/x/y:1', ['docker.io', 'ghcr.io'], false],
    ['localhost:5000/x', ['localhost:5000'], true],
    ['localhost:5001/x', ['localhost:5000'], false],
    ['GHCR.IO/org/app:1', ['ghcr.io'], true],
    ['index.docker.io/library/nginx', ['DOCKER.IO'], true],
  ])('imageAllowed(%s, %j) is %s', (image, list, want) => {
    expect(imageAllowed(image, list)).toBe(want);
  });
});

describe('conditions', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-02T00:00:00Z');
  it('changes lastTransitionTime only on a real transition', () => {
    const a = setCondition([], { type: 'Ready', status: 'False', reason: 'Progressing', observedGeneration: 1 }, t0);
    expect(a[0]!.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    const b = setCondition(a, { type: 'Ready', status: 'False', reason: 'Other', message: 'm', observedGeneration: 2 }, t1);
    expect(b[0]).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'Other',
      message: 'm',
      observedGeneration: 2,
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    const c = setCondition(b, { type: 'Ready', status: 'True', reason: 'Available', observedGeneration: 2 }, t1);
    expect(c[0]!.lastTransitionTime).toBe('2026-01-02T00:00:00Z');
  });
  it('keeps one condition per type, sorted', () => {
    const c = setConditions(
      [],
      [
        { type: 'Ready', status: 'True' },
        { type: 'Degraded', status: 'False' },
        { type: 'Progressing', status: 'False' },
      ],
    );
    expect(c.map((x) => x.type)).toEqual(['Degraded', 'Progressing', 'Ready']);
  });
});

describe('project workloads', () => {
  it('labels the namespace with tenant, project and Pod Security restricted', () => {
    const ns = buildProjectNamespace(project);
    expect(ns.metadata.name).toBe('kubeop-acme-web-1234abcd');
    expect(ns.metadata.labels).toMatchObject({
      [TENANT_LABEL]: 't-1',
      [PROJECT_LABEL]: 'p-1',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    });
    expect(ns.metadata.ownerReferences).toEqual([
      { apiVersion: 'paas.kubeop.io/v1alpha1', kind: 'Project', name: 'p-1', uid: 'uid-p', controller: true },
    ]);
  });

  it('sets quota and LimitRange from the policy', () => {
    expect(buildProjectQuota(project, policy).spec).toEqual({ hard: { 'requests.cpu': '2', 'requests.memory': '8Gi' } });
    expect(buildProjectLimitRange(project, policy).spec.limits).toEqual([
      { type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } },
    ]);
  });

  it('denies ingress but from the namespace and the ingress controller; egress to the namespace, DNS and the baseline', () => {
    const [ing, eg] = buildProjectNetworkPolicies(project, policy);
    expect(ing!.metadata.name).toBe(PROJECT_INGRESS_POLICY_NAME);
    expect(ing!.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }] }],
    });
    expect(eg!.metadata.name).toBe(PROJECT_EGRESS_POLICY_NAME);
    expect(eg!.spec.policyTypes).toEqual(['Egress']);
    expect(eg!.spec.egress).toEqual([
      { to: [{ podSelector: {} }] },
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] },
    ]);
    // no baseline: no ipBlock rule at all
    expect(buildProjectNetworkPolicies(project, DEFAULT_POLICY)[1]!.spec.egress).toHaveLength(2);
  });
});

describe('app workloads', () => {
  it('runs the container non-root, read-only, without capabilities, with a writable /tmp and the LimitRange resources', () => {
    const d = buildAppDeployment(app, policy);
    const pod = d.spec!.template.spec!;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const c = pod.containers[0]!;
    expect(c.image).toBe('docker.io/library/nginx:1.25');
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.env).toEqual([{ name: 'PORT', value: '8080' }]);
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10 });
    expect(d.metadata.labels).toMatchObject({ [TENANT_LABEL]: 't-1', [PROJECT_LABEL]: 'p-1', [APP_LABEL]: 'a-1' });
    expect(d.metadata.ownerReferences).toEqual([
      { apiVersion: 'paas.kubeop.io/v1alpha1', kind: 'App', name: 'web', uid: 'uid-a', controller: true },
    ]);
    expect(d.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(d.spec!.template.metadata!.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', [APP_LABEL]: 'a-1' });
  });

  it('gives a new revision for a new image, the same for the same intent', () => {
    const r1 = buildAppDeployment(app, policy).spec!.template.metadata!.annotations![REVISION_ANNOTATION];
    expect(r1).toBe(appRevision(appPodTemplate(app, policy)));
    expect(buildAppDeployment(structuredClone(app), policy).spec!.template.metadata!.annotations![REVISION_ANNOTATION]).toBe(r1);
    const other = { ...app, spec: { ...app.spec, image: 'docker.io/library/nginx:1.26' } };
    expect(buildAppDeployment(other, policy).spec!.template.metadata!.annotations![REVISION_ANNOTATION]).not.toBe(r1);
  });

  it('builds a Service and an Ingress only with a host', () => {
    expect(buildAppService(app).spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(buildAppIngress(app)!.spec!.rules![0]!.host).toBe('web.example.com');
    expect(buildAppIngress({ ...app, spec: { ...app.spec, host: undefined } })).toBeNull();
  });

  it('refuses unimplemented types and images outside the allowlist with a message', () => {
    const allowAll = () => true;
    expect(appProblem({ ...app, spec: { ...app.spec, type: 'Helm' } }, policy, allowAll)).toEqual({
      reason: 'TypeNotImplemented',
      message: expect.stringContaining('spec.type Helm is not implemented'),
    });
    expect(appProblem(app, policy, () => false)?.reason).toBe('ImageNotAllowed');
    expect(appProblem(app, policy, allowAll)).toBeNull();
  });
});
