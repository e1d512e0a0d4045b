/** What a guardrail refuses: which rule, which field, and why (a sentence a tenant can act on). */

/** The rules of the admission webhook, as named in its messages and metrics. */
export type AdmissionRule =
  | 'image-allowlist'
  | 'egress-baseline'
  | 'quota-max'
  | 'pod-security'
  | 'managed-object'
  | 'app-namespace'
  | 'project-tenant'
  | 'policy-unknown'
  | 'malformed';

export const ADMISSION_RULES: readonly AdmissionRule[] = [
  'image-allowlist',
  'egress-baseline',
  'quota-max',
  'pod-security',
  'managed-object',
  'app-namespace',
  'project-tenant',
  'policy-unknown',
  'malformed',
];

export interface Violation {
  rule: AdmissionRule;
  /** Field path in the object (`spec.template.spec.containers[0].image`); empty for the whole object. */
  path: string;
  message: string;
  /**
   * The offending value when the message does not spell it out (an image): an UPDATE is judged on
   * what it adds, and swapping one refused image for another at the same field is an addition.
   */
  value?: string;
}

/** Shows at most this many violations in one message (the rest are counted). */
export const MAX_REPORTED_VIOLATIONS = 5;

/**
 * One denial message: the object, then each violation as `<path>: <message>`, e.g.
 * `Deployment acme/web: spec.template.spec.containers[0].image: registry quay.io is not in the image allowlist (docker.io, ghcr.io)`.
 */
export function denialMessage(object: string, violations: readonly Violation[]): string {
  const shown = violations.slice(0, MAX_REPORTED_VIOLATIONS).map((v) => (v.path ? `${v.path}: ${v.message}` : v.message));
  const more = violations.length - shown.length;
  return `${object}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects). */
export function describeObject(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name || '(unnamed)'}`;
}
