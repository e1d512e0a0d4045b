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
import { CRD_GROUP, KIND_SPECS } from './crds.js';
import { managedLabels, selectorLabels } from './labels.js';
import { clusterRoleBinding, roleBinding, serviceAccount } from './rbac.js';
import type { Manifest } from './types.js';

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

/**
 * Cluster-wide permissions of the operator: what reconciling kubeOP's kinds into namespaces needs.
 * Deliberately absent: secrets, configmaps outside its namespace, RBAC, nodes, pods/exec.
 */
export function buildOperatorClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  const n = platformNames(opts.namespace);
  const plurals = KIND_SPECS.map((k) => k.plural);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: n.operatorClusterRole, labels: managedLabels(opts.version, 'operator', n.operator) },
    rules: [
      { apiGroups: [CRD_GROUP], resources: plurals, verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: [CRD_GROUP], resources: plurals.map((p) => `${p}/status`), verbs: ['get', 'update', 'patch'] },
      { apiGroups: [CRD_GROUP], resources: plurals.map((p) => `${p}/finalizers`), verbs: ['update'] },
      // project namespaces and what goes into them
      { apiGroups: [''], resources: ['namespaces'], verbs: WRITE },
      { apiGroups: [''], resources: ['limitranges', 'resourcequotas', 'services'], verbs: WRITE },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: WRITE },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: WRITE },
      // rollout status of app Deployments
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    ],
  };
}

export function buildOperatorClusterRoleBinding(opts: PlatformOptions): Manifest<V1ClusterRoleBinding> {
  const n = platformNames(opts.namespace);
  return clusterRoleBinding(
    n.operatorClusterRole,
    { name: n.operator, namespace: n.namespace },
    managedLabels(opts.version, 'operator', n.operator),
  );
}

/** Namespaced permissions: leader election Lease, the policy ConfigMap (read), events about itself. */
export function buildOperatorRole(opts: PlatformOptions): Manifest<V1Role> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: n.operatorLeaderElectionRole, namespace: n.namespace, labels: managedLabels(opts.version, 'operator', n.operator) },
    rules: [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [n.policyConfigMap], verbs: ['get', 'list', 'watch'] },
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

/**
 * Deployment `kubeop-operator`. `spec.replicas` is deliberately not part of the intent: it defaults
 * to 1 on creation and is then owned by the HPA (setOperatorAutoscale), so re-running the bootstrap
 * never fights the autoscaler. Leader election is on, so several replicas are safe.
 */
export function buildOperatorDeployment(opts: PlatformOptions): Manifest<V1Deployment> {
  const n = platformNames(opts.namespace);
  const labels = managedLabels(opts.version, 'operator', n.operator);
  const env: V1EnvVar[] = [NAMESPACE_ENV];
  if (opts.mocks) {
    const urls = mockUrls(opts);
    env.push({ name: 'DNS_MOCK_URL', value: urls.dns }, { name: 'ACME_MOCK_URL', value: urls.acme });
  }
  const container: V1Container = {
    name: 'operator',
    image: opts.operatorImage,
    imagePullPolicy: opts.imagePullPolicy,
    args: [
      `--metrics-bind-address=0.0.0.0:${OPERATOR_METRICS_PORT}`,
      `--health-probe-bind-address=0.0.0.0:${OPERATOR_HEALTH_PORT}`,
      '--leader-elect=true',
      `--leader-election-id=${n.leaderElectionLease}`,
    ],
    env,
    ports: [
      { name: 'metrics', containerPort: OPERATOR_METRICS_PORT, protocol: 'TCP' },
      { name: 'health', containerPort: OPERATOR_HEALTH_PORT, protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 'health', scheme: 'HTTP' }, initialDelaySeconds: 15, periodSeconds: 20 },
    readinessProbe: { httpGet: { path: '/readyz', port: 'health', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10 },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: CONTAINER_SECURITY,
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
