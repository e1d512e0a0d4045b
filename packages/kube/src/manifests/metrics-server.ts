/**
 * metrics-server (kubernetes-sigs/metrics-server), installed with `installMetricsServer: true`.
 *
 * Equivalent to the upstream release manifest `components.yaml` of v0.7.2 (`METRICS_SERVER_VERSION`)
 * (kustomize `manifests/overlays/release`): the same nine objects, names, namespace (`kube-system`),
 * args, probes, security context and APIService. Differences, all additive: kubeOP's labels next to
 * upstream's `k8s-app: metrics-server` (so the objects are recognised, and pruned, as kubeOP's), the
 * image and pull policy come from the platform options. Selectors are exactly upstream's, so applying
 * over an existing upstream install adopts it instead of failing on the immutable Deployment selector.
 *
 * The names are upstream's fixed, cluster-wide names (there is only one `v1beta1.metrics.k8s.io`),
 * not derived from the system namespace: several kubeOP installations on one cluster share one
 * metrics-server. {@link INSTALLATION_LABEL} records which installation applied it last; only that one
 * prunes it.
 */
import type {
  V1APIService,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Deployment,
  V1RoleBinding,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import type { PlatformOptions } from '../options.js';
import { INSTALLATION_LABEL, MANAGED_LABELS } from './labels.js';
import { clusterRoleBinding, roleBinding, serviceAccount } from './rbac.js';
import type { KubeObject, Manifest, PruneRef } from './types.js';

/** Upstream's namespace: the aggregated API and its auth-reader RoleBinding live there. */
export const METRICS_SERVER_NAMESPACE = 'kube-system';
export const METRICS_SERVER_NAME = 'metrics-server';
/** Upstream's selector label (Deployment selector, pod labels, Service selector). */
export const METRICS_SERVER_SELECTOR: Readonly<Record<string, string>> = Object.freeze({ 'k8s-app': 'metrics-server' });
export const METRICS_SERVER_PORT = 10250;
export const METRICS_SERVER_APISERVICE = 'v1beta1.metrics.k8s.io';

export const METRICS_SERVER_NAMES = Object.freeze({
  namespace: METRICS_SERVER_NAMESPACE,
  serviceAccount: METRICS_SERVER_NAME,
  aggregatedReaderClusterRole: 'system:aggregated-metrics-reader',
  clusterRole: 'system:metrics-server',
  authReaderRoleBinding: 'metrics-server-auth-reader',
  authDelegatorClusterRoleBinding: 'metrics-server:system:auth-delegator',
  clusterRoleBinding: 'system:metrics-server',
  service: METRICS_SERVER_NAME,
  deployment: METRICS_SERVER_NAME,
  apiService: METRICS_SERVER_APISERVICE,
});

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const N = METRICS_SERVER_NAMES;
const ACCOUNT = { name: N.serviceAccount, namespace: N.namespace };

/** Pod labels: upstream's `k8s-app`, kubeOP's managed labels and the installing system namespace. */
function podLabels(opts: PlatformOptions): Record<string, string> {
  return {
    ...METRICS_SERVER_SELECTOR,
    ...MANAGED_LABELS,
    'app.kubernetes.io/name': METRICS_SERVER_NAME,
    'app.kubernetes.io/component': 'metrics-server',
    [INSTALLATION_LABEL]: opts.namespace,
  };
}

/** Object labels: the pod labels plus the kubeOP release (`app.kubernetes.io/version`) like every kubeOP object. */
export function metricsServerLabels(opts: PlatformOptions): Record<string, string> {
  return { ...podLabels(opts), 'app.kubernetes.io/version': opts.version };
}

/** The labels {@link prunableMetricsServerRefs} requires: only the installation that applied it prunes it. */
export function metricsServerOwnerLabels(opts: PlatformOptions): Record<string, string> {
  return { [INSTALLATION_LABEL]: opts.namespace };
}

export function buildMetricsServerServiceAccount(opts: PlatformOptions): Manifest<V1ServiceAccount> {
  return serviceAccount(ACCOUNT, metricsServerLabels(opts));
}

/** Aggregated into the built-in admin/edit/view roles: whoever may view pods may read their metrics. */
export function buildMetricsReaderClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: {
      name: N.aggregatedReaderClusterRole,
      labels: {
        ...metricsServerLabels(opts),
        'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
        'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      },
    },
    rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
  };
}

/** What metrics-server itself reads: kubelet resource metrics, pods and nodes. */
export function buildMetricsServerClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRole',
    metadata: { name: N.clusterRole, labels: metricsServerLabels(opts) },
    rules: [
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ],
  };
}

/** Lets the aggregated API server read the front-proxy client CA (`extension-apiserver-authentication`). */
export function buildMetricsServerAuthReaderRoleBinding(opts: PlatformOptions): Manifest<V1RoleBinding> {
  return roleBinding(
    'extension-apiserver-authentication-reader',
    { name: N.authReaderRoleBinding, namespace: N.namespace },
    ACCOUNT,
    metricsServerLabels(opts),
  );
}

/** Delegated authentication/authorization (TokenReview, SubjectAccessReview). */
export function buildMetricsServerAuthDelegatorBinding(opts: PlatformOptions): Manifest<V1ClusterRoleBinding> {
  return clusterRoleBinding('system:auth-delegator', ACCOUNT, metricsServerLabels(opts), N.authDelegatorClusterRoleBinding);
}

export function buildMetricsServerClusterRoleBinding(opts: PlatformOptions): Manifest<V1ClusterRoleBinding> {
  return clusterRoleBinding(N.clusterRole, ACCOUNT, metricsServerLabels(opts), N.clusterRoleBinding);
}

export function buildMetricsServerService(opts: PlatformOptions): Manifest<V1Service> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: N.service, namespace: N.namespace, labels: metricsServerLabels(opts) },
    spec: {
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }],
      selector: { ...METRICS_SERVER_SELECTOR },
    },
  };
}

/**
 * Upstream's Deployment. `replicas` is left out as upstream does (defaults to 1; an HA overlay or
 * an admin may scale it). Pod labels leave out `app.kubernetes.io/version`: a kubeOP upgrade must not
 * restart metrics-server when its own image did not change.
 */
export function buildMetricsServerDeployment(opts: PlatformOptions): Manifest<V1Deployment> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: N.deployment, namespace: N.namespace, labels: metricsServerLabels(opts) },
    spec: {
      selector: { matchLabels: { ...METRICS_SERVER_SELECTOR } },
      strategy: { rollingUpdate: { maxUnavailable: 0 } },
      template: {
        metadata: { labels: podLabels(opts) },
        spec: {
          containers: [
            {
              name: 'metrics-server',
              image: opts.metricsServerImage,
              // upstream pins IfNotPresent, which is also the platform default
              imagePullPolicy: opts.imagePullPolicy,
              args: [
                '--cert-dir=/tmp',
                `--secure-port=${METRICS_SERVER_PORT}`,
                '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
                '--kubelet-use-node-status-port',
                '--metric-resolution=15s',
              ],
              ports: [{ name: 'https', containerPort: METRICS_SERVER_PORT, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' },
                periodSeconds: 10,
                failureThreshold: 3,
              },
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
          serviceAccountName: N.serviceAccount,
          // serving certificate is self-signed into /tmp (read-only root filesystem)
          volumes: [{ name: 'tmp-dir', emptyDir: {} }],
        },
      },
    },
  };
}

/**
 * Registers `metrics.k8s.io/v1beta1` with the aggregation layer. As upstream: the API server does not
 * verify metrics-server's self-signed serving certificate (`insecureSkipTLSVerify`).
 */
export function buildMetricsServerApiService(opts: PlatformOptions): Manifest<V1APIService> {
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: N.apiService, labels: metricsServerLabels(opts) },
    spec: {
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      groupPriorityMinimum: 100,
      versionPriority: 100,
      insecureSkipTLSVerify: true,
      service: { name: N.service, namespace: N.namespace },
    },
  };
}

/** Every metrics-server object, in upstream's order (the APIService last, once its backend exists). */
export function buildMetricsServer(opts: PlatformOptions): KubeObject[] {
  return [
    buildMetricsServerServiceAccount(opts),
    buildMetricsReaderClusterRole(opts),
    buildMetricsServerClusterRole(opts),
    buildMetricsServerAuthReaderRoleBinding(opts),
    buildMetricsServerAuthDelegatorBinding(opts),
    buildMetricsServerClusterRoleBinding(opts),
    buildMetricsServerService(opts),
    buildMetricsServerDeployment(opts),
    buildMetricsServerApiService(opts),
  ];
}

/**
 * What to prune when `installMetricsServer` is false, in delete order: the APIService first (an
 * APIService whose backend is gone is unavailable, and an unavailable aggregated API breaks namespace
 * deletion and discovery cluster-wide), the Deployment and Service next, RBAC last.
 *
 * Never deletes a metrics-server kubeOP did not install: pruning only ever removes objects with
 * kubeOP's managed-by label, and upstream's manifests, Helm charts and distribution add-ons (k3s,
 * minikube, EKS) don't set it, so a cluster that brought its own metrics-server keeps it (reported as
 * `skipped`). Switching `installMetricsServer` from true to false removes only what kubeOP installed,
 * and only when this installation (system namespace, {@link INSTALLATION_LABEL}) applied it last.
 */
export function prunableMetricsServerRefs(opts: PlatformOptions): PruneRef[] {
  const requireLabels = metricsServerOwnerLabels(opts);
  return buildMetricsServer(opts)
    .reverse()
    .map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      requireLabels,
    }));
}
