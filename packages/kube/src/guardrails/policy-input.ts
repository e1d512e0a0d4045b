/**
 * The rules a policy must satisfy before the Manager stores it (`PUT /v1/platform/policy`), shared
 * with everything that evaluates it: allowlist entries are registry hosts or image prefixes the
 * runtime resolves the same way, egress entries parse as CIDRs, quota maxima as quantities. Each
 * problem names its field the way the caller spelled it (`egressBaseline.1`).
 */
import type { FieldIssue } from '../errors.js';
import { isRegistryHost, parseImage } from '../images.js';
import { cidrProblem } from './cidrs.js';
import { quantityProblem } from './quantities.js';

/** The guardrail part of a policy, as the API takes it. */
export interface GuardrailPolicy {
  imageAllowlist: string[];
  egressBaseline: string[];
  quotaMax: { requestsCPU: string; requestsMemory: string };
}

export const MAX_ALLOWLIST_ENTRIES = 256;
export const MAX_EGRESS_ENTRIES = 64;

/**
 * Why an allowlist entry is unusable, or null. Accepted: a registry host (`docker.io`, `ghcr.io`,
 * `localhost:5000`), or a registry followed by a repository prefix ending in `/` or `*`
 * (`ghcr.io/acme/*`) or a whole repository (`docker.io/library/nginx`).
 */
export function allowlistEntryProblem(entry: string): string | null {
  if (isRegistryHost(entry)) return null;
  const slash = entry.indexOf('/');
  if (slash < 0) {
    return `${JSON.stringify(entry)} is not a registry host: a registry has a "." or a port, or is localhost (e.g. docker.io, ghcr.io, localhost:5000)`;
  }
  if (!isRegistryHost(entry.slice(0, slash))) {
    return `${JSON.stringify(entry)} must start with a registry host (e.g. docker.io/library/, ghcr.io/acme/*)`;
  }
  const body = entry.replace(/\/?\*$|\/$/, '');
  if (body.length > slash && parseImage(body) === null) {
    return `${JSON.stringify(entry)} is not an image prefix (e.g. ghcr.io/acme/*, docker.io/library/nginx)`;
  }
  return null;
}

/** Every problem of `policy`, each naming its field; empty when the policy can be stored. */
export function guardrailPolicyIssues(policy: GuardrailPolicy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const each = (field: 'imageAllowlist' | 'egressBaseline', max: number, check: (entry: string) => string | null) => {
    const list = policy[field];
    if (list.length > max) issues.push({ path: field, message: `may have at most ${max} entries` });
    list.forEach((entry, i) => {
      const problem = check(entry);
      if (problem) issues.push({ path: `${field}.${i}`, message: problem });
    });
  };
  each('imageAllowlist', MAX_ALLOWLIST_ENTRIES, allowlistEntryProblem);
  each('egressBaseline', MAX_EGRESS_ENTRIES, cidrProblem);
  for (const key of ['requestsCPU', 'requestsMemory'] as const) {
    const problem = quantityProblem(policy.quotaMax[key]);
    if (problem) issues.push({ path: `quotaMax.${key}`, message: problem });
  }
  return issues;
}
