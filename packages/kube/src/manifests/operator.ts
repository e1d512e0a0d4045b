import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1Namespace,
  V1PodSecurityContext,
  V1Role,
  V1RoleBinding,
  V1SecurityContext,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { platformNames, type PlatformOptions } from '../options.js';
import { CRD_GROUP } from './crds.js';
import { managedLabels, PROJECT_LABEL, selectorLabels } from './labels.js';
import { clusterRoleBinding, roleBinding, serviceAccount } from './rbac.js';
import type { KubeObject, Manifest } from './types.js';

export const OPERATOR_METRICS_PORT = 8081;
export const OPERATOR_HEALTH_PORT = 8082;

/** The system namespace; enforces the `restricted` Pod Security Standard (every kubeOP pod complies). */
export function buildNamespace(opts: PlatformOptions): Manifest<V1Namespace> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: opts.namespace,
      labels: {
        ...managedLabels(opts.version, 'system'),
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  };
}

/** Pod-level security context shared by every kubeOP pod (Pod Security `restricted`). */
export const POD_SECURITY: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
  seccompProfile: { type: 'RuntimeDefault' },
};

export const CONTAINER_SECURITY: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

export const NAMESPACE_ENV: V1EnvVar = {
  name: 'KUBEOP_NAMESPACE',
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
};

export function buildOperatorServiceAccount(opts: PlatformOptions): Manifest<V1ServiceAccount> {
  const n = platformNames(opts.namespace);
  return serviceAccount({ name: n.operator, namespace: n.namespace }, managedLabels(opts.version, 'operator', n.operator));
}

const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

/** The kinds the operator reconciles (it reads the Policy, writes nothing else of kubeOP's). */
export const OPERATOR_RECONCILED_PLURALS = ['tenants', 'projects', 'apps'] as const;

/**
 * Cluster-wide permissions of the operator: exactly what reconciling Tenants, Projects and Apps needs
 * (it watches everything it creates, so it lists and watches those kinds too). Deliberately absent:
 * secrets and configmaps (it reads none: the policy is the `Policy` custom resource), pods, RBAC,
 * nodes, events, pods/exec, and creating or deleting kubeOP's own custom resources (the Manager does).
 */
export function buildOperatorClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  const n = platformNames(opts.namespace);
  const plurals = [...OPERATOR_RECONCILED_PLURALS];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: n.operatorClusterRole, labels: managedLabels(opts.version, 'operator', n.operator) },
    rules: [
      { apiGroups: [CRD_GROUP], resources: plurals, verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [CRD_GROUP], resources: plurals.map((p) => `${p}/status`), verbs: ['get', 'update', 'patch'] },
      { apiGroups: [CRD_GROUP], resources: plurals.map((p) => `${p}/finalizers`), verbs: ['update'] },
      { apiGroups: [CRD_GROUP], resources: ['policies'], verbs: READ },
      // project namespaces and what goes into them
      { apiGroups: [''], resources: ['namespaces'], verbs: WRITE },
      { apiGroups: [''], resources: ['limitranges', 'resourcequotas', 'services'], verbs: WRITE },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'], verbs: WRITE },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: WRITE },
    ],
  };
}

/** Kinds the operator writes inside namespaces (and the namespaces themselves), for the scope policy. */
const OPERATOR_WRITTEN = {
  apiGroups: ['', 'apps', 'networking.k8s.io'],
  resources: ['namespaces', 'services', 'resourcequotas', 'limitranges', 'deployments', 'networkpolicies', 'ingresses'],
};

/**
 * RBAC cannot say "only in namespaces that do not exist yet", so the ClusterRole lets the operator
 * write Deployments, Services, … in every namespace. This ValidatingAdmissionPolicy narrows that for
 * the operator's ServiceAccount alone: it may only create, change or delete such objects inside
 * project namespaces (labelled `app.kubeop.io/project`), and only create, change or delete
 * namespaces carrying that label (before and after). So its token cannot touch `kube-system` or
 * the platform's own namespace (403 Forbidden). Evaluated in the API server: no webhook needed.
 */
export function buildOperatorScopePolicy(opts: PlatformOptions): [KubeObject, KubeObject] {
  const n = platformNames(opts.namespace);
  const labels = managedLabels(opts.version, 'operator', n.operator);
  const name = n.operatorScopePolicy;
  const has = (o: string) => `(has(${o}.metadata.labels) && '${PROJECT_LABEL}' in ${o}.metadata.labels)`;
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name, labels },
      spec: {
        failurePolicy: 'Fail',
        // atomic: spelled out with the server's defaults, so a re-apply is a no-op
        matchConstraints: {
          matchPolicy: 'Equivalent',
          namespaceSelector: {},
          objectSelector: {},
          resourceRules: [{ ...OPERATOR_WRITTEN, apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], scope: '*' }],
        },
        matchConditions: [
          { name: 'operator', expression: `request.userInfo.username == 'system:serviceaccount:${n.namespace}:${n.operator}'` },
        ],
        validations: [
          {
            expression:
              `request.resource.resource == 'namespaces' ? ` +
              `(request.operation == 'CREATE' ? ${has('object')} : request.operation == 'DELETE' ? ${has('oldObject')} : ${has('object')} && ${has('oldObject')}) : ` +
              `(namespaceObject != null && ${has('namespaceObject')})`,
            reason: 'Forbidden',
            message: 'the kubeOP operator may only write in project namespaces (labelled app.kubeop.io/project)',
          },
        ],
      },
    } as KubeObject,
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels },
      spec: { policyName: name, validationActions: ['Deny'] },
    } as KubeObject,
  ];
}

export function buildOperatorClusterRoleBinding(opts: PlatformOptions): Manifest<V1ClusterRoleBinding> {
  const n = platformNames(opts.namespace);
  return clusterRoleBinding(
    n.operatorClusterRole,
    { name: n.operator, namespace: n.namespace },
    managedLabels(opts.version, 'operator', n.operator),
  );
}

/** Namespaced permissions: the leader election Lease, nothing else (no ConfigMaps: policy is the Policy CR). */
export function buildOperatorRole(opts: PlatformOptions): Manifest<V1Role> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: n.operatorLeaderElectionRole, namespace: n.namespace, labels: managedLabels(opts.version, 'operator', n.operator) },
    rules: [
      // create cannot be narrowed by name; reading and renewing can
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [n.leaderElectionLease], verbs: ['get', 'update'] },
    ],
  };
}

export function buildOperatorRoleBinding(opts: PlatformOptions): Manifest<V1RoleBinding> {
  const n = platformNames(opts.namespace);
  return roleBinding(
    n.operatorLeaderElectionRole,
    { name: n.operatorLeaderElectionRole, namespace: n.namespace },
    { name: n.operator, namespace: n.namespace },
    managedLabels(opts.version, 'operator', n.operator),
  );
}

/** The mocks' in-cluster URLs (operator env `DNS_MOCK_URL`/`ACME_MOCK_URL`). */
export function mockUrls(opts: PlatformOptions): { dns: string; acme: string } {
  const n = platformNames(opts.namespace);
  return {
    dns: `http://${n.dnsMock}.${n.namespace}.svc.cluster.local:8080`,
    acme: `http://${n.acmeMock}.${n.namespace}.svc.cluster.local:8080`,
  };
}

/** Memory limit of the operator container, in MiB; Node's heap is capped below it (NODE_OPTIONS). */
export const OPERATOR_MEMORY_LIMIT_MIB = 256;
/** V8's old space gets 75 % of the limit: the rest is code, buffers and the new space. */
export const OPERATOR_HEAP_MIB = Math.floor(OPERATOR_MEMORY_LIMIT_MIB * 0.75);

/**
 * Deployment `kubeop-operator`. `spec.replicas` is deliberately not part of the intent: it defaults
 * to 1 on creation and is then owned by the HPA (setOperatorAutoscale), so re-running the bootstrap
 * never fights the autoscaler. Leader election is on, so several replicas are safe.
 *
 * The process (apps/operator) takes its configuration from `KUBEOP_*` variables only (no flags);
 * in the cluster it authenticates with its ServiceAccount token. `/tmp` is an emptyDir (the root
 * filesystem is read-only).
 */
export function buildOperatorDeployment(opts: PlatformOptions): Manifest<V1Deployment> {
  const n = platformNames(opts.namespace);
  const labels = managedLabels(opts.version, 'operator', n.operator);
  const env: V1EnvVar[] = [
    NAMESPACE_ENV,
    { name: 'KUBEOP_POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    { name: 'KUBEOP_METRICS_ADDR', value: `0.0.0.0:${OPERATOR_METRICS_PORT}` },
    { name: 'KUBEOP_HEALTH_ADDR', value: `0.0.0.0:${OPERATOR_HEALTH_PORT}` },
    { name: 'KUBEOP_LEADER_ELECT', value: 'true' },
    { name: 'KUBEOP_LEADER_ELECTION_LEASE', value: n.leaderElectionLease },
    { name: 'NODE_OPTIONS', value: `--max-old-space-size=${OPERATOR_HEAP_MIB}` },
  ];
  const container: V1Container = {
    name: 'operator',
    image: opts.operatorImage,
    imagePullPolicy: opts.imagePullPolicy,
    env,
    ports: [
      { name: 'metrics', containerPort: OPERATOR_METRICS_PORT, protocol: 'TCP' },
      { name: 'health', containerPort: OPERATOR_HEALTH_PORT, protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 'health', scheme: 'HTTP' }, initialDelaySeconds: 15, periodSeconds: 20 },
    readinessProbe: { httpGet: { path: '/readyz', port: 'health', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: `${OPERATOR_MEMORY_LIMIT_MIB}Mi` } },
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: n.operator, namespace: n.namespace, labels },
    spec: {
      selector: { matchLabels: selectorLabels(n.operator) },
      template: {
        metadata: { labels: { ...labels, ...selectorLabels(n.operator) } },
        spec: {
          serviceAccountName: n.operator,
          securityContext: POD_SECURITY,
          terminationGracePeriodSeconds: 10,
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

export function buildOperatorMetricsService(opts: PlatformOptions): Manifest<V1Service> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: n.operatorMetricsService, namespace: n.namespace, labels: managedLabels(opts.version, 'operator', n.operator) },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(n.operator),
      ports: [{ name: 'metrics', port: OPERATOR_METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' }],
    },
  };
}
