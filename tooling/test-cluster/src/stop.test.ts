import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { binariesPresent } from './build.js';
import { start } from './control-plane.js';
import { isAlive } from './process.js';

/** PIDs of every process whose command line mentions `needle`. */
function processesMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(needle)) out.push(Number(e));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

// Starts a second, separate control plane: only meaningful where we build/own the binaries.
describe.runIf(binariesPresent())('start() / stop() of a separate control plane', () => {
  it('comes up ready and stop() leaves no process or file behind', async () => {
    const plane = await start({ nodes: 2 });
    let stopped = false;
    try {
      const pids = Object.values(plane.pids);
      expect(Object.keys(plane.pids).sort()).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
      expect(pids.every(isAlive)).toBe(true);
      expect(processesMentioning(plane.dir).sort()).toEqual([...pids].sort());

      const kc = new k8s.KubeConfig();
      kc.loadFromString(plane.kubeconfig);
      const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
      expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual(['kwok-node-0', 'kwok-node-1']);

      const rss = plane.rss();
      const total = Object.values(rss).reduce((a, b) => a + b, 0);
      console.info(
        `[test-cluster] start-to-ready ${(plane.timings.ready ?? 0) / 1000}s; RSS total ${(total / 2 ** 20).toFixed(0)} MiB`,
        Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, `${(v / 2 ** 20).toFixed(0)} MiB`])),
        plane.timings,
      );
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThan(1.5 * 2 ** 30);

      await plane.stop();
      stopped = true;
      for (const pid of pids) {
        expect(isAlive(pid), `pid ${pid} still alive`).toBe(false);
        expect(existsSync(`/proc/${pid}`), `pid ${pid} not reaped (zombie)`).toBe(false);
      }
      expect(processesMentioning(plane.dir)).toEqual([]);
      expect(existsSync(plane.dir)).toBe(false);
      await plane.stop(); // idempotent
    } finally {
      if (!stopped) await plane.stop();
    }
  });
});
