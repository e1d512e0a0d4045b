/**
 * The custom resources the Manager writes to a tenant's cluster and the operator reconciles: the
 * contract between the two. Identities come from database ids, so they are unique by construction
 * and stable across renames; names are display names the API may change.
 *
 * - `Tenant` (cluster-scoped) named by the tenant id; `spec.name` is the display name.
 * - `Project` (cluster-scoped) named by the project id; `spec.tenantRef` is the tenant id and
 *   `spec.namespace` the namespace it owns, both fixed at creation (see {@link projectNamespaceName}).
 * - `App` (in its project's namespace) named by the app name, which is therefore fixed once created
 *   (it names the Deployment, Service and Ingress); `spec.appID` and `spec.projectRef` are ids.
 */
import { createHash } from 'node:crypto';
import { CRD_API_VERSION } from './manifests/crds.js';
import { APP_LABEL, MANAGED_BY_LABEL, PROJECT_LABEL, TENANT_LABEL } from './manifests/labels.js';
import type { KubeObject } from './manifests/types.js';

/** App types the operator implements; the others are in the CRD for compatibility and refused. */
export const IMPLEMENTED_APP_TYPES = ['Image'] as const;
export type AppType = 'Image' | 'Git' | 'Helm' | 'Raw';

export interface TenantSpec {
  name: string;
}

export interface ProjectSpec {
  tenantRef: string;
  name: string;
  namespace: string;
}

export interface AppSpec {
  type: AppType;
  appID: string;
  projectRef: string;
  image?: string;
  host?: string;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface ResourceStatus {
  observedGeneration?: number;
  ready?: boolean;
  conditions?: Condition[];
}

export interface TenantResource extends KubeObject {
  spec: TenantSpec;
  status?: ResourceStatus;
}
export interface ProjectResource extends KubeObject {
  spec: ProjectSpec;
  status?: ResourceStatus & { namespace?: string };
}
export interface AppResource extends KubeObject {
  spec: AppSpec;
  status?: ResourceStatus & { revision?: string; availableReplicas?: number; message?: string };
}

const HASH_CHARS = 8;
const FRAGMENT = 22;

/**
 * The namespace of a project: `kubeop-<tenant>-<project>-<8 hex of the project id>`, readable in
 * `kubectl get ns` and unique by construction (tenant `a-b` with project `c` and tenant `a` with
 * project `b-c` differ in the hash). Computed once at creation and stored: renames do not move it.
 * At most 7 + 22 + 1 + 22 + 1 + 8 = 61 characters.
 */
export function projectNamespaceName(tenantName: string, projectName: string, projectId: string): string {
  return `kubeop-${tenantName.slice(0, FRAGMENT)}-${projectName.slice(0, FRAGMENT)}-${projectNamespaceHash(projectId)}`;
}

/** The last segment of a project's namespace name: 8 hex of the SHA-256 of the project id. */
export function projectNamespaceHash(projectId: string): string {
  return createHash('sha256').update(projectId.toLowerCase()).digest('hex').slice(0, HASH_CHARS);
}

const managed = { [MANAGED_BY_LABEL]: 'kubeop' };

export function tenantResource(t: { id: string; name: string }): TenantResource {
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'Tenant',
    metadata: { name: t.id, labels: { ...managed, [TENANT_LABEL]: t.id } },
    spec: { name: t.name },
  };
}

export function projectResource(p: { id: string; tenantId: string; name: string; namespace: string }): ProjectResource {
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'Project',
    metadata: { name: p.id, labels: { ...managed, [TENANT_LABEL]: p.tenantId, [PROJECT_LABEL]: p.id } },
    spec: { tenantRef: p.tenantId, name: p.name, namespace: p.namespace },
  };
}

export function appResource(a: {
  id: string;
  tenantId: string;
  projectId: string;
  namespace: string;
  name: string;
  image: string | null;
  host: string | null;
}): AppResource {
  return {
    apiVersion: CRD_API_VERSION,
    kind: 'App',
    metadata: {
      name: a.name,
      namespace: a.namespace,
      labels: { ...managed, [TENANT_LABEL]: a.tenantId, [PROJECT_LABEL]: a.projectId, [APP_LABEL]: a.id },
    },
    spec: {
      type: 'Image',
      appID: a.id,
      projectRef: a.projectId,
      ...(a.image ? { image: a.image } : {}),
      ...(a.host ? { host: a.host } : {}),
    },
  };
}
