/**
 * What a project's kubeconfig is made of on its cluster: a ServiceAccount `kubeop-project` in the
 * project's namespace, a Role with the project's workload permissions there (nothing cluster-wide,
 * no RBAC, kubeOP's quota, limits and network policies read-only), a RoleBinding, and short-lived
 * tokens of that account (TokenRequest). The Manager applies them with the cluster's registered
 * credentials when a kubeconfig is issued (server-side apply: issuing twice changes nothing), and
 * revokes every issued token at once by deleting and recreating the account: TokenRequest tokens
 * carry the account's uid, so a new account with the same name does not accept them.
 */
import type { V1PolicyRule, V1Role, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { ConflictError, UnavailableError } from './errors.js';
import { deleteObject, getObject, requestServiceAccountToken, serverSideApply, type ServiceAccountToken } from './kube.js';
import type { KubeConnection } from './kubeconfig.js';
import { CRD_GROUP } from './manifests/crds.js';
import { MANAGED_BY_LABEL, PROJECT_LABEL, TENANT_LABEL } from './manifests/labels.js';
import { roleBinding, serviceAccount } from './manifests/rbac.js';
import type { LiveObject, Manifest, ObjectRef } from './manifests/types.js';

/** Name of the ServiceAccount, Role and RoleBinding in every project namespace. */
export const PROJECT_ACCESS_NAME = 'kubeop-project';

/** Field manager of the Manager's writes to clusters (the sync worker's too). */
export const MANAGER_FIELD_MANAGER = 'kubeop-manager';

/** Bounds of a token's lifetime: the API server refuses less than 10 minutes; a day at most. */
export const PROJECT_TOKEN_MIN_SECONDS = 600;
export const PROJECT_TOKEN_MAX_SECONDS = 86_400;

const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * The permissions of a project's kubeconfig, in its namespace only. Tenants deploy and operate
 * their workloads; what kubeOP manages and what would widen their reach stays out of it:
 *
 * - write: Deployments, StatefulSets, ReplicaSets (and their `scale`), Jobs, CronJobs,
 *   HorizontalPodAutoscalers, Pods, Services, ConfigMaps, Secrets, PersistentVolumeClaims, Ingresses;
 * - operate: `pods/log`, `pods/exec`, `pods/portforward` (in their own containers, which run under
 *   Pod Security `restricted`; what an image can do, a shell in it can do);
 * - read only: kubeOP's ResourceQuota, LimitRange and NetworkPolicies, events, endpoints, ServiceAccounts,
 *   DaemonSets and PodDisruptionBudgets (both affect every node of a shared cluster), and kubeOP's `App`
 *   resources (the Manager is their source of truth and overwrites edits);
 * - never: RBAC, `serviceaccounts/token` (no longer-lived tokens than the Manager issues), namespaces,
 *   anything cluster-scoped or in another namespace.
 */
export function projectAccessRules(): V1PolicyRule[] {
  return [
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'replicasets'], verbs: WRITE },
    { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['apps'], resources: ['daemonsets', 'controllerrevisions'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
    { apiGroups: [''], resources: ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'], verbs: WRITE },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    // kubectl exec and port-forward over WebSockets are GETs; the API server also checks create
    { apiGroups: [''], resources: ['pods/exec', 'pods/portforward'], verbs: ['get', 'create'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: WRITE },
    { apiGroups: [''], resources: ['resourcequotas', 'limitranges', 'events', 'endpoints', 'serviceaccounts'], verbs: READ },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
    { apiGroups: [CRD_GROUP], resources: ['apps'], verbs: READ },
  ];
}

export interface ProjectAccessTarget {
  /** The project's namespace on its cluster (it must exist: the operator creates it). */
  namespace: string;
  tenantId: string;
  projectId: string;
}

function accessLabels(t: ProjectAccessTarget): Record<string, string> {
  return { [MANAGED_BY_LABEL]: 'kubeop', [TENANT_LABEL]: t.tenantId, [PROJECT_LABEL]: t.projectId };
}

export function buildProjectServiceAccount(t: ProjectAccessTarget): Manifest<V1ServiceAccount> {
  // no token of its own in pods: it is a credential for people, not for workloads
  return { ...serviceAccount({ name: PROJECT_ACCESS_NAME, namespace: t.namespace }, accessLabels(t)), automountServiceAccountToken: false };
}

export function buildProjectRole(t: ProjectAccessTarget): Manifest<V1Role> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: PROJECT_ACCESS_NAME, namespace: t.namespace, labels: accessLabels(t) },
    rules: projectAccessRules(),
  };
}

export function buildProjectRoleBinding(t: ProjectAccessTarget): Manifest<V1RoleBinding> {
  const account = { name: PROJECT_ACCESS_NAME, namespace: t.namespace };
  return roleBinding(PROJECT_ACCESS_NAME, account, account, accessLabels(t));
}

const accountRef = (namespace: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ServiceAccount', name: PROJECT_ACCESS_NAME, namespace });

export interface ProjectAccessOptions {
  /** Deadline of each API request. */
  timeoutMs?: number;
}

/**
 * Applies the ServiceAccount, Role and RoleBinding (idempotent). The namespace must exist and
 * belong to the project (labelled with its id), else a ConflictError says the project is not on the
 * cluster yet: objects are never put into a namespace that is not the project's.
 */
export async function ensureProjectAccess(kc: KubeConnection, t: ProjectAccessTarget, o: ProjectAccessOptions = {}): Promise<void> {
  const req = o.timeoutMs ? { timeoutMs: o.timeoutMs } : {};
  const ns = await getObject<LiveObject>(kc, { apiVersion: 'v1', kind: 'Namespace', name: t.namespace }, req);
  if (!ns || ns.metadata.deletionTimestamp) {
    throw new ConflictError(
      `the project's namespace ${t.namespace} does not exist on its cluster (yet): the project is still being synced, or is being deleted; retry shortly`,
    );
  }
  if (ns.metadata.labels?.[PROJECT_LABEL] !== t.projectId) {
    throw new ConflictError(`namespace ${t.namespace} on the cluster does not belong to this project`);
  }
  const apply = { fieldManager: MANAGER_FIELD_MANAGER, force: true, ...req };
  for (const obj of [buildProjectServiceAccount(t), buildProjectRole(t), buildProjectRoleBinding(t)]) {
    await serverSideApply(kc, obj, apply);
  }
}

/** A token of the project's ServiceAccount; the API server may shorten the lifetime (expiresAt says). */
export async function issueProjectToken(
  kc: KubeConnection,
  namespace: string,
  expirationSeconds: number,
  o: ProjectAccessOptions = {},
): Promise<ServiceAccountToken> {
  const seconds = Math.min(PROJECT_TOKEN_MAX_SECONDS, Math.max(PROJECT_TOKEN_MIN_SECONDS, Math.floor(expirationSeconds)));
  return requestServiceAccountToken(kc, { namespace, name: PROJECT_ACCESS_NAME }, seconds, o);
}

const REVOKE_WAIT_MS = 10_000;

/**
 * Revokes every token issued so far: deletes the ServiceAccount, waits until it is gone, and
 * creates it again (a new uid). The Role and RoleBinding stay; they name the account, not its uid.
 * Returns whether there was an account to revoke.
 */
export async function revokeProjectAccess(kc: KubeConnection, t: ProjectAccessTarget, o: ProjectAccessOptions = {}): Promise<boolean> {
  const req = o.timeoutMs ? { timeoutMs: o.timeoutMs } : {};
  const ref = accountRef(t.namespace);
  const before = await getObject<LiveObject>(kc, ref, req);
  if (!before) return false;
  if (before.metadata.labels?.[PROJECT_LABEL] !== t.projectId) {
    throw new ConflictError(`ServiceAccount ${PROJECT_ACCESS_NAME} in ${t.namespace} was not made by kubeOP for this project; not deleted`);
  }
  await deleteObject(kc, ref, req);
  const deadline = Date.now() + REVOKE_WAIT_MS;
  for (;;) {
    const now = await getObject<LiveObject>(kc, ref, req);
    if (!now || now.metadata.uid !== before.metadata.uid) break;
    if (Date.now() > deadline) throw new UnavailableError(`ServiceAccount ${PROJECT_ACCESS_NAME} in ${t.namespace} was not deleted in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await serverSideApply(kc, buildProjectServiceAccount(t), { fieldManager: MANAGER_FIELD_MANAGER, force: true, ...req });
  return true;
}
