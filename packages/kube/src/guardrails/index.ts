/** Guardrail building blocks shared by the Manager and the admission server (no I/O). */
export { cidrInsideAny, cidrProblem, cidrRange, cidrWithin, type CidrRange } from './cidrs.js';
export {
  allowlistEntryProblem,
  guardrailPolicyIssues,
  MAX_ALLOWLIST_ENTRIES,
  MAX_EGRESS_ENTRIES,
  type GuardrailPolicy,
} from './policy-input.js';
export { compareQuantities, parseQuantity, quantityProblem, type Quantity } from './quantities.js';
