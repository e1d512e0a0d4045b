import { InvalidError } from './errors.js';

/**
 * Naming rules. Tenant and project names become fragments of the namespace
 * `kubeop-<tenant>-<project>`, which must be a DNS-1123 label (at most 63 characters).
 * `kubeop-` and the joining `-` take 8 characters, leaving 55: tenants get up to 30, projects up to 25.
 */
export const NAME_LIMITS = {
  tenant: 30,
  project: 25,
  app: 53,
  cluster: 63,
} as const;

export type NamedKind = keyof typeof NAME_LIMITS;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns a human sentence describing why `name` is not a valid `kind` name, or null when it is valid. */
export function nameProblem(kind: NamedKind, name: string): string | null {
  const max = NAME_LIMITS[kind];
  if (name.length === 0) return 'must not be empty';
  if (name.length > max) return `must be at most ${max} characters (got ${name.length})`;
  if (!DNS1123_LABEL.test(name)) {
    return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return null;
}

export function assertValidName(kind: NamedKind, name: string, field = 'name'): void {
  const problem = nameProblem(kind, name);
  if (problem) throw InvalidError.field(field, problem);
}

/** The namespace a project's workloads live in on its tenant's cluster. */
export function projectNamespace(tenantName: string, projectName: string): string {
  return `kubeop-${tenantName}-${projectName}`;
}
