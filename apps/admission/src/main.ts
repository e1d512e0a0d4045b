#!/usr/bin/env node
/**
 * kubeop-admission: the TLS admission webhook. Flags `--port`, `--tls-cert-file`, `--tls-key-file`,
 * `--bind-address` and `KUBEOP_*` variables (config.ts); in the cluster it uses its ServiceAccount,
 * else KUBEOP_KUBECONFIG.
 */
import { configureOrExit, jsonLog } from '@kubeop/kube';
import { Admission } from './admission.js';
import { ConfigError, loadConfig, type LogLevel } from './config.js';
import { AdmissionMetrics } from './metrics.js';
import { serveAdmission } from './server.js';
import { readTlsPair, TlsFileWatcher } from './tls-files.js';

declare const __KUBEOP_VERSION__: string;
const VERSION = typeof __KUBEOP_VERSION__ === 'string' ? __KUBEOP_VERSION__ : 'dev';
let level: LogLevel = 'info';
const log = jsonLog(() => level);

async function main(): Promise<void> {
  const { cfg, kc, namespace } = configureOrExit(loadConfig, (e) => e instanceof ConfigError, log);
  level = cfg.logLevel;
  const tls = await readTlsPair(cfg.certFile, cfg.keyFile);
  const metrics = new AdmissionMetrics(true);
  const admission = new Admission({ kc, namespace, policyName: cfg.policyName, metrics, log });
  const server = await serveAdmission(admission, metrics, { host: cfg.host, port: cfg.port }, tls);
  const files = new TlsFileWatcher(
    cfg.certFile,
    cfg.keyFile,
    tls,
    (pair) => {
      server.setTls(pair);
      metrics.tlsReloads.inc({ result: 'loaded' });
      log('info', 'serving certificate reloaded', { certFile: cfg.certFile });
    },
    (e) => {
      metrics.tlsReloads.inc({ result: 'invalid' });
      log('warn', 'serving certificate files unusable; keeping the current pair', { error: e.message });
    },
    cfg.tlsReloadMs,
  );
  files.start();
  admission.start();
  log('info', 'kubeop-admission started', { version: VERSION, namespace, policy: cfg.policyName, address: `${cfg.host}:${server.port}` });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    files.stop();
    void Promise.all([admission.stop(), server.close()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  log('error', 'fatal', { error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
