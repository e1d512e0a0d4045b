/**
 * Admission benchmark: reviews/s and latency of the admission server (the built bundle, its own
 * process, with a token of its own ServiceAccount) answering realistic AdmissionReviews (a
 * Deployment create in a tenant namespace) over HTTPS, with load from this process; then the
 * latency the webhook adds to a Deployment create through a real kube-apiserver (tenant namespace, where
 * it is called, against a plain one, interleaved).
 *
 *   npm run bench -- admission      (BENCH_SECONDS=10, BENCH_CONNECTIONS=10, BENCH_RATE=2000, BENCH_CREATES=300)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { writeLocalRunFiles } from '@kubeop/admission/testing';
import { platform } from '@kubeop/core';
import { ensureBinaries, freePorts, start } from '@kubeop/test-cluster';
import { writeResult } from './results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const rate = Number(process.env.BENCH_RATE ?? 2000);
const creates = Number(process.env.BENCH_CREATES ?? 300);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

const deployment = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: name }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
        initContainers: [
          { name: 'migrate', image: `${image}`, command: ['/app/migrate'], resources: { requests: { cpu: '50m', memory: '64Mi' } } },
        ],
        containers: [
          {
            name: 'web',
            image,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: Array.from({ length: 12 }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}` })),
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
          { name: 'sidecar', image: 'ghcr.io/acme/proxy:2.1', ports: [{ containerPort: 9901 }] },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    },
  },
});

/** A review as the API server sends it for a Deployment create by a tenant. */
function reviewBody(namespace: string, image: string): string {
  const object = { ...deployment('shop-web', image), metadata: { ...deployment('shop-web', image).metadata, namespace } };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'shop-web',
      namespace,
      operation: 'CREATE',
      userInfo: {
        username: `system:serviceaccount:${namespace}:deployer`,
        uid: 'x',
        groups: ['system:serviceaccounts', 'system:authenticated'],
      },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    },
  });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  cpuUsPerReview: number;
  /** Share of reviews the server answered within 1 ms and 2 ms (its own histogram: no client or network time). */
  serverWithin1ms: number;
  serverWithin2ms: number;
  errors: number;
  non2xx: number;
}

/** Cumulative counts of the server's validate-latency histogram, by upper bound in seconds. */
async function serverHistogram(port: number): Promise<Map<string, number>> {
  const text = await fetchText(port, '/metrics');
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^kubeop_admission_review_duration_seconds_bucket\{le="([^"]+)",webhook="validate"\} (\d+)/gm)) {
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

function share(before: Map<string, number>, after: Map<string, number>, le: string): number {
  const total = (after.get('+Inf') ?? 0) - (before.get('+Inf') ?? 0);
  return total ? ((after.get(le) ?? 0) - (before.get(le) ?? 0)) / total : NaN;
}

async function load(name: string, pid: number, port: number, opts: autocannon.Options): Promise<Row> {
  await autocannon({ connections, duration: 2, ...opts }); // warm-up (JIT, TLS sessions)
  const latencies: number[] = [];
  const histBefore = await serverHistogram(port);
  const cpuBefore = cpuSeconds(pid);
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections, duration: seconds, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, _code, _bytes, ms) => latencies.push(ms));
  });
  const cpuUsPerReview = ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, r.requests.total);
  const histAfter = await serverHistogram(port);
  latencies.sort((a, b) => a - b);
  return {
    name,
    rps: r.requests.total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    cpuUsPerReview,
    serverWithin1ms: share(histBefore, histAfter, '0.001'),
    serverWithin2ms: share(histBefore, histAfter, '0.002'),
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

function fetchText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${path}: HTTP ${res.statusCode}`))));
    });
    r.on('error', reject);
    r.end();
  });
}

/**
 * Latencies (ms) of `n` sequential dry-run Deployment creates through the API server, alternating
 * between namespaces (so a drift of the machine's load affects each alike).
 */
async function timeCreates(kc: platform.KubeConnection, namespaces: string[], n: number): Promise<number[][]> {
  const out = namespaces.map((): number[] => []);
  for (let i = 0; i < n; i++) {
    for (const [k, namespace] of namespaces.entries()) {
      const t = process.hrtime.bigint();
      await platform.kubeRequest(kc, {
        method: 'POST',
        path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
        query: { dryRun: 'All' },
        body: deployment(`bench-${i}`, 'nginx:1.25'),
      });
      out[k]!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return out.map((xs) => xs.sort((a, b) => a - b));
}

async function main(): Promise<void> {
  const plane = await start({ binDir: await ensureBinaries() });
  const dir = mkdtempSync(join(tmpdir(), 'kubeop-bench-admission-'));
  const system = 'kubeop-bench';
  const [port] = (await freePorts(1)) as [number];
  const admin = platform.parseKubeconfig(plane.kubeconfig).connection;
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await platform.bootstrapPlatform(admin, { namespace: system, admissionWebhook: { mode: 'url', baseUrl: `https://127.0.0.1:${port}` } });
    // the guardrail ValidatingAdmissionPolicies run in the API server for tenant namespaces too: without
    // their bindings the comparison below measures the webhook alone
    for (const rule of platform.GUARDRAIL_RULES) {
      await platform.deleteObject(admin, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        name: platform.guardrailPolicyName(system, rule),
      });
    }
    await platform.kubeRequest(admin, {
      method: 'POST',
      path: `/apis/${platform.CRD_API_VERSION}/policies`,
      body: platform.policyResource({
        imageAllowlist: ['docker.io', 'ghcr.io'],
        egressBaseline: ['10.0.0.0/8', '172.16.0.0/12'],
        quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
      }),
    });
    const ns = platform.projectNamespaceName('acme', 'shop', 'p-bench');
    await platform.kubeRequest(admin, {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels: { [platform.TENANT_LABEL]: 't-bench', [platform.PROJECT_LABEL]: 'p-bench' } },
      },
    });
    const files = await writeLocalRunFiles(admin, system, dir);
    server = spawn(
      process.execPath,
      [join(root, 'apps/admission/dist/main.js'), `--port=${port}`, `--tls-cert-file=${files.certFile}`, `--tls-key-file=${files.keyFile}`],
      {
        env: { PATH: process.env.PATH ?? '', KUBEOP_KUBECONFIG: files.kubeconfig, KUBEOP_NAMESPACE: system, KUBEOP_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    for (
      let i = 0;
      !(await fetchText(port, '/readyz').then(
        () => true,
        () => false,
      ));
      i++
    ) {
      if (i > 200) throw new Error('the admission server did not become ready');
      await sleep(100);
    }
    const pid = server.pid!;
    const url = `https://127.0.0.1:${port}/validate?timeout=5s`;
    const post = (body: string): autocannon.Options => ({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const allowed = reviewBody(ns, 'nginx:1.25');
    const rows: Row[] = [];
    rows.push(await load(`allowed, at ${rate} reviews/s`, pid, port, { ...post(allowed), overallRate: rate }));
    rows.push(
      await load(`denied (quay.io), at ${rate} reviews/s`, pid, port, { ...post(reviewBody(ns, 'quay.io/acme/web:1')), overallRate: rate }),
    );
    rows.push(await load('allowed, as fast as it answers', pid, port, post(allowed)));

    // the API server: dry-run creates (webhooks run, nothing is stored) in the tenant namespace (the
    // webhook is called) and in a plain one (its namespace selector skips it), interleaved
    const plain = 'bench-plain';
    await platform.kubeRequest(admin, {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: plain } },
    });
    await timeCreates(admin, [ns, plain], 30); // warm-up
    const [withWebhook = [], without = []] = await timeCreates(admin, [ns, plain], creates);
    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(2);

    const load1 = loadavg()[0]!;
    console.log(
      `\nkubeOP admission benchmark: ${connections} connections, ${seconds}s per row, HTTPS, review body ${allowed.length} bytes (Deployment create); ${cpus().length} CPUs, load average ${load1.toFixed(1)}\n`,
    );
    console.log(
      '| load | reviews/s | p50 ms | p99 ms | p99.9 ms | server ≤ 1 ms | server ≤ 2 ms | server CPU µs/review | errors | non-2xx |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p999.toFixed(2)} | ${pct(r.serverWithin1ms)} | ${pct(r.serverWithin2ms)} | ${r.cpuUsPerReview.toFixed(0)} | ${r.errors} | ${r.non2xx} |`,
      );
    }
    console.log(`\nDeployment create through kube-apiserver (dry run, ${creates} each, interleaved):`);
    console.log('| namespace | p50 ms | p99 ms |');
    console.log('|---|---:|---:|');
    console.log(`| tenant namespace (webhook called) | ${p(withWebhook, 50)} | ${p(withWebhook, 99)} |`);
    console.log(`| plain namespace (not called) | ${p(without, 50)} | ${p(without, 99)} |`);
    console.log(
      `| added by the webhook | ${(percentile(withWebhook, 50) - percentile(without, 50)).toFixed(2)} | ${(percentile(withWebhook, 99) - percentile(without, 99)).toFixed(2)} |`,
    );
    const first = rows[0]!;
    console.log(
      `\naim: p99 < 2 ms at 2,000 reviews/s; at ${rate}/s: client p99 ${first.p99.toFixed(2)} ms (${first.p99 < 2 ? 'met' : 'not met'}), ` +
        `server ${(first.serverWithin2ms * 100).toFixed(1)} % within 2 ms (${first.serverWithin2ms >= 0.99 ? 'met' : 'not met'})\n`,
    );

    writeResult('admission', {
      loadAverage: load1,
      connections,
      seconds,
      rate,
      rows,
      creates: { withWebhook, without },
    });
  } finally {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    await plane.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
