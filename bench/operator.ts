/**
 * Operator benchmark: on a fresh local control plane, N apps (default 1,000 across 50 projects)
 * created through the API of the built Manager, with the built operator running as a local process
 * (with a token of its own ServiceAccount, as `pnpm stack` runs it). Measures the time until every
 * Deployment exists and until every app is Ready in the API (its live `status`), the operator's
 * reconciles per second (from its /metrics) and its resident memory. In the same run, the floor: the
 * time kube-controller-manager needs to bring the same number of Deployments (same pod template) to
 * Available when they are created directly, without kubeOP.
 *
 *   npm run bench -- operator
 *   BENCH_APPS=200 BENCH_PROJECTS=10 npm run bench -- operator     (a smaller run)
 *   BENCH_CONCURRENCY=16 (API creates in flight), BENCH_OPERATOR_WORKERS=2 (per kind), BENCH_TIMEOUT_S=1800
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { platform } from '@kubeop/core';
import { ensureBinaries, freePorts, start, waitFor, type ControlPlane } from '@kubeop/test-cluster';
import { admin, serverUrl, withDb } from './postgres.js';
import { rssMb } from './proc.js';
import { writeResult } from './results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = positive('BENCH_APPS', 1000);
const PROJECTS = Math.min(positive('BENCH_PROJECTS', 50), APPS);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 16);
const WORKERS = positive('BENCH_OPERATOR_WORKERS', 2);
const TIMEOUT_MS = positive('BENCH_TIMEOUT_S', 1800) * 1000;
const SYSTEM = 'kubeop-system';
const IMAGE = 'docker.io/library/nginx:1.25';

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** Peak RSS of a process, sampled every 500 ms until stopped. */
function rssPeak(pid: number): { stop(): number } {
  let peak = rssMb(pid);
  const t = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 500);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, rssMb(pid));
    },
  };
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `fn` over `items` with at most `limit` in flight; the first failure fails the whole. */
async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface DeploymentItem {
  metadata: { name: string; namespace: string };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/** Every object of a collection matching `labelSelector`, across namespaces (paginated). */
async function listAll<T>(kc: platform.KubeConnection, path: string, labelSelector: string): Promise<T[]> {
  const out: T[] = [];
  let cont: string | undefined;
  do {
    const page = await platform.kubeRequest<{ items: T[]; metadata: { continue?: string } }>(kc, {
      method: 'GET',
      path,
      query: { labelSelector, limit: 500, continue: cont },
      timeoutMs: 60_000,
    });
    out.push(...page.items);
    cont = page.metadata.continue || undefined;
  } while (cont);
  return out;
}

const listDeployments = (kc: platform.KubeConnection, labelSelector: string) =>
  listAll<DeploymentItem>(kc, '/apis/apps/v1/deployments', labelSelector);

const isAvailable = (d: DeploymentItem) => d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;

/** Sum of a counter's samples whose labels contain `match`, from a Prometheus text page. */
function counter(text: string, name: string, match: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && line.includes(match)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function waitReady(url: string, what: string, child: ChildProcess): Promise<void> {
  await waitFor(
    what,
    async () => {
      if (child.exitCode !== null) throw new Error(`${what}: the process exited with ${child.exitCode}`);
      return (await fetch(url).catch(() => null))?.ok ?? false;
    },
    120_000,
    100,
  );
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  return exited;
}

/** Polls `probe` every `intervalMs` until it reports `done`; returns the ms since `t0`. */
async function until(what: string, t0: number, intervalMs: number, probe: () => Promise<{ done: boolean; progress: string }>) {
  let last = '';
  for (;;) {
    const { done, progress } = await probe();
    if (done) return Date.now() - t0;
    if (progress !== last) process.stdout.write(`  ${what}: ${progress} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    last = progress;
    if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`${what}: not done after ${TIMEOUT_MS / 1000} s (${progress})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const db = `kubeop_bench_op_${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'kubeop-bench-operator-'));
  let plane: ControlPlane | undefined;
  let manager: ChildProcess | undefined;
  let operator: ChildProcess | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await stopChild(operator);
      await stopChild(manager);
      await plane?.stop();
      rmSync(work, { recursive: true, force: true });
      await admin(`drop database if exists ${db} with (force)`);
    })());
  // stopped early (Ctrl-C): the processes, the control plane and the database go too
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  await admin(`create database ${db}`);
  try {
    // enough simulated capacity for the apps, a surge pod each, and the floor's Deployments
    const perNode = Math.max(110, Math.ceil((APPS * 2 + PROJECTS) / 4) + 50);
    const nodes = Array.from({ length: 4 }, (_, i) => ({
      name: `kwok-node-${i}`,
      capacity: { cpu: String(perNode), memory: `${perNode}Gi`, pods: String(perNode) },
    }));
    plane = await start({ binDir: await ensureBinaries(), nodes });
    const kc = platform.parseKubeconfig(plane.kubeconfig).connection;
    const [port, metricsPort, healthPort] = await freePorts(3);
    const base = `http://127.0.0.1:${port}`;

    manager = spawn(process.execPath, [join(root, 'apps/manager/dist/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: withDb(serverUrl, db),
        KUBEOP_HTTP_ADDR: `127.0.0.1:${port}`,
        KUBEOP_KMS_MASTER_KEY: randomBytes(32).toString('base64'),
        KUBEOP_SYSTEM_NAMESPACE: SYSTEM,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitReady(`${base}/readyz`, 'the Manager to be ready', manager);
    const cluster = await api<{ id: string }>(base, 'POST', '/v1/clusters', {
      name: 'bench',
      kubeconfig: Buffer.from(plane.kubeconfig).toString('base64'),
      autoBootstrap: true,
      installAdmission: false,
    });
    await waitFor(
      'bootstrap',
      async () => {
        const c = await api<{ bootstrap: { state: string; error: string | null } }>(base, 'GET', `/v1/clusters/${cluster.id}`);
        if (c.bootstrap.state === 'failed') throw new Error(`bootstrap failed: ${c.bootstrap.error}`);
        return c.bootstrap.state === 'succeeded';
      },
      300_000,
    );

    // the operator: a local process with a token of its own ServiceAccount
    const names = platform.platformNames(SYSTEM);
    const token = await platform.serviceAccountToken(kc, { namespace: SYSTEM, name: names.operator }, 24 * 3600);
    const kubeconfigPath = join(work, 'operator.kubeconfig');
    const own = platform.renderKubeconfig({ server: kc.server, insecureSkipTlsVerify: false, token, ...(kc.ca ? { ca: kc.ca } : {}) });
    writeFileSync(kubeconfigPath, JSON.stringify(own), { mode: 0o600 });
    operator = spawn(process.execPath, [join(root, 'apps/operator/dist/main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        KUBEOP_KUBECONFIG: kubeconfigPath,
        KUBEOP_NAMESPACE: SYSTEM,
        KUBEOP_LEADER_ELECTION_LEASE: names.leaderElectionLease,
        KUBEOP_METRICS_ADDR: `127.0.0.1:${metricsPort}`,
        KUBEOP_HEALTH_ADDR: `127.0.0.1:${healthPort}`,
        KUBEOP_WORKERS: String(WORKERS),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${healthPort}/readyz`, 'the operator to be ready', operator);
    const metrics = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();

    // tenant and projects first: an app waits for its project's namespace (made by the operator)
    const tenant = await api<{ id: string }>(base, 'POST', '/v1/tenants', { name: 'bench', clusterID: cluster.id });
    const projects: Array<{ id: string; namespace: string }> = [];
    for (let i = 0; i < PROJECTS; i++) projects.push(await api(base, 'POST', '/v1/projects', { tenantID: tenant.id, name: `p${i}` }));
    await waitFor(
      'every project namespace',
      async () => {
        const ns = await platform.kubeRequest<{ items: unknown[] }>(kc, {
          method: 'GET',
          path: '/api/v1/namespaces',
          query: { labelSelector: platform.PROJECT_LABEL },
        });
        return ns.items.length >= PROJECTS;
      },
      600_000,
      500,
    );

    console.log(`\ncreating ${APPS} apps in ${PROJECTS} projects through the API (${CONCURRENCY} in flight)`);
    const opRss = rssPeak(operator.pid!);
    const mgrRss = rssPeak(manager.pid!);
    const reconcilesBefore = counter(await metrics(), 'kubeop_operator_reconcile_total', 'kind="app"');
    const t0 = Date.now();
    const appIndex = Array.from({ length: APPS }, (_, i) => i);
    await inParallel(appIndex, CONCURRENCY, async (i) => {
      await api(base, 'POST', '/v1/apps', { projectID: projects[i % PROJECTS]!.id, name: `app-${i}`, image: IMAGE });
    });
    const createdMs = Date.now() - t0;
    // the Manager's part: every App resource applied to the cluster (sync outbox)
    const resourcesMs = await until('App resources', t0, 1000, async () => {
      const n = (await listAll(kc, `/apis/${platform.CRD_API_VERSION}/apps`, platform.APP_LABEL)).length;
      return { done: n >= APPS, progress: `${n}/${APPS}` };
    });
    const deploymentsMs = await until('Deployments', t0, 1000, async () => {
      const n = (await listDeployments(kc, platform.APP_LABEL)).length;
      return { done: n >= APPS, progress: `${n}/${APPS}` };
    });
    const readyMs = await until('Ready in the API', t0, 1000, async () => {
      let ready = 0;
      for (const p of projects) {
        const page = await api<Array<{ status: { ready: boolean } | null }>>(base, 'GET', `/v1/apps?projectID=${p.id}&limit=500`);
        ready += page.filter((a) => a.status?.ready).length;
      }
      return { done: ready >= APPS, progress: `${ready}/${APPS}` };
    });
    const reconciles = counter(await metrics(), 'kubeop_operator_reconcile_total', 'kind="app"') - reconcilesBefore;
    const reconcileErrors = counter(await metrics(), 'kubeop_operator_reconcile_errors_total', 'kind="app"');
    const operatorPeakMb = opRss.stop();
    const managerPeakMb = mgrRss.stop();
    const operatorRssMb = rssMb(operator.pid!);
    const managerRssMb = rssMb(manager.pid!);

    const s = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `\nkubeOP operator benchmark: ${APPS} apps in ${PROJECTS} projects, local control plane (KWOK nodes), ${WORKERS} workers per kind\n`,
    );
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| ${APPS} POST /v1/apps (${CONCURRENCY} in flight) | ${s(createdMs)} s |`);
    console.log(`| first POST to every App resource on the cluster (Manager sync) | ${s(resourcesMs)} s |`);
    console.log(`| first POST to every Deployment existing | ${s(deploymentsMs)} s |`);
    console.log(`| first POST to every app Ready in the API | ${s(readyMs)} s |`);
    console.log(`| app reconciles (errors) | ${reconciles} (${reconcileErrors}) |`);
    console.log(`| app reconciles/s (until all Ready) | ${(reconciles / (readyMs / 1000)).toFixed(1)} |`);
    console.log(`| operator RSS: peak / at the end | ${operatorPeakMb.toFixed(0)} / ${operatorRssMb.toFixed(0)} MB |`);
    console.log(`| Manager RSS: peak / at the end | ${managerPeakMb.toFixed(0)} / ${managerRssMb.toFixed(0)} MB |`);

    const numbers = {
      apps: APPS,
      projects: PROJECTS,
      concurrency: CONCURRENCY,
      workers: WORKERS,
      createdMs,
      resourcesMs,
      deploymentsMs,
      readyMs,
      reconciles,
      reconcileErrors,
      operatorPeakMb,
      operatorRssMb,
      managerPeakMb,
      managerRssMb,
    };

    // the floor: the same number of Deployments (same pod template), created directly
    console.log(`\nfloor: ${APPS} Deployments created directly (${CONCURRENCY} in flight)`);
    const policy = platform.effectivePolicy(null);
    const floorNs = Array.from({ length: PROJECTS }, (_, i) => `bench-floor-${i}`);
    for (const name of floorNs)
      await platform.kubeRequest(kc, {
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      });
    // like the projects' namespaces, ready for pods: their default ServiceAccount exists
    await waitFor(
      "the floor namespaces' default ServiceAccounts",
      async () => {
        const sas = await platform.kubeRequest<{ items: Array<{ metadata: { namespace: string } }> }>(kc, {
          method: 'GET',
          path: '/api/v1/serviceaccounts',
          query: { fieldSelector: 'metadata.name=default' },
        });
        const have = new Set(sas.items.map((sa) => sa.metadata.namespace));
        return floorNs.every((ns) => have.has(ns));
      },
      120_000,
      500,
    );
    const f0 = Date.now();
    await inParallel(appIndex, CONCURRENCY, async (i) => {
      const namespace = floorNs[i % PROJECTS]!;
      const app = platform.appResource({
        id: `floor-${i}`,
        tenantId: 'floor',
        projectId: 'floor',
        namespace,
        name: `app-${i}`,
        image: IMAGE,
        host: null,
      });
      const d = platform.buildAppDeployment(app, policy);
      // not the operator's: its informers select on the managed-by label
      const body = { ...d, metadata: { name: d.metadata.name, namespace, labels: { 'bench.kubeop.io/floor': 'true' } } };
      await platform.kubeRequest(kc, {
        method: 'POST',
        path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
        body,
        timeoutMs: 60_000,
      });
    });
    const floorCreatedMs = Date.now() - f0;
    const floorMs = await until('floor Available', f0, 1000, async () => {
      const ds = await listDeployments(kc, 'bench.kubeop.io/floor=true');
      const available = ds.filter(isAvailable).length;
      return { done: available >= APPS, progress: `${available}/${APPS}` };
    }).catch((e: unknown) => {
      // kubeOP's numbers are kept; the run still fails
      writeResult('operator', { ...numbers, floorCreatedMs, floorMs: null, floorError: String(e) });
      throw e;
    });

    console.log('\n| floor (no kubeOP) | value |');
    console.log('|---|---:|');
    console.log(`| ${APPS} Deployments created directly | ${s(floorCreatedMs)} s |`);
    console.log(`| first create to all Available (kube-controller-manager alone) | ${s(floorMs)} s |`);
    console.log(`| kubeOP / floor (all Ready vs all Available) | ${(readyMs / floorMs).toFixed(2)}x |`);
    writeResult('operator', { ...numbers, floorCreatedMs, floorMs });
  } finally {
    await cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
