import { createHash } from 'node:crypto';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1Deployment,
  V1LabelSelector,
  V1MutatingWebhookConfiguration,
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
 * What the admission handlers read: namespaces (tenant/project labels) and tenants (a Project's
 * tenantRef must exist). No secrets and no webhook configurations: the Manager owns TLS and caBundle.
 */
export function buildAdmissionClusterRole(opts: PlatformOptions): Manifest<V1ClusterRole> {
  const n = platformNames(opts.namespace);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: n.admissionClusterRole, labels: managedLabels(opts.version, 'admission', n.admission) },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [CRD_GROUP], resources: ['tenants'], verbs: ['get', 'list', 'watch'] },
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
          securityContext: POD_SECURITY,
          terminationGracePeriodSeconds: 10,
          containers: [
            {
              name: 'admission',
              image: opts.admissionImage,
              imagePullPolicy: opts.imagePullPolicy,
              args: [
                `--port=${ADMISSION_PORT}`,
                `--tls-cert-file=${ADMISSION_TLS_MOUNT}/tls.crt`,
                `--tls-key-file=${ADMISSION_TLS_MOUNT}/tls.key`,
              ],
              env: [NAMESPACE_ENV],
              // policy values (image allowlist, egress baseline, quota maxima) come only from this
              // ConfigMap, so the policy API takes effect (explicit env entries would win over it)
              envFrom: [{ configMapRef: { name: n.policyConfigMap, optional: true } }],
              ports: [{ name: 'https', containerPort: ADMISSION_PORT, protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 20 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, initialDelaySeconds: 3, periodSeconds: 10 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
              securityContext: CONTAINER_SECURITY,
              volumeMounts: [{ name: 'tls', mountPath: ADMISSION_TLS_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: 'tls', secret: { secretName: n.admissionTlsSecret, defaultMode: 0o440 } }],
        },
      },
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

/** Only namespaces of tenants: a registered but unreachable webhook cannot block writes elsewhere. */
export const TENANT_NAMESPACE_SELECTOR: V1LabelSelector = { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] };
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
        namespaceSelector: TENANT_NAMESPACE_SELECTOR,
        failurePolicy: 'Ignore',
        reinvocationPolicy: 'Never',
        ...WEBHOOK_DEFAULTS,
      },
    ],
  };
}

const WORKLOAD_RULES: V1RuleWithOperations[] = [
  { apiGroups: [''], apiVersions: ['v1'], operations: CREATE_UPDATE, resources: ['pods', 'resourcequotas'], scope: 'Namespaced' },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: CREATE_UPDATE, resources: ['deployments', 'statefulsets'], scope: 'Namespaced' },
  { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: CREATE_UPDATE, resources: ['networkpolicies'], scope: 'Namespaced' },
];

/**
 * Validating webhooks (failurePolicy from options, default Fail — these are security checks):
 * - `vprojects`: Projects are cluster-scoped, so no namespace selector can apply; only kubeOP's own
 *   kind is affected when the webhook is down.
 * - `vapps`: Apps in any namespace, so "namespace not owned by a tenant" can actually be denied;
 *   again only kubeOP's own kind is affected.
 * - `vworkloads`: pods, deployments, statefulsets, networkpolicies, resourcequotas — only in tenant
 *   namespaces (label `app.kubeop.io/tenant`), never in kube-system or anything else.
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
        namespaceSelector: EVERYTHING,
        ...common,
      },
      {
        name: 'vworkloads.paas.kubeop.io',
        rules: WORKLOAD_RULES,
        namespaceSelector: TENANT_NAMESPACE_SELECTOR,
        ...common,
      },
    ],
  };
}
