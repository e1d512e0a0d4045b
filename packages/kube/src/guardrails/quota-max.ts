/**
 * Rule (c): a ResourceQuota may not grant more than the policy's maxima. `requests.cpu` and `cpu`
 * (which means requests in a quota) are held to `quotaMax.requestsCPU`; `requests.memory` and
 * `memory` to `quotaMax.requestsMemory`. Quantities compare exactly (quantities.ts).
 */
import type { PlatformPolicy } from '../workloads/policy.js';
import { isRecord } from './pod-specs.js';
import { compareQuantities, parseQuantity } from './quantities.js';
import type { Violation } from './violations.js';

const LIMITED: ReadonlyArray<{ keys: readonly string[]; max: keyof PlatformPolicy['quotaMax'] }> = [
  { keys: ['requests.cpu', 'cpu'], max: 'requestsCPU' },
  { keys: ['requests.memory', 'memory'], max: 'requestsMemory' },
];

/** Every `spec.hard` entry of a ResourceQuota above the policy's maxima. */
export function quotaMaxViolations(quota: unknown, quotaMax: PlatformPolicy['quotaMax']): Violation[] {
  const out: Violation[] = [];
  const hard = isRecord(quota) && isRecord(quota.spec) && isRecord(quota.spec.hard) ? quota.spec.hard : null;
  if (!hard) return out;
  for (const { keys, max } of LIMITED) {
    const limit = parseQuantity(quotaMax[max]);
    for (const key of keys) {
      const raw = hard[key];
      if (raw === undefined) continue;
      const path = `spec.hard[${JSON.stringify(key)}]`;
      if (!limit) {
        out.push({ rule: 'quota-max', path, message: `the policy's quotaMax.${max} ${JSON.stringify(quotaMax[max])} is not a quantity` });
        continue;
      }
      const value = typeof raw === 'string' ? parseQuantity(raw) : typeof raw === 'number' ? parseQuantity(String(raw)) : null;
      if (!value) out.push({ rule: 'quota-max', path, message: 'is not a Kubernetes quantity' });
      else if (compareQuantities(value, limit) > 0) {
        out.push({ rule: 'quota-max', path, message: `${String(raw)} exceeds the maximum ${quotaMax[max]} (quotaMax.${max})` });
      }
    }
  }
  return out;
}
