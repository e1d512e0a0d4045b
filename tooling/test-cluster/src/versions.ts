import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the `tooling/test-cluster` package. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const buildScript = join(packageDir, 'scripts', 'build.sh');

export interface Versions {
  kubernetes: string;
  etcd: string;
  kwok: string;
}

/** Pinned versions from `scripts/versions.env`, overridable with KUBEOP_K8S_VERSION / KUBEOP_ETCD_VERSION / KUBEOP_KWOK_VERSION. */
export function versions(): Versions {
  const pinned: Record<string, string> = {};
  for (const line of readFileSync(join(packageDir, 'scripts', 'versions.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(\S+)\s*$/.exec(line);
    if (m?.[1] && m[2]) pinned[m[1]] = m[2];
  }
  const pick = (key: string): string => {
    const v = process.env[`KUBEOP_${key}`] || pinned[key];
    if (!v) throw new Error(`scripts/versions.env does not define ${key}`);
    return v;
  };
  return { kubernetes: pick('K8S_VERSION'), etcd: pick('ETCD_VERSION'), kwok: pick('KWOK_VERSION') };
}

/** Root of the binary cache: `$KUBEOP_K8S_CACHE` or `~/.cache/kubeop/k8s`. */
export function cacheRoot(): string {
  return process.env.KUBEOP_K8S_CACHE || join(homedir(), '.cache', 'kubeop', 'k8s');
}

/** `<cacheRoot>/<k8s>-<etcd>-<kwok>/bin`: where scripts/build.sh puts the binaries. */
export function binDir(v: Versions = versions()): string {
  return join(cacheRoot(), `${v.kubernetes}-${v.etcd}-${v.kwok}`, 'bin');
}

/** Directory of the `pnpm cluster up` state: `$KUBEOP_K8S_STATE` or `~/.cache/kubeop/cluster-state`. */
export function stateDir(): string {
  return process.env.KUBEOP_K8S_STATE || join(homedir(), '.cache', 'kubeop', 'cluster-state');
}
