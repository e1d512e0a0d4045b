import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { binariesPresent } from './build.js';
import { renderKubeconfig } from './kubeconfig.js';
import { createCA, createKeyPair, issueCertificate } from './pki.js';
import { freePorts } from './ports.js';
import { type Component, isAlive, rssOf, signalGroup, spawnComponent, tail, terminate } from './process.js';
import { binDir as defaultBinDir, versions, type Versions } from './versions.js';

export interface FakeNode {
  name: string;
  /** default `{ cpu: '32', memory: '256Gi', pods: '110' }` */
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface StartOptions {
  /** Directory with the binaries (default: the versioned cache dir, see ensureBinaries()). */
  binDir?: string;
  /** Fake KWOK nodes: a count (named `kwok-node-<i>`) or explicit specs. Default 1. */
  nodes?: number | FakeNode[];
  /** Overall deadline for start(), ms. Default 120 000. */
  timeoutMs?: number;
  /** Progress messages (default: silent). */
  log?: (message: string) => void;
  /** Parent of the temp dir (default os.tmpdir()). */
  baseDir?: string;
  /** Keep the temp dir (logs, etcd data) after stop(). Default false. */
  keepDir?: boolean;
  /** Run the "test Deployment becomes Available" readiness check. Default true. */
  deploymentCheck?: boolean;
  /** Kill this plane on process exit / SIGINT / SIGTERM. Default true. */
  installExitHandlers?: boolean;
  /** Extra kube-apiserver flags (`--name=value`). */
  apiServerArgs?: string[];
}

export interface ControlPlane {
  /** Admin kubeconfig (client cert in group system:masters), inside `dir`. */
  kubeconfigPath: string;
  /** Same kubeconfig as a string (YAML, credentials embedded). */
  kubeconfig: string;
  /** `https://127.0.0.1:<port>` */
  apiServerUrl: string;
  /** PEM of the cluster CA: it signs the API server cert and the client certs the API server trusts. */
  caPem: string;
  caCertPath: string;
  /** CA private key: use it (issueCertificate) to sign webhook serving certs or more client users. */
  caKeyPath: string;
  /** Directory with all certificates and keys. */
  pkiDir: string;
  /** Temp dir of this plane (pki/, logs/, etcd/). */
  dir: string;
  /** `<dir>/logs/<component>.log` */
  logDir: string;
  /** Service-account token issuer (also the default token audience). */
  serviceAccountIssuer: string;
  versions: Versions;
  /** PIDs (= process-group ids) of etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok. */
  pids: Record<string, number>;
  /** Milliseconds from start() to each milestone. */
  timings: Record<string, number>;
  /** Resident memory (bytes) of each component right now, from /proc/<pid>/status. */
  rss(): Record<string, number>;
  /** Kills every process started (process groups; SIGTERM, then SIGKILL) and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

const DIR_PREFIX = 'kubeop-k8s-';
const live = new Set<{ components: Component[]; dir: string; keepDir: boolean; stop: () => Promise<void> }>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const p of live) {
      for (const c of p.components) signalGroup(c.pid, 'SIGKILL');
      if (!p.keepDir) rmSync(p.dir, { recursive: true, force: true });
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      const others = process.listenerCount(sig) > 1;
      void Promise.allSettled([...live].map((p) => p.stop())).then(() => {
        // Nobody else handles the signal: behave like the default action (exit).
        if (!others) process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
      });
    };
    process.on(sig, handler);
  }
}

/** Kills processes of planes whose owning process died without stop() (e.g. SIGKILLed test runner). */
export function reapStalePlanes(baseDir: string = tmpdir()): number {
  let reaped = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(baseDir).filter((e) => e.startsWith(DIR_PREFIX));
  } catch {
    return 0;
  }
  for (const e of entries) {
    const dir = join(baseDir, e);
    let owner: { pid: number; components?: Record<string, number>; kept?: boolean };
    try {
      owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'));
    } catch {
      continue;
    }
    if (owner.kept || isAlive(owner.pid)) continue; // stopped with keepDir: logs left on purpose
    for (const pid of Object.values(owner.components ?? {})) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        /* gone */
      }
      if (cmd.includes(dir)) signalGroup(pid, 'SIGKILL'); // only if it is really one of ours
    }
    rmSync(dir, { recursive: true, force: true });
    reaped++;
  }
  return reaped;
}

interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
}

function httpsGet(url: string, tls: TlsMaterial, timeoutMs = 5_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...tls, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (with fake nodes)
 * on free 127.0.0.1 ports in a fresh temp dir. Resolves once /readyz is ok, the default namespace
 * and its ServiceAccount exist and a test Deployment became Available.
 */
export async function start(options: StartOptions = {}): Promise<ControlPlane> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (name: string): void => {
    timings[name] = Date.now() - t0;
    log(`${name} (+${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  };
  const log = options.log ?? ((): void => {});
  const deadline = t0 + (options.timeoutMs ?? 120_000);
  const bin = options.binDir ?? defaultBinDir();
  if (!binariesPresent(bin)) {
    throw new Error(`Kubernetes binaries missing in ${bin}: run \`pnpm cluster build\` (or call ensureBinaries()) first`);
  }
  const baseDir = options.baseDir ?? tmpdir();
  reapStalePlanes(baseDir);

  const dir = mkdtempSync(join(baseDir, DIR_PREFIX));
  const pkiDir = join(dir, 'pki');
  const logDir = join(dir, 'logs');
  await mkdir(logDir, { recursive: true });
  const components: Component[] = [];
  const keepDir = options.keepDir ?? false;
  const writeOwner = (): void =>
    writeFileSync(
      join(dir, 'owner.json'),
      JSON.stringify({ pid: process.pid, components: Object.fromEntries(components.map((c) => [c.name, c.pid])) }),
    );

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      // reverse start order: kwok, scheduler, controller-manager, apiserver, etcd
      const errors: unknown[] = [];
      for (const c of [...components].reverse()) {
        try {
          await terminate(c.pid, 5_000, c.exited);
        } catch (e) {
          errors.push(e);
        }
      }
      live.delete(entry);
      if (keepDir) writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid: process.pid, kept: true }));
      else rmSync(dir, { recursive: true, force: true });
      if (errors.length) throw new AggregateError(errors, 'some control-plane processes could not be killed');
    })();
    return stopped;
  };
  const entry = { components, dir, keepDir, stop };
  live.add(entry);
  if (options.installExitHandlers ?? true) installHandlers();

  const fail = async (err: unknown): Promise<never> => {
    const logs = components
      .map((c) => `----- ${c.name} (pid ${c.pid}${c.hasExited() ? ', exited' : ''}) ${c.logPath}\n${tail(c.logPath, 30)}`)
      .join('\n');
    const msg = err instanceof Error ? err.message : String(err);
    const keep = options.keepDir;
    await stop().catch(() => {});
    throw new Error(`control plane failed to start: ${msg}\n${logs}${keep ? `\n(files kept in ${dir})` : ''}`, { cause: err });
  };
  const spawnC = (name: string, args: string[]): Component => {
    const c = spawnComponent(name, join(bin, name), args, logDir, dir);
    components.push(c);
    writeOwner();
    return c;
  };
  const checkAlive = (): void => {
    const dead = components.find((c) => c.hasExited());
    if (dead) throw new Error(`${dead.name} exited unexpectedly`);
  };
  const waitFor = async (what: string, probe: () => Promise<boolean>, intervalMs = 100): Promise<void> => {
    let last: unknown;
    while (Date.now() < deadline) {
      checkAlive();
      try {
        if (await probe()) return;
      } catch (e) {
        last = e;
      }
      await sleep(intervalMs);
    }
    throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
  };

  try {
    // ---------------------------------------------------------------- PKI
    const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedPort] = (await freePorts(5)) as [number, number, number, number, number];
    const apiServerUrl = `https://127.0.0.1:${apiPort}`;
    const ca = await createCA(pkiDir);
    const [serving, admin, sa] = await Promise.all([
      issueCertificate(ca, pkiDir, 'apiserver', {
        commonName: 'kube-apiserver',
        dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
        ipAddresses: ['127.0.0.1', '10.96.0.1'],
      }),
      issueCertificate(ca, pkiDir, 'admin', { commonName: 'kubeop-admin', organizations: ['system:masters'], usage: 'client' }),
      createKeyPair(pkiDir, 'sa'),
    ]);
    const kubeconfig = renderKubeconfig({
      server: apiServerUrl,
      caPem: ca.certPem,
      user: 'kubeop-admin',
      clientCertPem: admin.certPem,
      clientKeyPem: admin.keyPem,
    });
    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
    const tls: TlsMaterial = { ca: ca.certPem, cert: admin.certPem, key: admin.keyPem };
    mark('pki');

    // ---------------------------------------------------------------- etcd
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    spawnC('etcd', [
      '--name=kubeop-test',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=kubeop-test=http://127.0.0.1:${etcdPeerPort}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync=true',
      '--quota-backend-bytes=2147483648',
      '--log-level=warn',
    ]);
    await waitFor('etcd /health', async () => (await fetch(`${etcdUrl}/health`)).ok, 50);
    mark('etcd');

    // ---------------------------------------------------------------- kube-apiserver
    const serviceAccountIssuer = apiServerUrl;
    spawnC('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1',
      // the `kubernetes` Endpoints object rejects loopback addresses; kwokctl does the same
      '--endpoint-reconciler-type=none',
      `--tls-cert-file=${serving.cert}`,
      `--tls-private-key-file=${serving.key}`,
      `--client-ca-file=${ca.cert}`,
      '--authorization-mode=Node,RBAC',
      // default admission plugins stay on (NamespaceLifecycle, ServiceAccount, ResourceQuota,
      // Mutating/ValidatingAdmissionWebhook, ValidatingAdmissionPolicy, …)
      '--enable-admission-plugins=NodeRestriction',
      `--service-account-issuer=${serviceAccountIssuer}`,
      `--service-account-key-file=${sa.pub}`,
      `--service-account-signing-key-file=${sa.key}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      '--profiling=false',
      ...(options.apiServerArgs ?? []),
    ]);
    await waitFor('kube-apiserver /readyz', async () => (await httpsGet(`${apiServerUrl}/readyz`, tls)).status === 200, 200);
    mark('kube-apiserver');

    // ---------------------------------------------------------------- controllers + kwok
    spawnC('kube-controller-manager', [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--cert-dir=${join(dir, 'kcm-certs')}`,
      '--leader-elect=false',
      `--root-ca-file=${ca.cert}`,
      `--service-account-private-key-file=${sa.key}`,
      `--cluster-signing-cert-file=${ca.cert}`,
      `--cluster-signing-key-file=${ca.key}`,
      '--controllers=*',
      '--profiling=false',
    ]);
    spawnC('kube-scheduler', [
      `--kubeconfig=${kubeconfigPath}`,
      `--authentication-kubeconfig=${kubeconfigPath}`,
      `--authorization-kubeconfig=${kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedPort}`,
      `--cert-dir=${join(dir, 'scheduler-certs')}`,
      '--leader-elect=false',
      '--profiling=false',
    ]);
    spawnC('kwok', [
      `--kubeconfig=${kubeconfigPath}`,
      `--config=${join(bin, 'kwok-stages.yaml')}`,
      '--manage-all-nodes=true',
      '--cidr=10.244.0.0/16',
      '--node-ip=10.244.255.1',
      '--node-lease-duration-seconds=40',
    ]);

    const kc = new k8s.KubeConfig();
    kc.loadFromString(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);

    const nodes: FakeNode[] =
      typeof options.nodes === 'object'
        ? options.nodes
        : Array.from({ length: options.nodes ?? 1 }, (_, i) => ({ name: `kwok-node-${i}` }));
    await Promise.all(
      nodes.map((n) => {
        const capacity = n.capacity ?? { cpu: '32', memory: '256Gi', pods: '110' };
        return core.createNode({
          body: {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: {
              name: n.name,
              annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
              labels: {
                'kubernetes.io/hostname': n.name,
                'kubernetes.io/os': 'linux',
                'kubernetes.io/arch': 'amd64',
                type: 'kwok',
                ...n.labels,
              },
            },
            status: { capacity, allocatable: capacity, nodeInfo: { kubeletVersion: 'fake' } as k8s.V1NodeSystemInfo },
          },
        });
      }),
    );
    mark('nodes created');

    await waitFor('default namespace and its default ServiceAccount', async () => {
      await core.readNamespace({ name: 'default' });
      await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
      return true;
    });
    mark('default ServiceAccount');

    await waitFor('kwok nodes Ready', async () => {
      const list = await core.listNode();
      const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length >= nodes.length;
    });
    mark('nodes Ready');

    if (options.deploymentCheck ?? true) {
      const name = 'kubeop-readiness-check';
      const namespace = 'default';
      await apps.createNamespacedDeployment({
        namespace,
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] },
            },
          },
        },
      });
      await waitFor(
        'readiness Deployment Available',
        async () => {
          const d = await apps.readNamespacedDeployment({ name, namespace });
          return !!d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True');
        },
        100,
      );
      await apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background' });
      mark('Deployment Available');
    }
    mark('ready');

    const pids = Object.fromEntries(components.map((c) => [c.name, c.pid]));
    return {
      kubeconfigPath,
      kubeconfig,
      apiServerUrl,
      caPem: ca.certPem,
      caCertPath: ca.cert,
      caKeyPath: ca.key,
      pkiDir,
      dir,
      logDir,
      serviceAccountIssuer,
      versions: versions(),
      pids,
      timings,
      rss: () => Object.fromEntries(components.map((c) => [c.name, rssOf(c.pid)])),
      stop,
    };
  } catch (err) {
    return fail(err);
  }
}
