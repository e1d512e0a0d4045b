/**
 * Rule (e): the NetworkPolicies and ResourceQuotas the operator puts into project namespaces (label
 * `app.kubernetes.io/managed-by=kubeop-operator`) are the tenant's fence: only the operator and the
 * cluster's own machinery may delete them, or take them out of the operator's hands by changing
 * that label. Everyone else (a tenant with `admin` in their namespace) is refused.
 *
 * Privileged requesters: the operator's ServiceAccount, the controllers' ServiceAccounts in
 * `kube-system` (namespace-controller and generic-garbage-collector: deleting a namespace or a
 * Project must still work), the controller manager's own user, and `system:masters` (unrestricted
 * by RBAC anyway; a controller manager without per-controller credentials runs as such a user).
 */
import { MANAGED_BY_LABEL } from '../manifests/labels.js';
import { platformNames } from '../options.js';
import { OPERATOR_MANAGER } from '../workloads/project.js';
import { isRecord } from './pod-specs.js';
import type { Violation } from './violations.js';

export interface Requester {
  username: string;
  groups: readonly string[];
}

/** `system:serviceaccount:<namespace>:kubeop-operator`: the user the operator's token authenticates as. */
export function operatorUsername(systemNamespace: string): string {
  return `system:serviceaccount:${systemNamespace}:${platformNames(systemNamespace).operator}`;
}

/** True for the operator and the cluster's own machinery (see the module comment). */
export function isPrivilegedRequester(user: Requester, operator: string): boolean {
  return (
    user.username === operator ||
    user.username.startsWith('system:serviceaccount:kube-system:') ||
    user.username === 'system:kube-controller-manager' ||
    user.groups.includes('system:masters')
  );
}

function managedBy(object: unknown): string | undefined {
  if (!isRecord(object) || !isRecord(object.metadata) || !isRecord(object.metadata.labels)) return undefined;
  const v = object.metadata.labels[MANAGED_BY_LABEL];
  return typeof v === 'string' ? v : undefined;
}

/** True when the operator manages `object` (its managed-by label says so). */
export function isOperatorManaged(object: unknown): boolean {
  return managedBy(object) === OPERATOR_MANAGER;
}

/** Violations of rule (e) for a DELETE or UPDATE of `oldObject` by `user`. */
export function managedObjectViolations(
  operation: string,
  oldObject: unknown,
  object: unknown,
  user: Requester,
  operator: string,
): Violation[] {
  if (!isOperatorManaged(oldObject) || isPrivilegedRequester(user, operator)) return [];
  if (operation === 'DELETE') {
    return [
      {
        rule: 'managed-object',
        path: '',
        message: `managed by kubeOP (${MANAGED_BY_LABEL}=${OPERATOR_MANAGER}): only the operator may delete it`,
      },
    ];
  }
  if (operation === 'UPDATE' && managedBy(object) !== OPERATOR_MANAGER) {
    return [
      {
        rule: 'managed-object',
        path: `metadata.labels[${JSON.stringify(MANAGED_BY_LABEL)}]`,
        message: `managed by kubeOP: only the operator may change this label`,
      },
    ];
  }
  return [];
}
