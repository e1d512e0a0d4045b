/**
 * What a project's kubeconfig is made of on its cluster: a ServiceAccount `kubeop-project-<8 hex>`
 * in the project's namespace, a Role `kubeop-project` with the project's workload permissions there
 * (nothing cluster-wide, no RBAC, kubeOP's quota, limits and network policies read-only), a
 * RoleBinding `kubeop-project` to the account, and short-lived tokens of that account
 * (TokenRequest). The Manager applies them with the cluster's registered credentials when a
 * kubeconfig is issued (server-side apply: issuing twice changes nothing), and revokes every issued
 * token at once by binding the Role to a new account and deleting the old one (see
 * {@link revokeProjectAccess}).
 */
import type { V1PolicyRule, V1Role, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { ConflictError } from './errors.js';
import {
  deleteObject,
  getObject,
  KubeApiError,
  kubeRequest,
  requestServiceAccountToken,
  serverSideApply,
  type ServiceAccountToken,
} from './kube.js';
import type { KubeConnection } from './kubeconfig.js';
import { CRD_GROUP } from './manifests/crds.js';
import { MANAGED_BY_LABEL, PROJECT_LABEL, TENANT_LABEL } from './manifests/labels.js';
import { roleBinding, serviceAccount } from './manifests/rbac.js';
import type { LiveObject, Manifest, ObjectRef } from './manifests/types.js';

/** Name of the Role and RoleBinding in every project namespace, and prefix of the ServiceAccount's. */
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

/** ServiceAccounts of project access are named `kubeop-project-<8 hex>`: a new name on every revocation. */
const ACCOUNT_NAME = /^kubeop-project-[0-9a-f]{8}$/;

export function newProjectAccountName(): string {
  return `${PROJECT_ACCESS_NAME}-${randomBytes(4).toString('hex')}`;
}

export function buildProjectServiceAccount(t: ProjectAccessTarget, name: string): Manifest<V1ServiceAccount> {
  // no token of its own in pods: it is a credential for people, not for workloads
  return { ...serviceAccount({ name, namespace: t.namespace }, accessLabels(t)), automountServiceAccountToken: false };
}

export function buildProjectRole(t: ProjectAccessTarget): Manifest<V1Role> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: PROJECT_ACCESS_NAME, namespace: t.namespace, labels: accessLabels(t) },
    rules: projectAccessRules(),
  };
}

export function buildProjectRoleBinding(t: ProjectAccessTarget, account: string): Manifest<V1RoleBinding> {
  return roleBinding(
    PROJECT_ACCESS_NAME,
    { name: PROJECT_ACCESS_NAME, namespace: t.namespace },
    { name: account, namespace: t.namespace },
    accessLabels(t),
  );
}

type LiveBinding = LiveObject & { subjects?: Array<{ kind?: string; name?: string; namespace?: string }> };

const bindingRef = (namespace: string): ObjectRef => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  name: PROJECT_ACCESS_NAME,
  namespace,
});
const accountRef = (namespace: string, name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ServiceAccount', name, namespace });

/** The account the binding names, when it is one of ours. */
function boundAccount(b: LiveBinding | null, namespace: string): string | undefined {
  const s = b?.subjects?.length === 1 ? b.subjects[0] : undefined;
  return s?.kind === 'ServiceAccount' && s.namespace === namespace && s.name && ACCOUNT_NAME.test(s.name) ? s.name : undefined;
}

export interface ProjectAccessOptions {
  /** Deadline of each API request. */
  timeoutMs?: number;
}

const reqOpts = (o: ProjectAccessOptions) => (o.timeoutMs ? { timeoutMs: o.timeoutMs } : {});

const isConflict = (e: unknown): boolean => e instanceof KubeApiError && e.code === 409;

/**
 * Points the RoleBinding at `account`, conditionally: it is created only if it does not exist, and
 * an existing one is changed only if it is still `live` (its resourceVersion), so of two concurrent
 * issuances or revocations one wins and the other gets a KubeApiError 409 instead of undoing it.
 */
async function bind(kc: KubeConnection, t: ProjectAccessTarget, account: string, live: LiveBinding | null, o: ProjectAccessOptions) {
  const intent = buildProjectRoleBinding(t, account);
  if (!live) {
    await kubeRequest(kc, {
      method: 'POST',
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${encodeURIComponent(t.namespace)}/rolebindings`,
      query: { fieldManager: MANAGER_FIELD_MANAGER },
      body: intent,
      ...reqOpts(o),
    });
    return;
  }
  const conditional = { ...intent, metadata: { ...intent.metadata, resourceVersion: live.metadata.resourceVersion } };
  await serverSideApply(kc, conditional, { fieldManager: MANAGER_FIELD_MANAGER, force: true, ...reqOpts(o) });
}

/**
 * Applies the ServiceAccount, Role and RoleBinding (idempotent: a second call changes nothing) and
 * returns the name of the account tokens are issued for. The namespace must exist and belong to
 * the project (labelled with its id), else a ConflictError says the project is not on the cluster
 * yet: objects are never put into a namespace that is not the project's.
 */
export async function ensureProjectAccess(kc: KubeConnection, t: ProjectAccessTarget, o: ProjectAccessOptions = {}): Promise<string> {
  const req = reqOpts(o);
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
  await serverSideApply(kc, buildProjectRole(t), apply);
  const binding = await getObject<LiveBinding>(kc, bindingRef(t.namespace), req);
  const bound = binding?.metadata.labels?.[PROJECT_LABEL] === t.projectId ? boundAccount(binding, t.namespace) : undefined;
  if (bound) {
    // the bound account, recreated if it went missing (a new uid: earlier tokens stay dead)
    await serverSideApply(kc, buildProjectServiceAccount(t, bound), apply);
    return bound;
  }
  const account = newProjectAccountName();
  await serverSideApply(kc, buildProjectServiceAccount(t, account), apply);
  try {
    await bind(kc, t, account, binding, o);
    return account;
  } catch (e) {
    if (!isConflict(e)) throw e;
    // another issuance (or a revocation) bound its account first: use that one
    await deleteObject(kc, accountRef(t.namespace, account), req);
    const winner = boundAccount(await getObject<LiveBinding>(kc, bindingRef(t.namespace), req), t.namespace);
    if (!winner) throw e;
    await serverSideApply(kc, buildProjectServiceAccount(t, winner), apply);
    return winner;
  }
}

/** A token of the project's ServiceAccount; the API server may shorten the lifetime (expiresAt says). */
export async function issueProjectToken(
  kc: KubeConnection,
  account: { namespace: string; name: string },
  expirationSeconds: number,
  o: ProjectAccessOptions = {},
): Promise<ServiceAccountToken> {
  const seconds = Math.min(PROJECT_TOKEN_MAX_SECONDS, Math.max(PROJECT_TOKEN_MIN_SECONDS, Math.floor(expirationSeconds)));
  return requestServiceAccountToken(kc, account, seconds, o);
}

/**
 * Revokes every token issued so far, at once. Tokens name their ServiceAccount and carry its uid;
 * the API server caches successful authentications (10 s by default), so deleting the account
 * alone would leave them working for that long. So the RoleBinding first moves to a new account
 * (old tokens lose every permission immediately: 403), then the old account is deleted (they no
 * longer authenticate: 401 once the cache forgets them). Returns whether there was access to revoke.
 */
export async function revokeProjectAccess(kc: KubeConnection, t: ProjectAccessTarget, o: ProjectAccessOptions = {}): Promise<boolean> {
  const req = reqOpts(o);
  const binding = await getObject<LiveBinding>(kc, bindingRef(t.namespace), req);
  if (!binding) return false;
  if (binding.metadata.labels?.[PROJECT_LABEL] !== t.projectId) {
    throw new ConflictError(`RoleBinding ${PROJECT_ACCESS_NAME} in ${t.namespace} was not made by kubeOP for this project; not changed`);
  }
  const account = newProjectAccountName();
  await serverSideApply(kc, buildProjectServiceAccount(t, account), { fieldManager: MANAGER_FIELD_MANAGER, force: true, ...req });
  try {
    await bind(kc, t, account, binding, o);
  } catch (e) {
    if (!isConflict(e)) throw e;
    // a concurrent revocation moved the binding to a fresh account first: that revokes as well
    await deleteObject(kc, accountRef(t.namespace, account), req);
    return true;
  }
  // every other account of ours in the namespace goes (the one just replaced, and any left by a failed run)
  const accounts = await kubeRequest<{ items: LiveObject[] }>(kc, {
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/serviceaccounts`,
    query: { labelSelector: `${PROJECT_LABEL}=${t.projectId}` },
    ...req,
  });
  for (const a of accounts.items) {
    if (a.metadata.name !== account && ACCOUNT_NAME.test(a.metadata.name))
      await deleteObject(kc, accountRef(t.namespace, a.metadata.name), req);
  }
  return true;
}
