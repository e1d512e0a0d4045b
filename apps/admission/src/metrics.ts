import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The admission server's metrics, on a registry of its own (tests run several servers in one process). */
export class AdmissionMetrics {
  readonly registry = new Registry();
  readonly decisions = new Counter({
    name: 'kubeop_admission_decisions_total',
    help: 'Admission decisions by webhook (validate, mutate), rule (none when allowed) and result (allowed, denied, error).',
    labelNames: ['webhook', 'rule', 'result'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'kubeop_admission_review_duration_seconds',
    help: 'Time from a review request arriving to its answer being written, by webhook.',
    labelNames: ['webhook'] as const,
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly policyKnown = new Gauge({
    name: 'kubeop_admission_policy_known',
    help: '1 once the Policy has been listed (until then every validation is denied).',
    registers: [this.registry],
  });
  readonly policyRevision = new Gauge({
    name: 'kubeop_admission_policy_revision',
    help: 'spec.revision of the Policy in force.',
    registers: [this.registry],
  });
  readonly tlsReloads = new Counter({
    name: 'kubeop_admission_tls_reloads_total',
    help: 'Serving certificate reloads from the files, by result (loaded, invalid).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly counted = new Map<string, { inc(): void }>();

  constructor(defaults = false) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one decision (the labelled child is made once: no label hashing per review). */
  decide(webhook: 'validate' | 'mutate', rule: string, result: 'allowed' | 'denied' | 'error'): void {
    const key = `${webhook}\u0000${rule}\u0000${result}`;
    let child = this.counted.get(key);
    if (!child) this.counted.set(key, (child = this.decisions.labels(webhook, rule, result)));
    child.inc();
  }
}
