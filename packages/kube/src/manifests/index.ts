import { platformNames, type PlatformOptions } from '../options.js';
import {
  buildAdmissionCaSecret,
  buildAdmissionClusterRole,
  buildAdmissionClusterRoleBinding,
  buildAdmissionDeployment,
  buildAdmissionService,
  buildAdmissionServiceAccount,
  buildAdmissionTlsSecret,
  buildMutatingWebhookConfiguration,
  buildValidatingWebhookConfiguration,
  caBundlePem,
  type AdmissionTlsMaterial,
} from './admission.js';
import { buildCrds } from './crds.js';
import { buildGuardrailPolicies } from './guardrail-policies.js';
import { buildMetricsServer, prunableMetricsServerRefs } from './metrics-server.js';
import { buildMocks } from './mocks.js';
import {
  buildNamespace,
  buildOperatorClusterRole,
  buildOperatorClusterRoleBinding,
  buildOperatorDeployment,
  buildOperatorMetricsService,
  buildOperatorRole,
  buildOperatorRoleBinding,
  buildOperatorScopePolicy,
  buildOperatorServiceAccount,
} from './operator.js';
import { buildPlatformConfigMap } from './platform-config.js';
import type { KubeObject, PruneRef } from './types.js';

export * from './admission.js';
export * from './crds.js';
export * from './guardrail-policies.js';
export * from './hpa.js';
export * from './labels.js';
export * from './metrics-server.js';
export * from './mocks.js';
export * from './operator.js';
export * from './platform-config.js';
export * from './types.js';

/**
 * The admission webhook's objects in apply order: RBAC, TLS Secrets, Service and Deployment, then
 * the webhook configurations — except during a CA switch (`tls.previousCaCert`), when the webhook
 * configurations go first: their caBundle trusts both CAs, so it must be live before any pod can
 * start serving a certificate of the new CA.
 */
export function buildAdmissionManifests(opts: PlatformOptions, tls: AdmissionTlsMaterial): KubeObject[] {
  const bundle = caBundlePem(tls);
  const webhooks = [buildMutatingWebhookConfiguration(opts, bundle), buildValidatingWebhookConfiguration(opts, bundle)];
  const workload = [
    buildAdmissionServiceAccount(opts),
    buildAdmissionClusterRole(opts),
    buildAdmissionClusterRoleBinding(opts),
    ...(tls.caKey ? [buildAdmissionCaSecret(opts, { ...tls, caKey: tls.caKey })] : []),
    buildAdmissionTlsSecret(opts, tls),
    buildAdmissionService(opts),
    buildAdmissionDeployment(opts, tls),
  ];
  return tls.previousCaCert ? [...webhooks, ...workload] : [...workload, ...webhooks];
}

/**
 * Every object of the platform, in apply order: namespace, CRDs, operator, mocks, metrics-server (in
 * `kube-system`), admission (Secrets and Deployment before the webhook configurations), and last the
 * `kubeop-platform` ConfigMap that records a completed bootstrap. `tls` is required when
 * `opts.installAdmission`.
 */
export function buildPlatformManifests(opts: PlatformOptions, tls?: AdmissionTlsMaterial): KubeObject[] {
  const objects: KubeObject[] = [
    buildNamespace(opts),
    ...buildCrds(opts.version),
    buildOperatorServiceAccount(opts),
    buildOperatorClusterRole(opts),
    buildOperatorClusterRoleBinding(opts),
    ...buildOperatorScopePolicy(opts),
    buildOperatorRole(opts),
    buildOperatorRoleBinding(opts),
    buildOperatorMetricsService(opts),
    buildOperatorDeployment(opts),
    ...buildGuardrailPolicies(opts),
  ];
  if (opts.mocks) objects.push(...buildMocks(opts));
  if (opts.installMetricsServer) objects.push(...buildMetricsServer(opts));
  if (opts.installAdmission) {
    if (!tls) throw new Error('buildPlatformManifests: admission TLS material is required when installAdmission is true');
    objects.push(...buildAdmissionManifests(opts, tls));
  }
  objects.push(buildPlatformConfigMap(opts));
  return objects;
}

/**
 * Objects that must not exist for these options (admission, mocks or metrics-server switched off), in
 * delete order: webhook configurations first, so nothing points at a webhook being removed; the
 * metrics APIService before its Deployment. Pruning deletes only objects with kubeOP's managed-by
 * label (see prunableMetricsServerRefs for why that keeps a cluster's own metrics-server safe).
 */
export function prunableRefs(opts: PlatformOptions): PruneRef[] {
  const n = platformNames(opts.namespace);
  const ns = n.namespace;
  const refs: PruneRef[] = [];
  if (!opts.installAdmission) {
    refs.push(
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: n.webhookConfiguration },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: n.webhookConfiguration },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: n.admission, namespace: ns },
      { apiVersion: 'v1', kind: 'Service', name: n.admission, namespace: ns },
      { apiVersion: 'v1', kind: 'Secret', name: n.admissionTlsSecret, namespace: ns },
      { apiVersion: 'v1', kind: 'Secret', name: n.admissionCaSecret, namespace: ns },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: n.admissionClusterRole },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: n.admissionClusterRole },
      { apiVersion: 'v1', kind: 'ServiceAccount', name: n.admission, namespace: ns },
    );
  }
  if (!opts.mocks) {
    for (const name of [n.dnsMock, n.acmeMock]) {
      refs.push(
        { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: ns },
        { apiVersion: 'v1', kind: 'Service', name, namespace: ns },
      );
    }
  }
  if (!opts.installMetricsServer) refs.push(...prunableMetricsServerRefs(opts));
  return refs;
}
