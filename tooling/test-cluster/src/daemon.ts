/** Background process behind `pnpm cluster up`: runs start(), publishes the state file, stops on SIGTERM. */
import { copyFileSync, rmSync } from 'node:fs';
import { start } from './control-plane.js';
import { isAlive } from './process.js';
import { readState, stableKubeconfigPath, statePath, writeState } from './state.js';

const startedAt = new Date().toISOString();
const stamp = (m: string): void => void process.stdout.write(`${new Date().toISOString()} ${m}\n`);
writeState({ status: 'starting', daemonPid: process.pid, startedAt });

try {
  const plane = await start({ log: stamp });
  const kubeconfigPath = stableKubeconfigPath();
  copyFileSync(plane.kubeconfigPath, kubeconfigPath);
  writeState({
    status: 'ready',
    daemonPid: process.pid,
    kubeconfigPath,
    apiServerUrl: plane.apiServerUrl,
    dir: plane.dir,
    pids: plane.pids,
    startedAt,
    readyAfterMs: plane.timings.ready ?? 0,
  });
  stamp(`ready: ${plane.apiServerUrl} kubeconfig ${kubeconfigPath}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    stamp(`${signal}: stopping`);
    void plane.stop().finally(() => {
      if (readState()?.daemonPid === process.pid) {
        rmSync(statePath(), { force: true });
        rmSync(stableKubeconfigPath(), { force: true });
      }
      stamp('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  // keep running; flag the state when a component dies
  setInterval(() => {
    const dead = Object.entries(plane.pids).filter(([, pid]) => !isAlive(pid));
    const s = readState();
    if (dead.length && s?.status === 'ready' && s.daemonPid === process.pid) {
      stamp(`component(s) died: ${dead.map(([n]) => n).join(', ')}`);
      writeState({ ...s, status: 'degraded', error: `died: ${dead.map(([n]) => n).join(', ')}` });
    }
  }, 5_000);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  stamp(message);
  writeState({ status: 'failed', daemonPid: process.pid, startedAt, error: message });
  process.exit(1);
}
