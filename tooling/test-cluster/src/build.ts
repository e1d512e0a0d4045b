import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { binDir, buildScript } from './versions.js';

/** Files scripts/build.sh produces in the bin directory. */
export const ARTEFACTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kwok', 'kwok-stages.yaml'] as const;

export const GO_MISSING_MESSAGE =
  'Kubernetes tests need a control plane: install Go >= 1.26 (https://go.dev/dl, `go` on PATH) so the binaries can be built, or set KUBEOP_TEST_KUBECONFIG to the kubeconfig of an existing cluster.';

/** True when every binary is in the cache directory. */
export function binariesPresent(dir: string = binDir()): boolean {
  return ARTEFACTS.every((a) => {
    const p = join(dir, a);
    return existsSync(p) && statSync(p).size > 0;
  });
}

/** Runs a bash build script, its output streamed to `out`; resolves with its exit code. */
export function runBuildScript(script: string, out: NodeJS.WritableStream): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => out.write(d));
    child.stderr.on('data', (d: Buffer) => out.write(d));
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  });
}

/** True when a `go` toolchain is on PATH. */
export function hasGo(): boolean {
  const r = spawnSync('go', ['version'], { stdio: 'ignore' });
  return r.status === 0;
}

export interface EnsureBinariesOptions {
  /** Where build output goes; default: this process' stderr. */
  output?: NodeJS.WritableStream;
}

/**
 * Returns the directory holding kube-apiserver, kube-controller-manager, kube-scheduler, etcd and kwok,
 * building them with scripts/build.sh first when the cache is empty (cold: ~15-30 min on 2 cores).
 */
export async function ensureBinaries(options: EnsureBinariesOptions = {}): Promise<string> {
  const dir = binDir();
  if (binariesPresent(dir)) return dir;
  if (!hasGo()) throw new Error(GO_MISSING_MESSAGE);
  const out = options.output ?? process.stderr;
  out.write(`[test-cluster] building Kubernetes binaries into ${dir} (one-time, takes a while)\n`);
  const code = await runBuildScript(buildScript, out);
  if (code !== 0 || !binariesPresent(dir)) {
    throw new Error(`scripts/build.sh failed (exit ${code}); see its output above`);
  }
  return dir;
}
