import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The operator's metrics, on a registry of its own (several operators may share a process in tests). */
export class OperatorMetrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'kubeop_operator_reconcile_total',
    help: 'Reconciles by kind and result (success, error).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'kubeop_operator_reconcile_errors_total',
    help: 'Reconciles that failed (retried with backoff), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'kubeop_operator_reconcile_duration_seconds',
    help: 'Duration of one reconcile, by kind.',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'kubeop_operator_workqueue_depth',
    help: 'Keys waiting in the work queue, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'kubeop_operator_leader',
    help: '1 while this instance holds the leader-election Lease.',
    registers: [this.registry],
  });

  constructor(defaults = false) {
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }
}
