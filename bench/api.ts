/**
 * API benchmark: throughput and latency of three hot routes against real PostgreSQL, next to
 * `pgbench -S` (select-only) on the same server with the same client count. The ratio of our
 * GET-by-id throughput to pgbench's is how close the Manager gets to the database's own limit.
 *
 *   npm run bench            (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=16 npm run bench
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { admin, serverUrl, withDb } from './postgres.js';
import { cpuSeconds, rssMb } from './proc.js';
import { writeResult } from './results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function json(url: string, init?: RequestInit): Promise<{ id: string }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Manager CPU per request: steadier than req/s on a shared, noisy machine. */
  cpuUsPerReq: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, pid: number, opts: autocannon.Options): Promise<Row> {
  // Warm up first (JIT, connection pools), then measure.
  await autocannon({ connections, duration: 2, ...opts });
  const cpuBefore = cpuSeconds(pid);
  const r = await autocannon({ connections, duration: seconds, ...opts });
  const cpuUsPerReq = ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, r.requests.total);
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuUsPerReq, errors: r.errors, non2xx: r.non2xx };
}

function pgbenchSelectOnly(db: string): number {
  const url = withDb(serverUrl, db);
  const init = spawnSync('pgbench', ['-i', '-s', '1', '-q', url], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
  const r = spawnSync('pgbench', ['-S', '-n', '-c', String(connections), '-j', '2', '-T', String(seconds), url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pgbench -S failed: ${r.stderr}`);
  const m = /tps = ([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`no tps in pgbench output:\n${r.stdout}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const db = `kubeop_bench_${suffix}`;
  const pgbenchDb = `kubeop_pgbench_${suffix}`;
  await admin(`create database ${db}`);
  await admin(`create database ${pgbenchDb}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const manager = spawn(process.execPath, [join(root, 'apps/manager/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: withDb(serverUrl, db),
      KUBEOP_HTTP_ADDR: `127.0.0.1:${port}`,
      KUBEOP_KMS_MASTER_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (i > 100) throw new Error('Manager did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const idleRss = rssMb(manager.pid!);

    const tenant = await json(`${base}/v1/tenants`, { method: 'POST', body: JSON.stringify({ name: 'bench' }) });
    const project = await json(`${base}/v1/projects`, { method: 'POST', body: JSON.stringify({ tenantID: tenant.id, name: 'web' }) });
    for (let i = 0; i < 20; i++) {
      await json(`${base}/v1/apps`, {
        method: 'POST',
        body: JSON.stringify({ projectID: project.id, name: `app-${i}`, image: 'nginx:1.25' }),
      });
    }

    const rows: Row[] = [];
    rows.push(await load('GET /v1/tenants/{id}', manager.pid!, { url: `${base}/v1/tenants/${tenant.id}` }));
    let n = 0;
    rows.push(
      await load('POST /v1/projects', manager.pid!, {
        url: `${base}/v1/projects`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ tenantID: tenant.id, name: `p-${(n++).toString(36)}` }) }) }],
      }),
    );
    rows.push(await load('GET /v1/apps?projectID= (20 apps)', manager.pid!, { url: `${base}/v1/apps?projectID=${project.id}` }));
    const loadedRss = rssMb(manager.pid!);
    const pgbenchTps = pgbenchSelectOnly(pgbenchDb);
    const ratio = rows[0]!.rps / pgbenchTps;

    console.log(
      `\nkubeOP Manager API benchmark: ${connections} connections, ${seconds}s per route, PostgreSQL at ${new URL(serverUrl).host}\n`,
    );
    console.log('| route | req/s | p50 ms | p99 ms | Manager CPU µs/req | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.cpuUsPerReq.toFixed(0)} | ${r.errors} | ${r.non2xx} |`);
    console.log(`| pgbench -S (select-only) | ${pgbenchTps.toFixed(0)} tps | | | | | |`);
    console.log(`\nGET by id / pgbench -S = ${(ratio * 100).toFixed(1)}% (aim >= 40%)`);
    console.log(`Manager RSS: idle ${idleRss.toFixed(0)} MB (aim < 150 MB), after load ${loadedRss.toFixed(0)} MB\n`);

    writeResult('api', { connections, seconds, rows, pgbenchTps, ratio, idleRssMb: idleRss, loadedRssMb: loadedRss });
  } finally {
    manager.kill('SIGTERM');
    await new Promise((r) => manager.once('exit', r));
    await admin(`drop database if exists ${db} with (force)`);
    await admin(`drop database if exists ${pgbenchDb} with (force)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
