/**
 * pnpm stack up     the local Kubernetes control plane, the Manager on 127.0.0.1:18080 (PostgreSQL if
 *                   DATABASE_URL is set, embedded otherwise), the operator and the admission server
 *                   (local processes that start, each with its own ServiceAccount's token, once a
 *                   bootstrap has created that account; the admission server on 127.0.0.1:9443,
 *                   KUBEOP_STACK_ADMISSION_PORT, where the Manager registers the webhooks by URL),
 *                   in the background; prints the Manager URL, then the admin kubeconfig path as the
 *                   last line
 * pnpm stack down   stops everything `up` started
 * pnpm stack status what is running
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSupportedNode } from '../../../scripts/node-runtime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const stateDir = process.env.KUBEOP_STACK_STATE ?? join(homedir(), '.cache', 'kubeop', 'stack');
const statePath = join(stateDir, 'state.json');
const logPath = join(stateDir, 'manager.log');
const operatorLogPath = join(stateDir, 'operator.log');
const admissionLogPath = join(stateDir, 'admission.log');
const admissionPort = Number(process.env.KUBEOP_STACK_ADMISSION_PORT ?? 9443);
const err = (m: string): void => void process.stderr.write(`${m}\n`);
// The Manager below runs on this process's Node: 24, fetched once per machine if PATH has an older one.
await useSupportedNode({ log: err });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface StackState {
  managerPid: number;
  operatorPid?: number;
  admissionPid?: number;
  managerUrl: string;
  kubeconfigPath: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readState(): StackState | null {
  return existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as StackState) : null;
}

function pnpm(args: string[]): { status: number; stdout: string } {
  const r = spawnSync('pnpm', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '' };
}

function managerUrl(): string {
  const addr = process.env.KUBEOP_HTTP_ADDR ?? '127.0.0.1:18080';
  const m = /^(?:(.*):)?(\d+)$/.exec(addr);
  const host = !m?.[1] || m[1] === '0.0.0.0' ? 'localhost' : m[1];
  return `http://${host}:${m?.[2] ?? '18080'}`;
}

/** Starts a runner of tooling/stack/src in the background, in a process group of its own (`down` stops the group). */
function startRunner(script: string, args: string[], log: string): ChildProcess {
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tooling/stack/src', script), ...args], {
    cwd: join(root, 'tooling/stack'),
    detached: true,
    stdio: ['ignore', fd, fd],
    env: process.env,
  });
  closeSync(fd);
  child.unref();
  return child;
}

async function up(): Promise<number> {
  const cur = readState();
  if (cur && isAlive(cur.managerPid)) {
    err(`already running (Manager pid ${cur.managerPid})`);
    console.log(cur.managerUrl);
    console.log(cur.kubeconfigPath);
    return 0;
  }
  err('building the Manager …');
  const build = [
    'turbo',
    'run',
    'build',
    '--filter=@kubeop/manager...',
    '--filter=@kubeop/operator...',
    '--filter=@kubeop/admission...',
    '--output-logs=errors-only',
  ];
  if (pnpm(build).status !== 0) return 1;

  err('starting the local control plane …');
  const cluster = pnpm(['--silent', 'cluster', 'up']);
  const kubeconfigPath = cluster.stdout.trim().split('\n').pop() ?? '';
  if (cluster.status !== 0 || !existsSync(kubeconfigPath)) {
    err('the control plane did not start (see above)');
    return 1;
  }

  mkdirSync(stateDir, { recursive: true });
  const url = managerUrl();
  const fd = openSync(logPath, 'a');
  const child = spawn(process.execPath, [join(root, 'apps/manager/dist/main.js')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: {
      ...process.env,
      KUBEOP_HTTP_ADDR: process.env.KUBEOP_HTTP_ADDR ?? '127.0.0.1:18080',
      KUBECONFIG: kubeconfigPath,
      // the webhooks call the local admission server (admission-runner.ts) by URL …
      KUBEOP_ADMISSION_URL: process.env.KUBEOP_ADMISSION_URL ?? `https://127.0.0.1:${admissionPort}`,
      // … which starts only after the first bootstrap and stops with `stack down`: while it is not
      // there, a local stack must not refuse every Project and App (set Fail to try the real thing;
      // a running server's denials apply either way)
      KUBEOP_ADMISSION_FAILURE_POLICY: process.env.KUBEOP_ADMISSION_FAILURE_POLICY ?? 'Ignore',
    },
  });
  closeSync(fd);
  child.unref();
  const pid = child.pid!;

  // The operator and the admission server, each with a token of its own ServiceAccount once a
  // bootstrap has made it (the admission server also with the serving pair of its Secret).
  const systemNamespace = process.env.KUBEOP_SYSTEM_NAMESPACE ?? 'kubeop-system';
  const operator = startRunner('operator-runner.ts', [kubeconfigPath, systemNamespace, stateDir], operatorLogPath);
  const admission = startRunner(
    'admission-runner.ts',
    [kubeconfigPath, systemNamespace, stateDir, String(admissionPort)],
    admissionLogPath,
  );
  writeFileSync(
    statePath,
    JSON.stringify(
      { managerPid: pid, operatorPid: operator.pid!, admissionPid: admission.pid!, managerUrl: url, kubeconfigPath } satisfies StackState,
      null,
      2,
    ),
  );
  err(`starting the operator (pid ${operator.pid}, log ${operatorLogPath}; it waits for a bootstrap) …`);
  err(`starting the admission server (pid ${admission.pid}, log ${admissionLogPath}; it waits for a bootstrap) …`);
  err(`starting the Manager (pid ${pid}, log ${logPath}) …`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await sleep(250);
    if (!isAlive(pid)) {
      err(`the Manager exited:\n${readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n')}`);
      return 1;
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) {
        err('ready (stop with `pnpm stack down`)');
        console.log(url);
        console.log(kubeconfigPath);
        return 0;
      }
    } catch {
      /* not listening yet */
    }
  }
  err(`the Manager did not become ready; log: ${logPath}`);
  return 1;
}

async function down(): Promise<number> {
  const cur = readState();
  for (const [what, runner] of [
    ['operator', cur?.operatorPid],
    ['admission server', cur?.admissionPid],
  ] as const) {
    if (!runner || !isAlive(runner)) continue;
    // the runner's process group: the runner and the process it started
    process.kill(-runner, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (isAlive(runner) && Date.now() < deadline) await sleep(100);
    if (isAlive(runner)) process.kill(-runner, 'SIGKILL');
    err(`stopped the ${what} (pid ${runner})`);
  }
  if (cur && isAlive(cur.managerPid)) {
    process.kill(cur.managerPid, 'SIGTERM');
    const deadline = Date.now() + 25_000;
    while (isAlive(cur.managerPid) && Date.now() < deadline) await sleep(100);
    if (isAlive(cur.managerPid)) process.kill(cur.managerPid, 'SIGKILL');
    err(`stopped the Manager (pid ${cur.managerPid})`);
  }
  rmSync(statePath, { force: true });
  return pnpm(['--silent', 'cluster', 'down']).status;
}

function status(): number {
  const cur = readState();
  if (!cur || !isAlive(cur.managerPid)) {
    err('the stack is not running');
    return 1;
  }
  console.log(JSON.stringify(cur, null, 2));
  return 0;
}

const command = process.argv[2];
const run = command === 'up' ? up : command === 'down' ? down : command === 'status' ? async () => status() : null;
if (!run) {
  err('usage: pnpm stack up|down|status');
  process.exit(2);
}
run().then((code) => process.exit(code));
