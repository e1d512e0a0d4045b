/**
 * kubeOP's Kubernetes side, without a database: the shared domain rules (./domain.ts), kubeconfig
 * parsing and the outbound policy, the HTTPS client, manifests (CRDs, operator, admission webhook,
 * HPA, metrics-server), server-side apply, a list+watch informer, bootstrap, status/readiness and
 * operator autoscaling.
 */
export * from './domain.js';
export {
  applyObject,
  applyObjects,
  FIELD_MANAGER,
  isPrunable,
  pruneObjects,
  waitForCrdsEstablished,
  type ApplyAction,
  type ApplyOptions,
  type ApplyResult,
} from './apply.js';
export {
  AUTOSCALE_DEFAULTS,
  AUTOSCALE_MAX_REPLICAS,
  getOperatorAutoscale,
  setOperatorAutoscale,
  validateAutoscale,
  type OperatorAutoscaleOptions,
  type OperatorAutoscaleRequest,
  type OperatorAutoscaleResult,
} from './autoscale.js';
export { bootstrapPlatform, type BootstrapReport, type BootstrapRunOptions } from './bootstrap.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  deleteObject,
  getObject,
  isNotFound,
  KubeApiError,
  kubeRequest,
  kubeWatch,
  MAX_RESPONSE_BYTES,
  releaseConnection,
  requestServiceAccountToken,
  serverSideApply,
  serviceAccountToken,
  versionOf,
  type KubeRequest,
  type KubeStatus,
  type KubeWatchRequest,
  type ServiceAccountToken,
  type WatchEvent,
} from './kube.js';
export { Informer, objectKey, type InformerHandlers, type InformerOptions } from './informer.js';
export {
  DEFAULT_DENY_CIDRS,
  DEFAULT_OUTBOUND_POLICY,
  DeniedAddressError,
  isDenied,
  outboundPolicyFromEnv,
  parseCidr,
  type OutboundPolicy,
} from './egress.js';
export {
  decodeKubeconfig,
  parseKubeconfig,
  renderKubeconfig,
  type KubeConnection,
  type ParsedKubeconfig,
  type ParseKubeconfigOptions,
} from './kubeconfig.js';
export { configureOrExit, jsonLog, type LogLevel as ProcessLogLevel, type ProcessLog } from './process-start.js';
export { inClusterConnection, kubeconfigConnection, processConnection, SERVICE_ACCOUNT_DIR, tokenConnection } from './in-cluster.js';
export * from './manifests/index.js';
export {
  DEFAULT_SYSTEM_NAMESPACE,
  defaultImage,
  IMAGE_REPOSITORY,
  KUBEOP_VERSION,
  METRICS_SERVER_IMAGE,
  METRICS_SERVER_VERSION,
  normaliseWebhookBaseUrl,
  platformNames,
  platformOptionsFromEnv,
  resolvePlatformOptions,
  type AdmissionWebhookMode,
  type ImagePullPolicy,
  type PlatformNames,
  type PlatformOptions,
  type PlatformOptionsInput,
  type WebhookFailurePolicy,
} from './options.js';
export {
  DEFAULT_STATUS_TIMEOUT_MS,
  platformStatus,
  probeCluster,
  type ProbeResult,
  type DeploymentState,
  type PlatformStatus,
  type PlatformStatusOptions,
  type WebhookConfigState,
} from './status.js';
export {
  CA_OVERLAP_DAYS,
  CA_VALIDITY_DAYS,
  certificateFingerprint,
  checkAdmissionTls,
  chooseAdmissionTls,
  generateAdmissionTls,
  generateCa,
  issueServingCertificate,
  readAdmissionTls,
  RENEW_BEFORE_DAYS,
  SERVING_VALIDITY_DAYS,
  type KeyPairPem,
  type ServingNames,
  type TlsCheck,
  type TlsSource,
} from './tls.js';
export { renewAdmissionTls, tlsSummary, type TlsRenewal, type TlsSummary } from './tls-renewal.js';
export * from './resources.js';
export * from './project-access.js';
export { parsePublicEndpoint, type PublicEndpoint } from './public-endpoint.js';
export { renderIssuedKubeconfig, type IssuedKubeconfig } from './issued-kubeconfig.js';
export * from './workloads/index.js';
export * from './guardrails/index.js';
export {
  addQuantities,
  effectivePodRequest,
  effectivePodRequests,
  ZERO_QUANTITY,
  type ContainerRequestsLike,
  type PodRequestsSpecLike,
} from './pod-requests.js';
