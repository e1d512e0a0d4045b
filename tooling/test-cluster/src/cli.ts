/**
 * pnpm cluster build       build (or find cached) kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok
 * pnpm cluster up          start a control plane in the background; last line of output = admin kubeconfig path
 * pnpm cluster kubeconfig  print the admin kubeconfig path of the running plane
 * pnpm cluster status      print the state (pids, RSS, url)
 * pnpm cluster down        stop it
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBinaries } from './build.js';
import { isAlive, rssOf, signalGroup, tail } from './process.js';
import { type ClusterState, daemonLogPath, readState, stableKubeconfigPath, statePath } from './state.js';
import { packageDir, stateDir } from './versions.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const err = (m: string): void => void process.stderr.write(`${m}\n`);

function running(): ClusterState | undefined {
  const s = readState();
  return s && isAlive(s.daemonPid) ? s : undefined;
}

async function up(): Promise<number> {
  const cur = running();
  if (cur?.status === 'ready' && cur.kubeconfigPath) {
    err(`already running: ${cur.apiServerUrl} (daemon pid ${cur.daemonPid})`);
    console.log(cur.kubeconfigPath);
    return 0;
  }
  if (cur) {
    err(`a control plane daemon (pid ${cur.daemonPid}) is ${cur.status}; run \`pnpm cluster down\` first`);
    return 1;
  }
  await ensureBinaries();
  mkdirSync(stateDir(), { recursive: true });
  rmSync(statePath(), { force: true });
  const fd = openSync(daemonLogPath(), 'w');
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(packageDir, 'src', 'daemon.ts')], {
    cwd: packageDir,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the control plane daemon');
  err(`starting control plane (daemon pid ${pid}, log ${daemonLogPath()}) …`);
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    await sleep(250);
    const s = readState();
    if (s?.daemonPid === pid && s.status === 'ready' && s.kubeconfigPath) {
      err(`ready in ${((s.readyAfterMs ?? 0) / 1000).toFixed(1)}s: ${s.apiServerUrl} (stop with \`pnpm cluster down\`)`);
      console.log(s.kubeconfigPath);
      return 0;
    }
    if ((s?.daemonPid === pid && s.status === 'failed') || !isAlive(pid)) {
      err(`control plane failed to start:\n${tail(daemonLogPath(), 80)}`);
      return 1;
    }
  }
  err(`timed out waiting for the control plane; log: ${daemonLogPath()}`);
  signalGroup(pid, 'SIGTERM');
  return 1;
}

async function down(): Promise<number> {
  const s = readState();
  if (!s) {
    err('no control plane is running');
    return 0;
  }
  if (isAlive(s.daemonPid)) {
    process.kill(s.daemonPid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(s.daemonPid) && Date.now() < deadline) await sleep(100);
    if (isAlive(s.daemonPid)) signalGroup(s.daemonPid, 'SIGKILL');
  }
  // belt and braces: components whose command line still points at the plane's dir
  for (const pid of Object.values(s.pids ?? {})) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (s.dir && cmd.includes(s.dir)) signalGroup(pid, 'SIGKILL');
  }
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
  rmSync(statePath(), { force: true });
  rmSync(stableKubeconfigPath(), { force: true });
  err('stopped');
  return 0;
}

function kubeconfig(): number {
  const s = running();
  if (!s || s.status !== 'ready' || !s.kubeconfigPath) {
    err('no control plane is running: start one with `pnpm cluster up`');
    return 1;
  }
  console.log(s.kubeconfigPath);
  return 0;
}

function status(): number {
  const s = readState();
  if (!s) {
    err('no control plane is running');
    return 1;
  }
  const alive = isAlive(s.daemonPid);
  const components = Object.fromEntries(
    Object.entries(s.pids ?? {}).map(([n, pid]) => [n, { pid, alive: isAlive(pid), rssMiB: Math.round(rssOf(pid) / 2 ** 20) }]),
  );
  const totalRssMiB = Object.values(components).reduce((a, c) => a + c.rssMiB, 0);
  console.log(JSON.stringify({ ...s, daemonAlive: alive, components, totalRssMiB }, null, 2));
  return alive ? 0 : 1;
}

const cmd = process.argv[2];
const commands: Record<string, () => number | Promise<number>> = {
  build: async () => {
    console.log(await ensureBinaries());
    return 0;
  },
  up,
  down,
  kubeconfig,
  status,
};
const run = cmd ? commands[cmd] : undefined;
if (!run) {
  err('usage: pnpm cluster <build|up|down|kubeconfig|status>');
  process.exit(2);
}
try {
  process.exit(await run());
} catch (e) {
  err(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
