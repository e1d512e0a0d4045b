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
export {
  containersOf,
  podSpecOf,
  POD_SPEC_KINDS,
  type ContainerLike,
  type FoundContainer,
  type FoundPodSpec,
  type PodSpecLike,
} from './pod-specs.js';
export { BASELINE_CAPABILITIES, podSecurityViolations } from './pod-security.js';
export { imageRefusal } from './image-allowlist.js';
export { egressBaselineViolations } from './egress-baseline.js';
export { quotaMaxViolations } from './quota-max.js';
export { isOperatorManaged, isPrivilegedRequester, managedObjectViolations, operatorUsername, type Requester } from './managed-objects.js';
export { appNamespaceViolations, isProjectNamespaceName, projectTenantViolations, type NamespaceFacts } from './tenant-objects.js';
export {
  APP_MANAGED_BY_LABEL,
  APP_MANAGED_BY_VALUE,
  appLabelPatch,
  evaluateAdmission,
  lookupsFor,
  type AdmissionRequest,
  type GroupVersionKind,
  type JsonPatchOperation,
  type RuleContext,
} from './admission-rules.js';
export {
  denialMessage,
  describeObject,
  ADMISSION_RULES,
  MAX_REPORTED_VIOLATIONS,
  type AdmissionRule,
  type Violation,
} from './violations.js';
