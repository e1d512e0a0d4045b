/**
 * How the in-cluster processes (operator, admission) start: JSON log lines (info and debug on stdout,
 * warnings and errors on stderr), a bad configuration ends the process with exit code 2 and one
 * line saying why, and the connection is the ServiceAccount's in the cluster, else KUBEOP_KUBECONFIG.
 */
import type { KubeConnection } from './kubeconfig.js';
import { processConnection } from './in-cluster.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type ProcessLog = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A JSON line logger; `minLevel` is read on every line, so it can change once the configuration is known. */
export function jsonLog(minLevel: () => LogLevel = () => 'info'): ProcessLog {
  return (level, msg, fields = {}) => {
    if (RANK[level] < RANK[minLevel()]) return;
    const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
    if (level === 'info' || level === 'debug') console.log(line);
    else console.error(line);
  };
}

/**
 * Loads the configuration and the connection, or exits 2 naming what is wrong (`isConfigError`
 * tells a configuration error from a bug, which is rethrown).
 */
export function configureOrExit<C extends { kubeconfig: string | undefined; namespace: string | undefined }>(
  load: () => C,
  isConfigError: (e: unknown) => boolean,
  log: ProcessLog,
): { cfg: C; kc: KubeConnection; namespace: string } {
  let cfg: C;
  try {
    cfg = load();
  } catch (e) {
    if (!isConfigError(e)) throw e;
    log('error', `invalid configuration: ${(e as Error).message}`);
    process.exit(2);
  }
  const { kc, namespace } = processConnection(cfg.kubeconfig, cfg.namespace);
  if (!namespace) {
    log('error', 'invalid configuration: KUBEOP_NAMESPACE is required outside the cluster');
    process.exit(2);
  }
  return { cfg, kc, namespace };
}
