/** Where the benchmarks keep their numbers: `bench/results/<name>-<time>.json` (not committed). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Writes one run's numbers (with the time and the Node version) and says where. */
export function writeResult(name: string, numbers: Record<string, unknown>): string {
  const at = new Date().toISOString();
  const out = join(dir, `${name}-${at.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(out, JSON.stringify({ at, node: process.version, ...numbers }, null, 2));
  console.log(`\nwritten ${out}`);
  return out;
}
