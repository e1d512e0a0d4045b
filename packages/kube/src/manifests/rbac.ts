import type { V1ClusterRoleBinding, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import type { Manifest } from './types.js';

/** Shapes every component's identity and bindings share; callers pass names and labels. */
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface AccountRef {
  name: string;
  namespace: string;
}

export function serviceAccount(account: AccountRef, labels: Record<string, string>): Manifest<V1ServiceAccount> {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account.name, namespace: account.namespace, labels } };
}

/** Binds the cluster role `role` to `account`; the binding is named `name` (default: the role's name). */
export function clusterRoleBinding(
  role: string,
  account: AccountRef,
  labels: Record<string, string>,
  name: string = role,
): Manifest<V1ClusterRoleBinding> {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }],
  };
}

/** Binds the role `role` (in the binding's namespace) to `account`. */
export function roleBinding(
  role: string,
  binding: { name: string; namespace: string },
  account: AccountRef,
  labels: Record<string, string>,
): Manifest<V1RoleBinding> {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name: binding.name, namespace: binding.namespace, labels },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: role },
    subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }],
  };
}
