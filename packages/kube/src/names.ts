import { InvalidError } from './errors.js';

/**
 * Naming rules, one definition for the API, the database and the CRD schemas. Names are DNS-1123
 * labels. App names name Kubernetes objects (Deployment, Service) and leave room for suffixes;
 * tenant and project names appear, shortened, in namespace names (resources.ts), which are unique
 * through a hash of the project id.
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
