/**
 * kubeOP's own kinds (upstream §8.3, adapted to our namespace names):
 * - an App must live in a project namespace: labelled with a tenant and a project, named
 *   `kubeop-<tenant>-<project>-<8 hex of the project id>` (resources.ts), and owned by the project
 *   the App names in `spec.projectRef`;
 * - a Project must name an existing Tenant (`spec.tenantRef`) and a namespace of its own shape.
 * The lookups (the namespace, the tenant) are the caller's: these functions judge the facts.
 */
import { PROJECT_LABEL, TENANT_LABEL } from '../manifests/labels.js';
import { projectNamespaceHash } from '../resources.js';
import { isRecord } from './pod-specs.js';
import type { Violation } from './violations.js';

export interface NamespaceFacts {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** True when `name` has the shape of the namespace of project `projectId`. */
export function isProjectNamespaceName(name: string, projectId: string): boolean {
  return name.startsWith('kubeop-') && name.endsWith(`-${projectNamespaceHash(projectId)}`);
}

const spec = (o: unknown): Record<string, unknown> => (isRecord(o) && isRecord(o.spec) ? o.spec : {});

/** Violations of an App in `namespace` (null: the namespace does not exist). */
export function appNamespaceViolations(app: unknown, namespaceName: string, namespace: NamespaceFacts | null): Violation[] {
  const v = (path: string, message: string): Violation[] => [{ rule: 'app-namespace', path, message }];
  if (!namespace) return v('metadata.namespace', `namespace ${namespaceName} does not exist`);
  const tenant = namespace.labels[TENANT_LABEL];
  const project = namespace.labels[PROJECT_LABEL];
  if (!tenant || !project || !isProjectNamespaceName(namespace.name, project)) {
    return v('metadata.namespace', `namespace ${namespace.name} is not owned by a tenant's project`);
  }
  const ref = spec(app).projectRef;
  if (typeof ref === 'string' && ref !== project) {
    return v('spec.projectRef', `project ${ref} does not own namespace ${namespace.name}`);
  }
  return [];
}

/** Violations of a Project whose tenant exists (`tenantExists`) or not. */
export function projectTenantViolations(project: unknown, tenantExists: boolean): Violation[] {
  const s = spec(project);
  const out: Violation[] = [];
  const tenantRef = s.tenantRef;
  if (typeof tenantRef !== 'string' || tenantRef === '')
    out.push({ rule: 'project-tenant', path: 'spec.tenantRef', message: 'is required' });
  else if (!tenantExists) out.push({ rule: 'project-tenant', path: 'spec.tenantRef', message: `tenant ${tenantRef} does not exist` });
  const name = isRecord(project) && isRecord(project.metadata) ? project.metadata.name : undefined;
  if (typeof s.namespace === 'string' && typeof name === 'string' && !isProjectNamespaceName(s.namespace, name)) {
    out.push({
      rule: 'project-tenant',
      path: 'spec.namespace',
      message: `${s.namespace} is not a project namespace name (kubeop-<tenant>-<project>-${projectNamespaceHash(name)})`,
    });
  }
  return out;
}
