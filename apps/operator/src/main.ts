#!/usr/bin/env node
/**
 * kubeop-operator: reconciles Tenants, Projects and Apps. Configuration from KUBEOP_* variables
 * (config.ts); in the cluster it uses its ServiceAccount, else KUBEOP_KUBECONFIG.
 */
import { ConfigError, loadConfig } from './config.js';
import { processConnection } from '@kubeop/kube';
import { OperatorMetrics } from './metrics.js';
import { Operator } from './operator.js';
import { serveEndpoints } from './server.js';

declare const __KUBEOP_VERSION__: string;
const VERSION = typeof __KUBEOP_VERSION__ === 'string' ? __KUBEOP_VERSION__ : 'dev';

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  if (level === 'info') console.log(line);
  else console.error(line);
}

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      log('error', `invalid configuration: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const { kc, namespace } = processConnection(cfg.kubeconfig, cfg.namespace);
  if (!namespace) {
    log('error', 'invalid configuration: KUBEOP_NAMESPACE is required outside the cluster');
    process.exit(2);
  }
  const op = new Operator({
    kc,
    namespace,
    identity: cfg.identity,
    leaderElect: cfg.leaderElect,
    leaseName: cfg.leaseName,
    policyName: cfg.policyName,
    ...(cfg.selector ? { selector: cfg.selector } : {}),
    resyncMs: cfg.resyncMs,
    workers: cfg.workers,
    metrics: new OperatorMetrics(true),
    log,
    onLostLeadership: () => {
      // as client-go does: exit, and let the Deployment restart a clean standby
      log('error', 'lost leadership: exiting');
      process.exit(1);
    },
  });
  const endpoints = await serveEndpoints(op, cfg.healthAddr, cfg.metricsAddr);
  op.start();
  log('info', 'kubeop-operator started', {
    version: VERSION,
    identity: cfg.identity,
    namespace,
    leaderElect: cfg.leaderElect,
    lease: cfg.leaseName,
    health: `${cfg.healthAddr.host}:${endpoints.healthPort}`,
    metrics: `${cfg.metricsAddr.host}:${endpoints.metricsPort}`,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    void op
      .stop()
      .then(() => endpoints.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  log('error', 'fatal', { error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
