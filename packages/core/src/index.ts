/**
 * kubeOP's services: tenants, projects, apps, the cluster registry, bootstrap jobs, envelope
 * encryption and the audit trail, on top of `@kubeop/db` (schema, migrations, connections) and
 * `@kubeop/kube` (everything Kubernetes-side). Re-exports what the API layer uses of both.
 */
export * from '@kubeop/kube/domain';
export * from './ids.js';
export * from './pagination.js';
export * from './audit.js';
export * from './tenants.js';
export * from './projects.js';
export * from './apps.js';
export * from './issued-tokens.js';
export * from './clusters.js';
export * from './kubeconfigs.js';
export * from './bootstrap-jobs.js';
export * from './job-queue.js';
export * from './metering.js';
export * from './sync-jobs.js';
export * from './policies.js';
export { assertImageAllowed, imageRefusal, type ImageOwner } from './image-policy.js';
export type { OutboxKind, SyncKind, SyncOp } from './sync-outbox.js';
export * as kms from './kms/index.js';
export { Keyring, KmsConfigError, parseKeyring, loadOrCreateDevKeyring } from './kms/index.js';
export * as platform from '@kubeop/kube';
export { openDatabase, migrateToLatest, type DatabaseHandle, type DatabaseOptions, type MigrationReport } from '@kubeop/db';
export { isConnectionFailure } from './pg-errors.js';
export type { BootstrapState, ClusterOptionsJson, Database, PolicyScope } from '@kubeop/db';
export * from './sync-status.js';
export * from './app-status.js';
export * from './money.js';
export * from './rates.js';
export * from './usage.js';
export * from './invoices.js';
