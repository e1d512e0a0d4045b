/**
 * What a Project produces, as pure builders (the operator applies them; the Manager can show them):
 * its namespace (tenant and project labels, Pod Security `restricted` enforced), a ResourceQuota, a
 * LimitRange and two NetworkPolicies. Everything carries the tenant and project labels and, given the
 * Project's uid, an owner reference to it.
 */
import type { V1LabelSelector, V1Namespace, V1ResourceQuota } from '@kubernetes/client-node';
import { CRD_API_VERSION } from '../manifests/crds.js';
import { MANAGED_BY_LABEL, PROJECT_LABEL, TENANT_LABEL } from '../manifests/labels.js';
import type { KubeObject, Manifest, OwnerReference } from '../manifests/types.js';
import type { ProjectResource } from '../resources.js';
import type { PlatformPolicy } from './policy.js';

// client-node spells `default` and `from` as `_default` and `_from`: these two kinds are typed here
// in wire format.
export interface NetworkPolicyPeer {
  podSelector?: V1LabelSelector;
  namespaceSelector?: V1LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
export interface NetworkPolicyPort {
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port?: number | string;
}
export interface NetworkPolicyManifest extends KubeObject {
  spec: {
    podSelector: V1LabelSelector;
    policyTypes: Array<'Ingress' | 'Egress'>;
    ingress?: Array<{ from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
    egress?: Array<{ to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
  };
}
export interface LimitRangeManifest extends KubeObject {
  spec: {
    limits: Array<{ type: 'Container'; default?: Record<string, string>; defaultRequest?: Record<string, string> }>;
  };
}

export const PROJECT_QUOTA_NAME = 'kubeop-quota';
export const PROJECT_LIMITRANGE_NAME = 'kubeop-limits';
export const PROJECT_INGRESS_POLICY_NAME = 'kubeop-ingress';
export const PROJECT_EGRESS_POLICY_NAME = 'kubeop-egress';

/** Finalizer on Projects: the operator removes the namespace and waits for it before letting go. */
export const PROJECT_FINALIZER = 'paas.kubeop.io/namespace';

/** Where cluster DNS runs (kube-dns / CoreDNS in `kube-system`). */
export const CLUSTER_DNS_PEER: NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

export const PSA_LABELS: Readonly<Record<string, string>> = Object.freeze({
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
});

/** The managed-by value on what the operator creates (its field manager too). */
export const OPERATOR_MANAGER = 'kubeop-operator';

export function projectLabels(p: ProjectResource): Record<string, string> {
  return { [MANAGED_BY_LABEL]: OPERATOR_MANAGER, [TENANT_LABEL]: p.spec.tenantRef, [PROJECT_LABEL]: p.metadata.name };
}

/** Owner reference to a live object (needs its uid); undefined without one. */
export function ownerReference(owner: { apiVersion: string; kind: string; metadata: { name: string; uid?: string } }): OwnerReference[] {
  if (!owner.metadata.uid) return [];
  return [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true }];
}

function meta(p: ProjectResource, name: string, namespace?: string) {
  const owners = ownerReference({ apiVersion: CRD_API_VERSION, kind: 'Project', metadata: p.metadata as { name: string; uid?: string } });
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: projectLabels(p),
    ...(owners.length ? { ownerReferences: owners } : {}),
  };
}

export function buildProjectNamespace(p: ProjectResource): Manifest<V1Namespace> {
  const m = meta(p, p.spec.namespace);
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { ...m, labels: { ...m.labels, ...PSA_LABELS } } };
}

export function buildProjectQuota(p: ProjectResource, policy: PlatformPolicy): Manifest<V1ResourceQuota> {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(p, PROJECT_QUOTA_NAME, p.spec.namespace),
    spec: { hard: { 'requests.cpu': policy.quotaMax.requestsCPU, 'requests.memory': policy.quotaMax.requestsMemory } },
  };
}

export function buildProjectLimitRange(p: ProjectResource, policy: PlatformPolicy): LimitRangeManifest {
  const d = policy.limitRangeDefaults;
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta(p, PROJECT_LIMITRANGE_NAME, p.spec.namespace),
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: d.defaultRequest.cpu, memory: d.defaultRequest.memory },
          default: { cpu: d.default.cpu, memory: d.default.memory },
        },
      ],
    },
  };
}

/**
 * Ingress: only from pods of the same namespace and of the ingress controller's namespace (every
 * other source is denied, since the policy selects every pod). Egress: to the same namespace, to
 * cluster DNS (53/UDP, 53/TCP) and to the policy's egress baseline; nothing else.
 */
export function buildProjectNetworkPolicies(p: ProjectResource, policy: PlatformPolicy): NetworkPolicyManifest[] {
  const ns = p.spec.namespace;
  const ingress: NetworkPolicyManifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(p, PROJECT_INGRESS_POLICY_NAME, ns),
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: {} }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': policy.ingressNamespace } } }],
        },
      ],
    },
  };
  const egress: NetworkPolicyManifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(p, PROJECT_EGRESS_POLICY_NAME, ns),
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ podSelector: {} }] },
        {
          to: [CLUSTER_DNS_PEER],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
        ...(policy.egressBaseline.length ? [{ to: policy.egressBaseline.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
      ],
    },
  };
  return [ingress, egress];
}

/** Everything in the namespace, in apply order (the namespace itself comes first, separately). */
export function buildProjectObjects(p: ProjectResource, policy: PlatformPolicy): KubeObject[] {
  return [buildProjectQuota(p, policy), buildProjectLimitRange(p, policy), ...buildProjectNetworkPolicies(p, policy)];
}
