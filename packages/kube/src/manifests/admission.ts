import { createHash } from 'node:crypto';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Deployment,
  V1LabelSelector,
  V1MutatingWebhookConfiguration,
  V1PodDisruptionBudget,
  V1RuleWithOperations,
  V1Secret,
  V1Service,
  V1ServiceAccount,
  V1ValidatingWebhookConfiguration,
  AdmissionregistrationV1WebhookClientConfig,
} from '@kubernetes/client-node';
import { platformNames, type PlatformOptions } from '../options.js';
import { CRD_GROUP, CRD_VERSION } from './crds.js';
import { managedLabels, selectorLabels, TENANT_LABEL } from './labels.js';
import { clusterRoleBinding, serviceAccount } from './rbac.js';
import { CONTAINER_SECURITY, NAMESPACE_ENV, POD_SECURITY } from './operator.js';
import type { Manifest } from './types.js';

export const ADMISSION_PORT = 8443;
export const ADMISSION_TLS_MOUNT = '/etc/kubeop/tls';

/** PEM material of the admission webhook: CA (its certificate is the caBundle) and serving pair. */
export interface AdmissionTlsMaterial {
  caCert: string;
  /** Needed to re-issue the serving certificate without changing the caBundle; stored in a separate Secret no pod mounts. */
  caKey?: string;
  cert: string;
  key: string;
  /**
   * The CA this one replaced, still trusted next to it for a while (see tls.ts): during a CA switch
   * the webhooks' caBundle holds both, so pods still serving a certificate of the old CA keep working.
   */
  previousCaCert?: string;
}

/** The webhooks' caBundle: the CA, plus the previous CA during a switch. */
export function caBundlePem(tls: AdmissionTlsMaterial): string {
  return tls.previousCaCert ? `${tls.caCert.trimEnd()}\n${tls.previousCaCert.trimEnd()}\n` : tls.caCert;
}

/** Names the admission serving certificate must carry for the chosen registration mode. */
export function admissionServingNames(opts: PlatformOptions): { dnsNames: string[]; ipAddresses: string[] } {
  const n = platformNames(opts.namespace);
  const dnsNames = [
    n.admission,
    `${n.admission}.${n.namespace}`,
    `${n.admission}.${n.namespace}.svc`,
    `${n.admission}.${n.namespace}.svc.cluster.local`,
  ];
  const ipAddresses: string[] = [];
  if (opts.admissionWebhook.mode === 'url') {
    const host = new URL(opts.admissionWebhook.baseUrl).hostname.replace(/^\[|\]$/g, '');
    if (/^[0-9.]+$/.test(host) || host.includes(':')) ipAddresses.push(host);
    else if (!dnsNames.includes(host)) dnsNames.push(host);
  }
  return { dnsNames, ipAddresses };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function buildAdmissionServiceAccount(opts: PlatformOptions): Manifest<V1ServiceAccount> {
  const n = platformNames(opts.namespace);
  return serviceAccount({ name: n.admission, namespace: n.namespace }, managedLabels(opts.version, 'admission', n.admission));
}

/**
 * What the admission server reads: the `Policy` (list + watch: the rules it enforces), namespaces
 * (tenant/project labels) and tenants (a Project's tenantRef must exist). The DELETE checks need
 * nothing more: the review carries the object being deleted. No secrets and no webhook
 * configurations: the Manager owns TLS and caBundle.
 */
export function buildAdmissionClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: n.admissionClusterRole, labels: managedLabels(opts.version, 'admission', n.admission) },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [CRD_GROUP], resources: ['tenants', 'policies'], verbs: ['get', 'list', 'watch'] },
    ],
  };
}

export function buildAdmissionClusterRoleBinding(opts: PlatformOptions): Manifest<V1ClusterRoleBinding> {
  const n = platformNames(opts.namespace);
  return clusterRoleBinding(
    n.admissionClusterRole,
    { name: n.admission, namespace: n.namespace },
    managedLabels(opts.version, 'admission', n.admission),
  );
}

/** `kubernetes.io/tls` Secret mounted by the admission pods: serving pair plus `ca.crt`, never the CA key. */
export function buildAdmissionTlsSecret(opts: PlatformOptions, tls: AdmissionTlsMaterial): Manifest<V1Secret> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: n.admissionTlsSecret, namespace: n.namespace, labels: managedLabels(opts.version, 'admission', n.admission) },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(tls.cert), 'tls.key': b64(tls.key), 'ca.crt': b64(tls.caCert) },
  };
}

/** Opaque Secret holding the webhook CA (read only by the Manager, mounted by no pod). */
export function buildAdmissionCaSecret(opts: PlatformOptions, tls: AdmissionTlsMaterial & { caKey: string }): Manifest<V1Secret> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: n.admissionCaSecret, namespace: n.namespace, labels: managedLabels(opts.version, 'admission-ca', n.admission) },
    type: 'Opaque',
    data: {
      'ca.crt': b64(tls.caCert),
      'ca.key': b64(tls.caKey),
      ...(tls.previousCaCert ? { 'previous-ca.crt': b64(tls.previousCaCert) } : {}),
    },
  };
}

/** Short digest of the serving certificate: a pod-template annotation, so a new certificate rolls the pods. */
export function certDigest(tls: AdmissionTlsMaterial): string {
  return createHash('sha256').update(tls.cert).digest('hex').slice(0, 16);
}

/** Memory limit of the admission container, in MiB; Node's heap is capped below it (NODE_OPTIONS). */
export const ADMISSION_MEMORY_LIMIT_MIB = 128;

/** The process's arguments (apps/admission reads exactly these: a test pins the agreement). */
export function admissionArgs(): string[] {
  return [
    `--port=${ADMISSION_PORT}`,
    '--bind-address=0.0.0.0',
    `--tls-cert-file=${ADMISSION_TLS_MOUNT}/tls.crt`,
    `--tls-key-file=${ADMISSION_TLS_MOUNT}/tls.key`,
  ];
}

/**
 * Deployment `kubeop-admission`: `admissionReplicas` (default 2) spread over nodes (preferred
 * anti-affinity by hostname), the PodDisruptionBudget below keeps one serving through drains.
 *
 * The TLS Secret is mounted `0440`: the kubelet makes secret files owned by root and, with an
 * `fsGroup`, group-owned by that group. Without `fsGroup` uid 65532 could not read its own key
 * (root:root 0440); `0444` would make the key readable by every uid in the container. So the pod
 * sets `fsGroup: 65532` and the key stays `0440`, readable by the process through its group only.
 *
 * The policy comes from the `Policy` custom resource (watched), not from the environment.
 */
export function buildAdmissionDeployment(opts: PlatformOptions, tls: AdmissionTlsMaterial): Manifest<V1Deployment> {
  const n = platformNames(opts.namespace);
  const labels = managedLabels(opts.version, 'admission', n.admission);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: n.admission, namespace: n.namespace, labels },
    spec: {
      replicas: opts.admissionReplicas,
      selector: { matchLabels: selectorLabels(n.admission) },
      template: {
        metadata: {
          labels: { ...labels, ...selectorLabels(n.admission) },
          annotations: { 'kubeop.io/tls-cert-digest': certDigest(tls) },
        },
        spec: {
          serviceAccountName: n.admission,
          securityContext: { ...POD_SECURITY, fsGroup: ADMISSION_FS_GROUP },
          terminationGracePeriodSeconds: 10,
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selectorLabels(n.admission) } },
                },
              ],
            },
          },
          containers: [
            {
              name: 'admission',
              image: opts.admissionImage,
              imagePullPolicy: opts.imagePullPolicy,
              args: admissionArgs(),
              env: [
                NAMESPACE_ENV,
                { name: 'NODE_OPTIONS', value: `--max-old-space-size=${Math.floor(ADMISSION_MEMORY_LIMIT_MIB * 0.75)}` },
              ],
              ports: [{ name: 'https', containerPort: ADMISSION_PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 20 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 3, periodSeconds: 10 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: `${ADMISSION_MEMORY_LIMIT_MIB}Mi` } },
              securityContext: CONTAINER_SECURITY,
              volumeMounts: [{ name: 'tls', mountPath: ADMISSION_TLS_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: 'tls', secret: { secretName: n.admissionTlsSecret, defaultMode: ADMISSION_TLS_MODE } }],
        },
      },
    },
  };
}

/** Group that owns the mounted TLS files (the process's own group, uid/gid 65532). */
export const ADMISSION_FS_GROUP = 65532;
/** Mode of the mounted TLS files: owner and group read, nobody else. */
export const ADMISSION_TLS_MODE = 0o440;

/**
 * Keeps one admission pod serving through voluntary disruptions (drains, upgrades): with
 * failurePolicy Fail, no pod means no writes in tenant namespaces. With a single replica the budget
 * allows its eviction (`maxUnavailable: 1`), else a drain would block forever.
 */
export function buildAdmissionPodDisruptionBudget(opts: PlatformOptions): Manifest<V1PodDisruptionBudget> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: n.admission, namespace: n.namespace, labels: managedLabels(opts.version, 'admission', n.admission) },
    spec: {
      ...(opts.admissionReplicas >= 2 ? { minAvailable: 1 } : { maxUnavailable: 1 }),
      selector: { matchLabels: selectorLabels(n.admission) },
    },
  };
}

export function buildAdmissionService(opts: PlatformOptions): Manifest<V1Service> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: n.admission, namespace: n.namespace, labels: managedLabels(opts.version, 'admission', n.admission) },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(n.admission),
      ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }],
    },
  };
}

function clientConfig(opts: PlatformOptions, path: '/mutate' | '/validate', caBundle: string): AdmissionregistrationV1WebhookClientConfig {
  const n = platformNames(opts.namespace);
  if (opts.admissionWebhook.mode === 'url') return { url: `${opts.admissionWebhook.baseUrl}${path}`, caBundle };
  return { service: { namespace: n.namespace, name: n.admission, path, port: 443 }, caBundle };
}

/**
 * Only namespaces of tenants (and never a system namespace, even if someone labels it): a registered
 * but unreachable webhook cannot block writes elsewhere.
 */
export function tenantNamespaceSelector(opts: PlatformOptions): V1LabelSelector {
  return {
    matchExpressions: [
      { key: TENANT_LABEL, operator: 'Exists' },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: systemNamespaces(opts) },
    ],
  };
}
const EVERYTHING: V1LabelSelector = {};
const CREATE_UPDATE = ['CREATE', 'UPDATE'];
export const WEBHOOK_TIMEOUT_SECONDS = 5;

/** What every kubeOP webhook sets the same way. */
const WEBHOOK_DEFAULTS = {
  objectSelector: EVERYTHING,
  matchPolicy: 'Equivalent',
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
};

/** The mutating webhook only adds the `app.kubeop.io/managed-by` label to Apps: failurePolicy Ignore. */
export function buildMutatingWebhookConfiguration(opts: PlatformOptions, caCertPem: string): Manifest<V1MutatingWebhookConfiguration> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: n.webhookConfiguration, labels: managedLabels(opts.version, 'admission', n.admission) },
    webhooks: [
      {
        name: 'mapps.paas.kubeop.io',
        clientConfig: clientConfig(opts, '/mutate', b64(caCertPem)),
        rules: [
          { apiGroups: [CRD_GROUP], apiVersions: [CRD_VERSION], operations: CREATE_UPDATE, resources: ['apps'], scope: 'Namespaced' },
        ],
        namespaceSelector: tenantNamespaceSelector(opts),
        failurePolicy: 'Ignore',
        reinvocationPolicy: 'Never',
        ...WEBHOOK_DEFAULTS,
      },
    ],
  };
}

const CREATE_UPDATE_DELETE = ['CREATE', 'UPDATE', 'DELETE'];
const NAMESPACED = 'Namespaced';

/** What `vworkloads` sees: everything with a pod spec, NetworkPolicies and ResourceQuotas (DELETE too: managed ones are guarded). */
export const WORKLOAD_RULES: V1RuleWithOperations[] = [
  { apiGroups: [''], apiVersions: ['v1'], operations: CREATE_UPDATE, resources: ['pods'], scope: NAMESPACED },
  { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['pods/ephemeralcontainers'], scope: NAMESPACED },
  { apiGroups: [''], apiVersions: ['v1'], operations: CREATE_UPDATE_DELETE, resources: ['resourcequotas'], scope: NAMESPACED },
  {
    apiGroups: ['apps'],
    apiVersions: ['v1'],
    operations: CREATE_UPDATE,
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    scope: NAMESPACED,
  },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: CREATE_UPDATE, resources: ['jobs', 'cronjobs'], scope: NAMESPACED },
  {
    apiGroups: ['networking.k8s.io'],
    apiVersions: ['v1'],
    operations: CREATE_UPDATE_DELETE,
    resources: ['networkpolicies'],
    scope: NAMESPACED,
  },
];

/** Namespaces no webhook of kubeOP is ever called for: the cluster's own and the platform's. */
export function systemNamespaces(opts: PlatformOptions): string[] {
  return ['kube-system', 'kube-public', 'kube-node-lease', opts.namespace];
}

/**
 * Validating webhooks (failurePolicy from options, default Fail — these are security checks):
 * - `vprojects`: Projects are cluster-scoped, so no namespace selector can apply; only kubeOP's own
 *   kind is affected when the webhook is down.
 * - `vapps`: Apps in every namespace but the system ones (systemNamespaces), so "namespace not owned
 *   by a tenant" can actually be denied; again only kubeOP's own kind is affected.
 * - `vworkloads`: WORKLOAD_RULES — only in tenant namespaces (label `app.kubeop.io/tenant`), never
 *   in kube-system or anything else.
 */
export function buildValidatingWebhookConfiguration(opts: PlatformOptions, caCertPem: string): Manifest<V1ValidatingWebhookConfiguration> {
  const n = platformNames(opts.namespace);
  const common = {
    clientConfig: clientConfig(opts, '/validate', b64(caCertPem)),
    failurePolicy: opts.admissionFailurePolicy,
    ...WEBHOOK_DEFAULTS,
  };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: n.webhookConfiguration, labels: managedLabels(opts.version, 'admission', n.admission) },
    webhooks: [
      {
        name: 'vprojects.paas.kubeop.io',
        rules: [
          { apiGroups: [CRD_GROUP], apiVersions: [CRD_VERSION], operations: CREATE_UPDATE, resources: ['projects'], scope: 'Cluster' },
        ],
        namespaceSelector: EVERYTHING,
        ...common,
      },
      {
        name: 'vapps.paas.kubeop.io',
        rules: [
          { apiGroups: [CRD_GROUP], apiVersions: [CRD_VERSION], operations: CREATE_UPDATE, resources: ['apps'], scope: 'Namespaced' },
        ],
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: systemNamespaces(opts) }],
        },
        ...common,
      },
      {
        name: 'vworkloads.paas.kubeop.io',
        rules: WORKLOAD_RULES,
        namespaceSelector: tenantNamespaceSelector(opts),
        ...common,
      },
    ],
  };
}
