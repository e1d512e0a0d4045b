/**
 * Admission benchmark: reviews/s and latency of the admission server (the built bundle, its own
 * process, with a token of its own ServiceAccount) answering realistic AdmissionReviews (a
 * Deployment create in a tenant namespace) over HTTPS, with load from this process; then the
 * latency a registered webhook adds to a Deployment create through a real kube-apiserver.
 *
 *   npm run bench -- admission      (BENCH_SECONDS=10, BENCH_CONNECTIONS=10, BENCH_RATE=2000, BENCH_CREATES=300)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { writeLocalRunFiles } from '@kubeop/admission/testing';
import { platform } from '@kubeop/core';
import { ensureBinaries, freePorts, start } from '@kubeop/test-cluster';

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
  errors: number;
  non2xx: number;
}

async function load(name: string, pid: number, opts: autocannon.Options): Promise<Row> {
  await autocannon({ connections, duration: 2, ...opts }); // warm-up (JIT, TLS sessions)
  const latencies: number[] = [];
  const cpuBefore = cpuSeconds(pid);
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections, duration: seconds, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, _code, _bytes, ms) => latencies.push(ms));
  });
  const cpuUsPerReview = ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, r.requests.total);
  latencies.sort((a, b) => a - b);
  return {
    name,
    rps: r.requests.total / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    cpuUsPerReview,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const r = request({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', () => resolve(0));
    r.end();
  });
}

/** Latencies (ms) of `n` sequential dry-run Deployment creates through the API server. */
async function timeCreates(kc: platform.KubeConnection, namespace: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await platform.kubeRequest(kc, {
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      query: { dryRun: 'All' },
      body: deployment(`bench-${i}`, 'nginx:1.25'),
    });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const plane = await start({ binDir: await ensureBinaries() });
  const dir = mkdtempSync(join(tmpdir(), 'kubeop-bench-admission-'));
  const system = 'kubeop-bench';
  const n = platform.platformNames(system);
  const [port] = (await freePorts(1)) as [number];
  const admin = platform.parseKubeconfig(plane.kubeconfig).connection;
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await platform.bootstrapPlatform(admin, { namespace: system, admissionWebhook: { mode: 'url', baseUrl: `https://127.0.0.1:${port}` } });
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
    for (let i = 0; (await get(port, '/readyz')) !== 200; i++) {
      if (i > 200) throw new Error('the admission server did not become ready');
      await sleep(100);
    }
    const pid = server.pid!;
    const url = `https://127.0.0.1:${port}/validate?timeout=5s`;
    const post = (body: string): autocannon.Options => ({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const allowed = reviewBody(ns, 'nginx:1.25');
    const rows: Row[] = [];
    rows.push(await load(`allowed, at ${rate} reviews/s`, pid, { ...post(allowed), overallRate: rate }));
    rows.push(
      await load(`denied (quay.io), at ${rate} reviews/s`, pid, { ...post(reviewBody(ns, 'quay.io/acme/web:1')), overallRate: rate }),
    );
    rows.push(await load('allowed, as fast as it answers', pid, post(allowed)));

    // the API server: dry-run creates (webhooks run, nothing is stored) with and without the webhooks
    await timeCreates(admin, ns, 30); // warm-up
    const withWebhook = await timeCreates(admin, ns, creates);
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      await platform.deleteObject(admin, { apiVersion: 'admissionregistration.k8s.io/v1', kind, name: n.webhookConfiguration });
    }
    // the API server drops a deleted configuration within a moment: wait until quay.io is admitted
    for (let i = 0; ; i++) {
      const ok = await platform
        .kubeRequest(admin, {
          method: 'POST',
          path: `/apis/apps/v1/namespaces/${ns}/deployments`,
          query: { dryRun: 'All' },
          body: deployment('probe', 'quay.io/x:1'),
        })
        .then(
          () => true,
          () => false,
        );
      if (ok) break;
      if (i > 100) throw new Error('the webhook configurations did not go away');
      await sleep(100);
    }
    await timeCreates(admin, ns, 30);
    const without = await timeCreates(admin, ns, creates);
    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(2);

    const load1 = loadavg()[0]!;
    console.log(
      `\nkubeOP admission benchmark: ${connections} connections, ${seconds}s per row, HTTPS, review body ${allowed.length} bytes (Deployment create); ${cpus().length} CPUs, load average ${load1.toFixed(1)}\n`,
    );
    console.log('| load | reviews/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/review | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p999.toFixed(2)} | ${r.cpuUsPerReview.toFixed(0)} | ${r.errors} | ${r.non2xx} |`,
      );
    }
    console.log(`\nDeployment create through kube-apiserver (dry run, ${creates} sequential):`);
    console.log('| webhooks | p50 ms | p99 ms |');
    console.log('|---|---:|---:|');
    console.log(`| registered (validating + mutating) | ${p(withWebhook, 50)} | ${p(withWebhook, 99)} |`);
    console.log(`| not registered | ${p(without, 50)} | ${p(without, 99)} |`);
    console.log(
      `| added by the webhook | ${(percentile(withWebhook, 50) - percentile(without, 50)).toFixed(2)} | ${(percentile(withWebhook, 99) - percentile(without, 99)).toFixed(2)} |`,
    );
    console.log(`\naim: p99 < 2 ms at 2,000 reviews/s (${rows[0]!.p99 < 2 ? 'met' : 'NOT met'})\n`);

    const out = join(root, 'bench/results', `admission-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          node: process.version,
          loadAverage: load1,
          connections,
          seconds,
          rate,
          rows,
          creates: { withWebhook, without },
        },
        null,
        2,
      ),
    );
    console.log(`written ${out}`);
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
