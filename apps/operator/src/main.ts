#!/usr/bin/env node
/**
 * kubeop-operator: reconciles Tenants, Projects and Apps. Configuration from KUBEOP_* variables
 * (config.ts); in the cluster it uses its ServiceAccount, else KUBEOP_KUBECONFIG.
 */
import { ConfigError, loadConfig } from './config.js';
import { configureOrExit, jsonLog } from '@kubeop/kube';
import { OperatorMetrics } from './metrics.js';
import { Operator } from './operator.js';
import { serveEndpoints } from './server.js';

declare const __KUBEOP_VERSION__: string;
const VERSION = typeof __KUBEOP_VERSION__ === 'string' ? __KUBEOP_VERSION__ : 'dev';

const log = jsonLog();

async function main(): Promise<void> {
  const { cfg, kc, namespace } = configureOrExit(loadConfig, (e) => e instanceof ConfigError, log);
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
