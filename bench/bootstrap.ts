/**
 * Bootstrap benchmark: on a freshly started local control plane, the wall time from nothing to a
 * ready platform (CRDs Established, operator and admission Available, webhook CA bundles set), and
 * the time of an idempotent re-run (nothing changes).
 *
 *   npm run bench -- bootstrap        (BENCH_RUNS=5 for more re-runs)
 */
import { platform } from '@kubeop/core';
import { ensureBinaries, start } from '@kubeop/test-cluster';
import { writeResult } from './results.js';

const runs = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  const bin = await ensureBinaries();
  const t0 = Date.now();
  const plane = await start({ binDir: bin });
  const planeReadyMs = Date.now() - t0;
  try {
    const kc = platform.parseKubeconfig(plane.kubeconfig).connection;

    const started = Date.now();
    const first = await platform.bootstrapPlatform(kc, { installAdmission: true });
    const appliedMs = Date.now() - started;
    for (;;) {
      const s = await platform.platformStatus(kc, { timeoutMs: 2000 });
      if (s.ready) break;
      if (Date.now() - started > 120_000) throw new Error(`not ready after 120 s: ${JSON.stringify(s.details.errors)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const readyMs = Date.now() - started;

    const reruns: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = Date.now();
      const again = await platform.bootstrapPlatform(kc, { installAdmission: true });
      reruns.push(Date.now() - t);
      if (again.changed) throw new Error(`re-run ${i + 1} changed objects: ${JSON.stringify(again.counts)}`);
    }
    reruns.sort((a, b) => a - b);
    const median = reruns[Math.floor(reruns.length / 2)]!;

    console.log('\nkubeOP bootstrap benchmark (local control plane, KWOK nodes)\n');
    console.log('| step | ms |');
    console.log('|---|---:|');
    console.log(`| control plane start to ready (not kubeOP) | ${planeReadyMs} |`);
    console.log(`| bootstrap: ${first.objects.length} objects applied (${first.counts.created} created) | ${appliedMs} |`);
    console.log(`| bootstrap to platform ready | ${readyMs} |`);
    console.log(`| idempotent re-run, median of ${runs} (min ${reruns[0]}, max ${reruns[reruns.length - 1]}) | ${median} |`);
    writeResult('bootstrap', { planeReadyMs, appliedMs, readyMs, reruns, objects: first.objects.length });
  } finally {
    await plane.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
