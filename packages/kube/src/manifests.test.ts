import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors.js';
import { isPrunable } from './apply.js';
import { validateAutoscale } from './autoscale.js';
import {
  admissionServingNames,
  buildCrds,
  buildOperatorHpa,
  buildMetricsServer,
  buildPlatformManifests,
  INSTALLATION_LABEL,
  MANAGED_BY_LABEL,
  PART_OF_LABEL,
  prunableRefs,
  TENANT_LABEL,
  type JSONSchema,
  type KubeObject,
} from './manifests/index.js';
import { KUBEOP_VERSION, METRICS_SERVER_IMAGE, platformNames, platformOptionsFromEnv, resolvePlatformOptions } from './options.js';
import { checkAdmissionTls, chooseAdmissionTls, generateAdmissionTls, issueServingCertificate } from './tls.js';

const names = { dnsNames: ['kubeop-admission.kubeop-system.svc'], ipAddresses: ['127.0.0.1'] };
const tls = await generateAdmissionTls(names);

async function invalidPathAsync(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof InvalidError) return e.issues[0]?.path;
    throw e;
  }
  return undefined;
}

function invalidPath(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidError) return e.issues[0]?.path;
    throw e;
  }
  return undefined;
}

/** Structural schema rules: every node has a type (or preserves unknown fields), objects list their properties. */
function structuralProblems(s: JSONSchema, path: string): string[] {
  const out: string[] = [];
  if (!s.type && !s['x-kubernetes-preserve-unknown-fields']) out.push(`${path}: no type`);
  if (s.type === 'array' && !s.items) out.push(`${path}: array without items`);
  if (s.type === 'array' && s.items) out.push(...structuralProblems(s.items, `${path}[]`));
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...structuralProblems(v, `${path}.${k}`));
  for (const r of s.required ?? []) if (!s.properties?.[r]) out.push(`${path}: required ${r} is not a property`);
  return out;
}

describe('platform options', () => {
  it('defaults to this release', () => {
    const o = resolvePlatformOptions();
    expect(o.namespace).toBe('kubeop-system');
    expect(o.operatorImage).toBe(`ghcr.io/kubeop/operator:${KUBEOP_VERSION}`);
    expect(o.admissionImage).toBe(`ghcr.io/kubeop/admission:${KUBEOP_VERSION}`);
    expect(o.installAdmission).toBe(true);
    expect(o.admissionWebhook).toEqual({ mode: 'service' });
    expect(o.imagePullPolicy).toBe('IfNotPresent');
  });

  it('reads the environment', () => {
    const o = resolvePlatformOptions(
      platformOptionsFromEnv({
        KUBEOP_OPERATOR_IMAGE: 'reg.local/op:1',
        KUBEOP_ADMISSION_IMAGE: ' ',
        KUBEOP_ADMISSION_URL: 'https://127.0.0.1:9443/',
      }),
    );
    expect(o.operatorImage).toBe('reg.local/op:1');
    expect(o.admissionImage).toBe(`ghcr.io/kubeop/admission:${KUBEOP_VERSION}`);
    expect(o.admissionWebhook).toEqual({ mode: 'url', baseUrl: 'https://127.0.0.1:9443' });
  });

  it('rejects bad options with the field named', () => {
    expect(invalidPath(() => resolvePlatformOptions({ admissionWebhook: { mode: 'url', baseUrl: 'http://127.0.0.1:9443' } }))).toBe(
      'admissionWebhook.baseUrl',
    );
    expect(invalidPath(() => resolvePlatformOptions({ namespace: 'Bad_NS' }))).toBe('namespace');
    expect(invalidPath(() => resolvePlatformOptions(platformOptionsFromEnv({ KUBEOP_IMAGE_PULL_POLICY: 'Sometimes' })))).toBe(
      'imagePullPolicy',
    );
  });

  it('suffixes cluster-scoped names outside the default namespace', () => {
    expect(platformNames().webhookConfiguration).toBe('kubeop-admission-webhook');
    expect(platformNames('t-1').webhookConfiguration).toBe('kubeop-admission-webhook-t-1');
    expect(platformNames('t-1').operator).toBe('kubeop-operator');
  });
});

describe('platform manifests', () => {
  const opts = resolvePlatformOptions({ mocks: true });
  const objects = buildPlatformManifests(opts, tls);
  const find = <T = KubeObject>(kind: string, name?: string): T => {
    const o = objects.find((x) => x.kind === kind && (!name || x.metadata.name === name));
    if (!o) throw new Error(`no ${kind} ${name ?? ''}`);
    return o as T;
  };

  it('labels every object as managed by kubeOP', () => {
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) {
      expect(o.metadata.labels?.[MANAGED_BY_LABEL], `${o.kind} ${o.metadata.name}`).toBe('kubeop');
      expect(o.metadata.labels?.[PART_OF_LABEL]).toBe('kubeop');
    }
  });

  it('orders the namespace and CRDs first, the webhooks after the admission Deployment, the record last', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds[0]).toBe('Namespace/kubeop-system');
    expect(kinds.slice(1, 8).every((k) => k.startsWith('CustomResourceDefinition/'))).toBe(true);
    expect(kinds.indexOf('Deployment/kubeop-admission')).toBeLessThan(
      kinds.indexOf('ValidatingWebhookConfiguration/kubeop-admission-webhook'),
    );
    expect(kinds.at(-1)).toBe('ConfigMap/kubeop-platform');
  });

  it('has structural CRD schemas with real condition properties and status subresources', () => {
    const crds = buildCrds('1.0.0');
    expect(crds.map((c) => c.spec.names.kind)).toEqual(['Tenant', 'Project', 'App', 'DNSRecord', 'Certificate', 'Policy', 'Registry']);
    for (const c of crds) {
      const v = c.spec.versions[0]!;
      expect(structuralProblems(v.schema.openAPIV3Schema, c.metadata.name)).toEqual([]);
      expect(v.additionalPrinterColumns?.some((p) => p.name === 'Age')).toBe(true);
      const status = v.schema.openAPIV3Schema.properties?.status;
      if (['Policy', 'Registry'].includes(c.spec.names.kind)) {
        expect(v.subresources).toBeUndefined();
        continue;
      }
      expect(v.subresources).toEqual({ status: {} });
      const cond = status?.properties?.conditions?.items;
      expect(Object.keys(cond?.properties ?? {})).toEqual([
        'type',
        'status',
        'reason',
        'message',
        'lastTransitionTime',
        'observedGeneration',
      ]);
    }
    expect(crds.find((c) => c.spec.names.kind === 'App')?.spec.scope).toBe('Namespaced');
  });

  it('gives the operator least privilege: no secrets or configmaps, leases only in its namespace, no replicas in the intent', () => {
    const cr = find<{ rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> }>('ClusterRole', 'kubeop-operator');
    const resources = cr.rules.flatMap((r) => r.resources);
    for (const r of ['secrets', 'configmaps', 'leases', 'pods', 'events', 'roles', 'clusterroles']) expect(resources).not.toContain(r);
    expect(cr.rules).toEqual([
      { apiGroups: ['paas.kubeop.io'], resources: ['tenants', 'projects', 'apps'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['paas.kubeop.io'], resources: ['tenants/status', 'projects/status', 'apps/status'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: ['paas.kubeop.io'], resources: ['tenants/finalizers', 'projects/finalizers', 'apps/finalizers'], verbs: ['update'] },
      { apiGroups: ['paas.kubeop.io'], resources: ['policies'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      {
        apiGroups: [''],
        resources: ['limitranges', 'resourcequotas', 'services'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['networkpolicies', 'ingresses'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    // RBAC cannot name namespaces that do not exist yet: an admission policy confines the writes
    const vap = find<{ spec: { matchConditions: Array<{ expression: string }>; validations: Array<{ reason: string }> } }>(
      'ValidatingAdmissionPolicy',
      'kubeop-operator-scope',
    );
    expect(vap.spec.matchConditions[0]!.expression).toBe(
      "request.userInfo.username == 'system:serviceaccount:kubeop-system:kubeop-operator'",
    );
    expect(vap.spec.validations[0]!.reason).toBe('Forbidden');
    expect(find<{ spec: unknown }>('ValidatingAdmissionPolicyBinding', 'kubeop-operator-scope').spec).toEqual({
      policyName: 'kubeop-operator-scope',
      validationActions: ['Deny'],
    });
    // one source of policy: the Policy CR; no Role on the kubeop-policy ConfigMap
    const role = find<{ rules: unknown[] }>('Role', 'kubeop-operator-leader-election');
    expect(role.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['kubeop-operator-leader'], verbs: ['get', 'update'] },
    ]);
    type Dep = {
      spec: {
        replicas?: number;
        template: {
          spec: {
            volumes: unknown[];
            containers: Array<{
              args?: string[];
              env: Array<{ name: string; value?: string }>;
              volumeMounts: unknown[];
              resources: { limits: { memory: string } };
              securityContext: Record<string, unknown>;
              livenessProbe: { httpGet: { path: string; port: string } };
              readinessProbe: { httpGet: { path: string; port: string } };
              ports: Array<{ name: string; containerPort: number }>;
            }>;
          };
        };
      };
    };
    const dep = find<Dep>('Deployment', 'kubeop-operator');
    expect(dep.spec.replicas).toBeUndefined();
    const c = dep.spec.template.spec.containers[0]!;
    // what apps/operator's config.ts reads (config.test.ts pins the other side)
    expect(c.args).toBeUndefined();
    expect(Object.fromEntries(c.env.map((e) => [e.name, e.value]))).toEqual({
      KUBEOP_NAMESPACE: undefined,
      KUBEOP_POD_NAME: undefined,
      KUBEOP_METRICS_ADDR: '0.0.0.0:8081',
      KUBEOP_HEALTH_ADDR: '0.0.0.0:8082',
      KUBEOP_LEADER_ELECT: 'true',
      KUBEOP_LEADER_ELECTION_LEASE: 'kubeop-operator-leader',
      NODE_OPTIONS: '--max-old-space-size=192',
    });
    expect(c.resources.limits.memory).toBe('256Mi');
    expect(c.ports).toEqual([
      { name: 'metrics', containerPort: 8081, protocol: 'TCP' },
      { name: 'health', containerPort: 8082, protocol: 'TCP' },
    ]);
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'health' });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'health' });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(dep.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    const admissionRules = find<{ rules: Array<{ resources: string[] }> }>('ClusterRole', 'kubeop-admission').rules.flatMap(
      (r) => r.resources,
    );
    expect(admissionRules).not.toContain('secrets');
  });

  it('scopes workload webhooks to tenant namespaces, with timeouts and deliberate failure policies', () => {
    type Hook = {
      name: string;
      failurePolicy: string;
      timeoutSeconds: number;
      namespaceSelector: object;
      clientConfig: { caBundle: string; service?: { path: string } };
    };
    const v = find<{ webhooks: Hook[] }>('ValidatingWebhookConfiguration');
    const m = find<{ webhooks: Hook[] }>('MutatingWebhookConfiguration');
    const caBundle = Buffer.from(tls.caCert).toString('base64');
    for (const h of [...v.webhooks, ...m.webhooks]) {
      expect(h.timeoutSeconds).toBe(5);
      expect(h.clientConfig.caBundle).toBe(caBundle);
    }
    expect(v.webhooks.map((h) => h.name)).toEqual(['vprojects.paas.kubeop.io', 'vapps.paas.kubeop.io', 'vworkloads.paas.kubeop.io']);
    expect(v.webhooks.every((h) => h.failurePolicy === 'Fail')).toBe(true);
    expect(m.webhooks[0]!.failurePolicy).toBe('Ignore');
    const tenantOnly = {
      matchExpressions: [
        { key: TENANT_LABEL, operator: 'Exists' },
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: ['kube-system', 'kube-public', 'kube-node-lease', 'kubeop-system'],
        },
      ],
    };
    expect(v.webhooks[2]!.namespaceSelector).toEqual(tenantOnly);
    expect(m.webhooks[0]!.namespaceSelector).toEqual(tenantOnly);
    // Apps anywhere but the system namespaces, so one outside a project namespace can be refused
    expect(v.webhooks[1]!.namespaceSelector).toEqual({ matchExpressions: [tenantOnly.matchExpressions[1]] });
    expect(v.webhooks[0]!.clientConfig.service?.path).toBe('/validate');
  });

  it('sends every kind the admission rules judge, DELETE of NetworkPolicies and ResourceQuotas included', () => {
    type Rule = { apiGroups: string[]; operations: string[]; resources: string[] };
    const v = find<{ webhooks: Array<{ name: string; rules: Rule[] }> }>('ValidatingWebhookConfiguration');
    const sent = v.webhooks[2]!.rules.flatMap((r) =>
      r.resources.map((res) => `${r.apiGroups[0] || 'core'}/${res} ${r.operations.join(',')}`),
    );
    expect(sent.sort()).toEqual(
      [
        'core/pods CREATE,UPDATE',
        'core/pods/ephemeralcontainers UPDATE',
        'core/resourcequotas CREATE,UPDATE,DELETE',
        'apps/deployments CREATE,UPDATE',
        'apps/statefulsets CREATE,UPDATE',
        'apps/daemonsets CREATE,UPDATE',
        'apps/replicasets CREATE,UPDATE',
        'batch/jobs CREATE,UPDATE',
        'batch/cronjobs CREATE,UPDATE',
        'networking.k8s.io/networkpolicies CREATE,UPDATE,DELETE',
      ].sort(),
    );
  });

  it('runs the admission pods so they can read their key, from the Policy CR, two of them spread over nodes', () => {
    type Pod = {
      securityContext: { runAsUser: number; runAsGroup: number; fsGroup?: number };
      affinity: {
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: Array<{ podAffinityTerm: { topologyKey: string } }> };
      };
      containers: Array<{ args: string[]; env: Array<{ name: string }>; envFrom?: unknown; volumeMounts: Array<{ mountPath: string }> }>;
      volumes: Array<{ secret: { secretName: string; defaultMode: number } }>;
    };
    const dep = find<{ spec: { replicas: number; template: { spec: Pod } } }>('Deployment', 'kubeop-admission');
    const pod = dep.spec.template.spec;
    expect(dep.spec.replicas).toBe(2);
    // secret files are root-owned; fsGroup makes them group-owned by the process's group, and 0440
    // keeps the key from every other uid (0444 would not)
    expect(pod.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 });
    expect(pod.volumes[0]!.secret).toEqual({ secretName: 'kubeop-admission-tls', defaultMode: 0o440 });
    expect(pod.containers[0]!.envFrom).toBeUndefined();
    expect(pod.containers[0]!.env.map((e) => e.name)).toEqual(['KUBEOP_NAMESPACE', 'NODE_OPTIONS']);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]!.podAffinityTerm.topologyKey).toBe(
      'kubernetes.io/hostname',
    );
    const pdb = find<{ spec: { minAvailable?: number; selector: unknown } }>('PodDisruptionBudget', 'kubeop-admission');
    expect(pdb.spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kubeop-admission', [PART_OF_LABEL]: 'kubeop' } },
    });
    const single = buildPlatformManifests(resolvePlatformOptions({ admissionReplicas: 1 }), tls).find(
      (o) => o.kind === 'PodDisruptionBudget',
    );
    expect((single as unknown as { spec: object }).spec).toMatchObject({ maxUnavailable: 1 });
    const role = find<{ rules: Array<{ resources: string[]; verbs: string[] }> }>('ClusterRole', 'kubeop-admission');
    expect(role.rules.find((r) => r.resources.includes('policies'))?.verbs).toEqual(['get', 'list', 'watch']);
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('delete');
  });

  it('registers by URL and puts the URL host into the serving certificate', () => {
    const o = resolvePlatformOptions({ admissionWebhook: { mode: 'url', baseUrl: 'https://127.0.0.1:9443' } });
    const sn = admissionServingNames(o);
    expect(sn.ipAddresses).toEqual(['127.0.0.1']);
    const v = buildPlatformManifests(o, tls).find((x) => x.kind === 'ValidatingWebhookConfiguration') as unknown as {
      webhooks: Array<{ clientConfig: { url?: string } }>;
    };
    expect(v.webhooks[0]!.clientConfig.url).toBe('https://127.0.0.1:9443/validate');
    expect(
      admissionServingNames(resolvePlatformOptions({ admissionWebhook: { mode: 'url', baseUrl: 'https://admission.local:8443' } }))
        .dnsNames,
    ).toContain('admission.local');
  });

  it('prunes admission and mocks when switched off, webhook configurations first', () => {
    const refs = prunableRefs(resolvePlatformOptions({ installAdmission: false }));
    expect(refs[0]!.kind).toBe('ValidatingWebhookConfiguration');
    expect(refs.map((r) => r.name)).toEqual(expect.arrayContaining(['kubeop-admission', 'dns-mock', 'acme-mock']));
    expect(prunableRefs(resolvePlatformOptions({ mocks: true, installMetricsServer: true }))).toEqual([]);
    expect(
      buildPlatformManifests(resolvePlatformOptions({ installAdmission: false })).some((o) => o.metadata.name.includes('admission')),
    ).toBe(false);
  });

  it('builds the operator HPA', () => {
    const hpa = buildOperatorHpa({ min: 1, max: 3, targetCPU: 70 }) as unknown as { spec: Record<string, unknown> };
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'kubeop-operator' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });
});

describe('metrics-server manifests', () => {
  const opts = resolvePlatformOptions({ installMetricsServer: true });
  const objects = buildMetricsServer(opts);
  const get = <T>(kind: string, name: string): T => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
    if (!o) throw new Error(`no ${kind} ${name}`);
    return o as T;
  };
  const subjects = [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' }];

  it('is off by default, pinned to v0.7.2, and the image is configurable (option and environment)', () => {
    expect(resolvePlatformOptions().installMetricsServer).toBe(false);
    expect(METRICS_SERVER_IMAGE).toBe('registry.k8s.io/metrics-server/metrics-server:v0.7.2');
    expect(resolvePlatformOptions().metricsServerImage).toBe(METRICS_SERVER_IMAGE);
    expect(
      resolvePlatformOptions(platformOptionsFromEnv({ KUBEOP_METRICS_SERVER_IMAGE: 'mirror.local/ms:v0.7.2' })).metricsServerImage,
    ).toBe('mirror.local/ms:v0.7.2');
    expect(invalidPath(() => resolvePlatformOptions({ metricsServerImage: 'a b' }))).toBe('metricsServerImage');
    const without = buildPlatformManifests(resolvePlatformOptions(), tls);
    expect(
      without.some((o) => o.metadata.namespace === 'kube-system' || o.kind === 'APIService' || o.metadata.name.includes('metrics-server')),
    ).toBe(false);
  });

  it('has upstream components.yaml objects: names, kube-system, kubeOP labels, APIService last', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/kube-system/metrics-server',
      'ClusterRole//system:aggregated-metrics-reader',
      'ClusterRole//system:metrics-server',
      'RoleBinding/kube-system/metrics-server-auth-reader',
      'ClusterRoleBinding//metrics-server:system:auth-delegator',
      'ClusterRoleBinding//system:metrics-server',
      'Service/kube-system/metrics-server',
      'Deployment/kube-system/metrics-server',
      'APIService//v1beta1.metrics.k8s.io',
    ]);
    for (const o of objects) {
      expect(o.metadata.labels, `${o.kind} ${o.metadata.name}`).toMatchObject({
        'k8s-app': 'metrics-server',
        [MANAGED_BY_LABEL]: 'kubeop',
        [PART_OF_LABEL]: 'kubeop',
        [INSTALLATION_LABEL]: 'kubeop-system',
        'app.kubernetes.io/version': KUBEOP_VERSION,
      });
    }
    // in the platform: after the operator, before the kubeop-platform record
    const all = buildPlatformManifests(opts, tls).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(all.indexOf('APIService/v1beta1.metrics.k8s.io')).toBeGreaterThan(all.indexOf('Deployment/metrics-server'));
    expect(all.indexOf('Deployment/metrics-server')).toBeGreaterThan(all.indexOf('Deployment/kubeop-operator'));
    expect(all.at(-1)).toBe('ConfigMap/kubeop-platform');
  });

  it('has upstream RBAC', () => {
    const reader = get<{ metadata: { labels: Record<string, string> }; rules: unknown[] }>(
      'ClusterRole',
      'system:aggregated-metrics-reader',
    );
    expect(reader.metadata.labels).toMatchObject({
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
    });
    expect(reader.rules).toEqual([{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }]);
    expect(get<{ rules: unknown[] }>('ClusterRole', 'system:metrics-server').rules).toEqual([
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(get<object>('RoleBinding', 'metrics-server-auth-reader')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects,
    });
    expect(get<object>('ClusterRoleBinding', 'metrics-server:system:auth-delegator')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects,
    });
    expect(get<object>('ClusterRoleBinding', 'system:metrics-server')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects,
    });
  });

  it('has upstream Service, Deployment and APIService specs', () => {
    expect(get<{ spec: unknown }>('Service', 'metrics-server').spec).toEqual({
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }],
      selector: { 'k8s-app': 'metrics-server' },
    });
    type Dep = { spec: { template: { metadata: { labels: Record<string, string> }; spec: unknown } } & Record<string, unknown> };
    const dep = get<Dep>('Deployment', 'metrics-server');
    const { template, ...top } = dep.spec;
    expect(top).toEqual({ selector: { matchLabels: { 'k8s-app': 'metrics-server' } }, strategy: { rollingUpdate: { maxUnavailable: 0 } } });
    expect(template.metadata.labels['k8s-app']).toBe('metrics-server');
    // a kubeOP upgrade alone must not restart metrics-server
    expect(template.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
    expect(template.spec).toEqual({
      containers: [
        {
          name: 'metrics-server',
          image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
          imagePullPolicy: 'IfNotPresent',
          args: [
            '--cert-dir=/tmp',
            '--secure-port=10250',
            '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
            '--kubelet-use-node-status-port',
            '--metric-resolution=15s',
          ],
          ports: [{ name: 'https', containerPort: 10250, protocol: 'TCP' }],
          livenessProbe: { httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, failureThreshold: 3 },
          readinessProbe: {
            httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' },
            initialDelaySeconds: 20,
            periodSeconds: 10,
            failureThreshold: 3,
          },
          resources: { requests: { cpu: '100m', memory: '200Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [{ name: 'tmp-dir', mountPath: '/tmp' }],
        },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'metrics-server',
      volumes: [{ name: 'tmp-dir', emptyDir: {} }],
    });
    expect(get<{ spec: unknown }>('APIService', 'v1beta1.metrics.k8s.io').spec).toEqual({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      groupPriorityMinimum: 100,
      versionPriority: 100,
      insecureSkipTLSVerify: true,
      service: { name: 'metrics-server', namespace: 'kube-system' },
    });
  });

  it('is pruned when off, APIService first, and only from the installation that applied it', () => {
    const refs = prunableRefs(resolvePlatformOptions({ namespace: 'kubeop-x' })).filter((r) => r.requireLabels);
    expect(refs.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'APIService/v1beta1.metrics.k8s.io',
      'Deployment/metrics-server',
      'Service/metrics-server',
      'ClusterRoleBinding/system:metrics-server',
      'ClusterRoleBinding/metrics-server:system:auth-delegator',
      'RoleBinding/metrics-server-auth-reader',
      'ClusterRole/system:metrics-server',
      'ClusterRole/system:aggregated-metrics-reader',
      'ServiceAccount/metrics-server',
    ]);
    expect(refs.every((r) => r.requireLabels?.[INSTALLATION_LABEL] === 'kubeop-x')).toBe(true);
    const ours = buildMetricsServer(resolvePlatformOptions({ namespace: 'kubeop-x' }))[0]!.metadata.labels;
    expect(isPrunable(ours, refs[0]!.requireLabels)).toBe(true);
    // another installation's, and upstream's own (no kubeOP label)
    expect(isPrunable(buildMetricsServer(opts)[0]!.metadata.labels, refs[0]!.requireLabels)).toBe(false);
    expect(isPrunable({ 'k8s-app': 'metrics-server' }, refs[0]!.requireLabels)).toBe(false);
    expect(isPrunable(undefined)).toBe(false);
  });
});

describe('autoscale validation', () => {
  it('accepts 1 ≤ Min ≤ Max and 1 ≤ TargetCPU ≤ 100 and defaults missing values', () => {
    expect(validateAutoscale({})).toEqual({ min: 1, max: 3, targetCPU: 70 });
    expect(validateAutoscale({ min: 2, max: 2, targetCPU: 100 })).toEqual({ min: 2, max: 2, targetCPU: 100 });
  });
  it.each([
    [{ min: 0 }, 'Min'],
    [{ min: 4, max: 3 }, 'Min'],
    [{ max: 0 }, 'Max'],
    [{ targetCPU: 0 }, 'TargetCPU'],
    [{ targetCPU: 101 }, 'TargetCPU'],
    [{ min: 1.5 }, 'Min'],
  ])('rejects %o naming %s', (req, field) => {
    expect(invalidPath(() => validateAutoscale(req))).toBe(field);
  });
});

describe('admission TLS', () => {
  it('generates a CA and a serving certificate for the names', () => {
    const ca = new X509Certificate(tls.caCert);
    const cert = new X509Certificate(tls.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:kubeop-admission.kubeop-system.svc, IP Address:127.0.0.1');
    expect(checkAdmissionTls(tls, names)).toMatchObject({ servingOk: true, caOk: true, problems: [] });
  });

  it('reuses valid material, reissues from the same CA when names change, regenerates without a CA key', async () => {
    expect((await chooseAdmissionTls(names, tls)).source).toBe('reused');
    const more = { dnsNames: [...names.dnsNames, 'other.example'], ipAddresses: names.ipAddresses };
    const re = await chooseAdmissionTls(more, tls);
    expect(re.source).toBe('reissued');
    expect(re.material.caCert).toBe(tls.caCert);
    expect(re.problems.join()).toContain('lacks names: other.example');
    expect(checkAdmissionTls(re.material, more)).toMatchObject({ servingOk: true, caOk: true });
    const noKey = { caCert: tls.caCert, cert: tls.cert, key: tls.key };
    expect((await chooseAdmissionTls(more, noKey)).source).toBe('generated');
    expect((await chooseAdmissionTls(names, null)).source).toBe('generated');
  });

  it('renews a serving certificate that expires within 30 days', async () => {
    const shortLived = { ...tls, ...(await issueServingCertificate({ cert: tls.caCert, key: tls.caKey }, names, { validityDays: 10 })) };
    expect(checkAdmissionTls(shortLived, names).problems).toEqual(['serving certificate expires soon']);
    const c = await chooseAdmissionTls(names, shortLived);
    expect(c.source).toBe('reissued');
    expect(c.material.caCert).toBe(tls.caCert);
  });

  it('rejects provided material that does not cover the names', async () => {
    expect(await invalidPathAsync(() => chooseAdmissionTls({ dnsNames: ['x.example'], ipAddresses: [] }, null, tls))).toBe('tls');
    expect((await chooseAdmissionTls(names, null, tls)).source).toBe('provided');
  });
});
