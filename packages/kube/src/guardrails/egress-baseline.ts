/**
 * Rule (b): in tenant namespaces a NetworkPolicy may only open egress to addresses inside the
 * policy's egress baseline: every `spec.egress[].to[].ipBlock.cidr`, and each of its `except`
 * entries, must lie wholly inside one baseline CIDR. An unparsable CIDR is refused; with an empty
 * baseline every ipBlock is.
 */
import { cidrInsideAny, cidrProblem } from './cidrs.js';
import { isRecord } from './pod-specs.js';
import type { Violation } from './violations.js';

const violation = (path: string, message: string): Violation => ({ rule: 'egress-baseline', path, message });

function check(cidr: unknown, path: string, baseline: readonly string[]): Violation | null {
  if (typeof cidr !== 'string') return violation(path, 'must be a CIDR');
  const problem = cidrProblem(cidr);
  if (problem) return violation(path, problem);
  if (cidrInsideAny(cidr, baseline)) return null;
  const shown = baseline.length ? `(${baseline.join(', ')})` : '(empty: no ipBlock is allowed)';
  return violation(path, `${cidr} is not inside the egress baseline ${shown}`);
}

/** Every egress ipBlock of a NetworkPolicy that leaves the baseline. */
export function egressBaselineViolations(networkPolicy: unknown, baseline: readonly string[]): Violation[] {
  const out: Violation[] = [];
  const spec = isRecord(networkPolicy) && isRecord(networkPolicy.spec) ? networkPolicy.spec : null;
  if (!spec || !Array.isArray(spec.egress)) return out;
  spec.egress.forEach((rule: unknown, i) => {
    if (!isRecord(rule) || !Array.isArray(rule.to)) return;
    rule.to.forEach((peer: unknown, j) => {
      if (!isRecord(peer) || !isRecord(peer.ipBlock)) return;
      const base = `spec.egress[${i}].to[${j}].ipBlock`;
      const v = check(peer.ipBlock.cidr, `${base}.cidr`, baseline);
      if (v) out.push(v);
      if (Array.isArray(peer.ipBlock.except)) {
        peer.ipBlock.except.forEach((e: unknown, k) => {
          const ve = check(e, `${base}.except[${k}]`, baseline);
          if (ve) out.push(ve);
        });
      }
    });
  });
  return out;
}
