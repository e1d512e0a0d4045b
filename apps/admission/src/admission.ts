/**
 * The webhook's brain: follows the Policy (list + watch, so a change applies within seconds) and the
 * tenant namespaces (label `app.kubeop.io/tenant`), looks up what Apps and Projects need, and turns
 * the pure rules of @kubeop/kube into AdmissionReview answers. Until the Policy has been listed every
 * validation is denied (fail closed) and `ready()` is false.
 */
import {
  appLabelPatch,
  CRD_API_VERSION,
  denialMessage,
  describeObject,
  effectivePolicy,
  evaluateAdmission,
  getObject,
  Informer,
  lookupsFor,
  operatorUsername,
  TENANT_LABEL,
  type AdmissionRequest,
  type KubeConnection,
  type LiveObject,
  type NamespaceFacts,
  type PlatformPolicy,
  type PolicySpec,
  type RuleContext,
  type Violation,
} from '@kubeop/kube';
import type { AdmissionMetrics } from './metrics.js';
import { allow, deny, type AdmissionReviewOut } from './review.js';

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface AdmissionOptions {
  kc: KubeConnection;
  /** The platform's namespace: names the operator's ServiceAccount (privileged for managed objects). */
  namespace: string;
  /** The Policy object followed (default `default`). */
  policyName: string;
  metrics: AdmissionMetrics;
  log: Log;
  /** Server-side watch timeout, seconds (tests shorten it). */
  watchTimeoutSeconds?: number;
}

type PolicyObject = LiveObject & { spec?: PolicySpec };
type NamespaceObject = LiveObject & { metadata: { labels?: Record<string, string> } };

export class Admission {
  private readonly policies: Informer<PolicyObject>;
  private readonly namespaces: Informer<NamespaceObject>;
  private readonly operator: string;
  private current: PlatformPolicy | null = null;

  constructor(private readonly opts: AdmissionOptions) {
    this.operator = operatorUsername(opts.namespace);
    const onError = (what: string) => (e: unknown) => opts.log('warn', `${what} watch failed; retrying`, { error: (e as Error).message });
    const watch = opts.watchTimeoutSeconds ? { watchTimeoutSeconds: opts.watchTimeoutSeconds } : {};
    this.policies = new Informer<PolicyObject>(opts.kc, {
      path: `/apis/${CRD_API_VERSION}/policies`,
      fieldSelector: `metadata.name=${opts.policyName}`,
      resyncMs: 0,
      onError: onError('Policy'),
      ...watch,
    });
    this.namespaces = new Informer<NamespaceObject>(opts.kc, {
      path: '/api/v1/namespaces',
      labelSelector: TENANT_LABEL,
      resyncMs: 0,
      onError: onError('Namespace'),
      ...watch,
    });
    const refresh = () => this.refreshPolicy();
    this.policies.on({ add: refresh, update: refresh, delete: refresh });
  }

  start(): void {
    this.policies.start();
    this.namespaces.start();
    void this.policies.synced.then(() => this.refreshPolicy());
  }

  async stop(): Promise<void> {
    await Promise.all([this.policies.stop(), this.namespaces.stop()]);
  }

  /** Ready once the Policy and the tenant namespaces have been listed. */
  ready(): boolean {
    return this.current !== null && this.namespaces.hasSynced();
  }

  /** The policy in force (null until listed). A missing Policy object means the defaults, as for the operator. */
  policy(): PlatformPolicy | null {
    return this.current;
  }

  private refreshPolicy(): void {
    if (!this.policies.hasSynced()) return;
    const obj = this.policies.get(this.opts.policyName);
    const next = effectivePolicy(obj?.spec ?? null);
    const first = this.current === null;
    this.current = next;
    this.opts.metrics.policyKnown.set(1);
    this.opts.metrics.policyRevision.set(next.revision);
    this.opts.log('info', first ? 'policy loaded' : 'policy changed', {
      policy: this.opts.policyName,
      exists: obj !== undefined,
      revision: next.revision,
      imageAllowlist: next.imageAllowlist.length,
      egressBaseline: next.egressBaseline.length,
    });
  }

  /** Whether `name` is a tenant namespace: the watch cache, else (just created or labelled) a GET. */
  private async namespaceFacts(name: string): Promise<NamespaceFacts | null> {
    const cached = this.namespaces.get(name);
    if (cached) return { name, labels: cached.metadata.labels ?? {} };
    const live = await getObject<NamespaceObject>(this.opts.kc, { apiVersion: 'v1', kind: 'Namespace', name }, { timeoutMs: 3000 });
    return live ? { name, labels: live.metadata.labels ?? {} } : null;
  }

  /** `/validate`: the decision on one request. */
  async validate(req: AdmissionRequest): Promise<AdmissionReviewOut> {
    const object = describeObject(req.kind.kind, req.namespace, req.name ?? nameOf(req.object) ?? nameOf(req.oldObject));
    const policy = this.current;
    if (!policy) {
      this.count('policy-unknown', 'denied');
      return deny(req.uid, `${object}: kubeOP admission has not read the platform Policy yet (fail closed); retry in a few seconds`, 503);
    }
    const ctx: RuleContext = { policy, tenantNamespace: false, operator: this.operator };
    let violations: Violation[];
    try {
      if (req.namespace) {
        const facts = await this.namespaceFacts(req.namespace);
        ctx.tenantNamespace = facts?.labels[TENANT_LABEL] !== undefined;
        if (lookupsFor(req).namespace) ctx.namespace = facts;
      }
      const tenant = lookupsFor(req).tenant;
      if (tenant !== null) {
        ctx.tenantExists =
          (await getObject(this.opts.kc, { apiVersion: CRD_API_VERSION, kind: 'Tenant', name: tenant }, { timeoutMs: 3000 })) !== null;
      }
      violations = evaluateAdmission(req, ctx);
    } catch (e) {
      this.count('lookup', 'error');
      this.opts.log('warn', 'lookup failed; denying', { object, error: (e as Error).message });
      return deny(req.uid, `${object}: kubeOP admission could not check the request (${(e as Error).message}); retry`, 503);
    }
    if (violations.length === 0) {
      this.count('none', 'allowed');
      this.opts.log('debug', 'allowed', { object, operation: req.operation, user: req.userInfo.username });
      return allow(req.uid);
    }
    for (const rule of new Set(violations.map((v) => v.rule))) this.count(rule, 'denied');
    const message = denialMessage(object, violations);
    this.opts.log('info', 'denied', { object, operation: req.operation, user: req.userInfo.username, reason: message });
    return deny(req.uid, message);
  }

  /** `/mutate`: labels Apps (`app.kubeop.io/managed-by=kubeop-admission`); everything else passes unchanged. */
  mutate(req: AdmissionRequest): AdmissionReviewOut {
    const patch = appLabelPatch(req);
    this.opts.metrics.decide('mutate', patch ? 'app-label' : 'none', 'allowed');
    this.opts.log('debug', 'mutated', { kind: req.kind.kind, namespace: req.namespace, name: req.name, patched: patch !== null });
    return allow(req.uid, patch);
  }

  private count(rule: string, result: 'allowed' | 'denied' | 'error'): void {
    this.opts.metrics.decide('validate', rule, result);
  }
}

function nameOf(o: unknown): string | undefined {
  const meta = typeof o === 'object' && o !== null ? (o as { metadata?: { name?: unknown; generateName?: unknown } }).metadata : undefined;
  if (typeof meta?.name === 'string' && meta.name) return meta.name;
  return typeof meta?.generateName === 'string' && meta.generateName ? `${meta.generateName}*` : undefined;
}
