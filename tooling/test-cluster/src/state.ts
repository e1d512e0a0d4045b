import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './versions.js';

export interface ClusterState {
  status: 'starting' | 'ready' | 'failed' | 'degraded';
  daemonPid: number;
  /** Stable copy of the admin kubeconfig: `<stateDir>/kubeconfig`. */
  kubeconfigPath?: string;
  apiServerUrl?: string;
  /** Temp dir of the running plane (logs under `<dir>/logs`). */
  dir?: string;
  pids?: Record<string, number>;
  startedAt: string;
  readyAfterMs?: number;
  error?: string;
}

export const statePath = (): string => join(stateDir(), 'state.json');
export const stableKubeconfigPath = (): string => join(stateDir(), 'kubeconfig');
export const daemonLogPath = (): string => join(stateDir(), 'daemon.log');

export function readState(): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

export function writeState(s: ClusterState): void {
  mkdirSync(stateDir(), { recursive: true });
  const tmp = `${statePath()}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
  renameSync(tmp, statePath());
}
