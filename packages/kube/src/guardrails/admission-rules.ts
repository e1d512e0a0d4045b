/**
 * The admission webhook's decisions as one pure function: an AdmissionReview request plus the facts
 * the server looked up (the policy, whether the namespace is a tenant's, the App's namespace, the
 * Project's tenant) in, the violations out. Which rule runs on what:
 *
 * | object | rules |
 * |---|---|
 * | Pod (and `pods/ephemeralcontainers`), Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob | (a) image allowlist; (d) baseline pod security in tenant namespaces |
 * | App | (a) `spec.image`; namespace owned by the App's project |
 * | Project | tenant exists; namespace name of the project's shape |
 * | NetworkPolicy | (b) egress ipBlocks inside the baseline (tenant namespaces); (e) managed ones are the operator's |
 * | ResourceQuota | (c) at most quotaMax; (e) managed ones are the operator's |
 *
 * An UPDATE is judged on what it changes: a violation the old object already had (same field, same
 * reason) is not held against it, so objects admitted under an earlier policy can still be
 * relabelled, scaled or have finalizers removed. DELETE runs only rule (e).
 */
import { CRD_GROUP } from '../manifests/crds.js';
import type { PlatformPolicy } from '../workloads/policy.js';
import { egressBaselineViolations } from './egress-baseline.js';
import { imageRefusal } from './image-allowlist.js';
import { managedObjectViolations, type Requester } from './managed-objects.js';
import { podSecurityViolations } from './pod-security.js';
import { containersOf, isRecord, podSpecOf, POD_SPEC_KINDS } from './pod-specs.js';
import { quotaMaxViolations } from './quota-max.js';
import { appNamespaceViolations, projectTenantViolations, type NamespaceFacts } from './tenant-objects.js';
import type { Violation } from './violations.js';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The `request` of an `admission.k8s.io/v1` AdmissionReview (the fields the rules read). */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo: { username?: string; groups?: string[] };
  object?: unknown;
  oldObject?: unknown;
  dryRun?: boolean;
}

export interface RuleContext {
  policy: PlatformPolicy;
  /** The request's namespace carries the tenant label (`app.kubeop.io/tenant`). */
  tenantNamespace: boolean;
  /** Username of the operator's ServiceAccount (operatorUsername()). */
  operator: string;
  /** For Apps: the namespace (null when it does not exist). */
  namespace?: NamespaceFacts | null;
  /** For Projects: whether the Tenant named by `spec.tenantRef` exists. */
  tenantExists?: boolean;
}

const WORKLOAD_GROUPS = new Set(['', 'apps', 'batch']);

/** What the server must look up before evaluate(): the App's namespace or the Project's tenant. */
export function lookupsFor(req: AdmissionRequest): { namespace: boolean; tenant: string | null } {
  if (req.kind.group !== CRD_GROUP || req.operation === 'DELETE') return { namespace: false, tenant: null };
  if (req.kind.kind === 'App') return { namespace: true, tenant: null };
  if (req.kind.kind === 'Project') {
    const ref = isRecord(req.object) && isRecord(req.object.spec) ? req.object.spec.tenantRef : undefined;
    return { namespace: false, tenant: typeof ref === 'string' && ref !== '' ? ref : null };
  }
  return { namespace: false, tenant: null };
}

/** The content rules for one version of the object. */
function objectViolations(req: AdmissionRequest, object: unknown, ctx: RuleContext): Violation[] {
  const { group, kind } = req.kind;
  const out: Violation[] = [];
  if (WORKLOAD_GROUPS.has(group) && POD_SPEC_KINDS.includes(kind)) {
    const found = podSpecOf(kind, object);
    if (!found) return out;
    for (const { path, container } of containersOf(found)) {
      const refusal = imageRefusal(container.image, ctx.policy.imageAllowlist);
      // a missing image is the API server's to refuse (ephemeral containers, templates): only judge given ones
      if (refusal && container.image !== undefined) {
        out.push({ rule: 'image-allowlist', path: `${path}.image`, message: refusal, value: String(container.image) });
      }
    }
    if (ctx.tenantNamespace) out.push(...podSecurityViolations(found));
    return out;
  }
  if (group === 'networking.k8s.io' && kind === 'NetworkPolicy') {
    return ctx.tenantNamespace ? egressBaselineViolations(object, ctx.policy.egressBaseline) : out;
  }
  if (group === '' && kind === 'ResourceQuota') return quotaMaxViolations(object, ctx.policy.quotaMax);
  if (group === CRD_GROUP && kind === 'App') {
    const image = isRecord(object) && isRecord(object.spec) ? object.spec.image : undefined;
    if (image !== undefined) {
      const refusal = imageRefusal(image, ctx.policy.imageAllowlist);
      if (refusal) out.push({ rule: 'image-allowlist', path: 'spec.image', message: refusal, value: String(image) });
    }
    if (ctx.namespace !== undefined) out.push(...appNamespaceViolations(object, req.namespace ?? '', ctx.namespace));
    return out;
  }
  if (group === CRD_GROUP && kind === 'Project') return projectTenantViolations(object, ctx.tenantExists ?? false);
  return out;
}

const key = (v: Violation): string => `${v.rule}\u0000${v.path}\u0000${v.message}\u0000${v.value ?? ''}`;

/** Every violation of the request (empty: allowed). */
export function evaluateAdmission(req: AdmissionRequest, ctx: RuleContext): Violation[] {
  const user: Requester = { username: req.userInfo.username ?? '', groups: req.userInfo.groups ?? [] };
  const guarded = (req.kind.group === '' && req.kind.kind === 'ResourceQuota') || req.kind.kind === 'NetworkPolicy';
  const managed = guarded ? managedObjectViolations(req.operation, req.oldObject, req.object, user, ctx.operator) : [];
  if (req.operation === 'DELETE' || req.operation === 'CONNECT') return managed;
  const now = objectViolations(req, req.object, ctx);
  if (req.operation !== 'UPDATE' || req.oldObject === undefined || req.oldObject === null) return [...managed, ...now];
  const before = new Set(objectViolations(req, req.oldObject, ctx).map(key));
  return [...managed, ...now.filter((v) => !before.has(key(v)))];
}

/** A JSON Patch operation (RFC 6902), as the mutating webhook returns them. */
export interface JsonPatchOperation {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}

/** The label `/mutate` puts on every App (upstream: `app.kubeop.io/managed-by=kubeop-admission`). */
export const APP_MANAGED_BY_LABEL = 'app.kubeop.io/managed-by';
export const APP_MANAGED_BY_VALUE = 'kubeop-admission';

/** The patch that labels an App, or null when it already carries the label (or is not an App). */
export function appLabelPatch(req: AdmissionRequest): JsonPatchOperation[] | null {
  if (req.kind.group !== CRD_GROUP || req.kind.kind !== 'App' || req.operation === 'DELETE') return null;
  const meta = isRecord(req.object) && isRecord(req.object.metadata) ? req.object.metadata : null;
  if (!meta) return null;
  if (!isRecord(meta.labels)) return [{ op: 'add', path: '/metadata/labels', value: { [APP_MANAGED_BY_LABEL]: APP_MANAGED_BY_VALUE } }];
  if (meta.labels[APP_MANAGED_BY_LABEL] === APP_MANAGED_BY_VALUE) return null;
  const op = meta.labels[APP_MANAGED_BY_LABEL] === undefined ? 'add' : 'replace';
  return [{ op, path: `/metadata/labels/${APP_MANAGED_BY_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: APP_MANAGED_BY_VALUE }];
}
