/** Where benchmarks keep their numbers: `bench/results/<name>-<time>.json` (not committed). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Writes `data` with the time and Node version; returns the file's path. */
export function writeBenchResult(name: string, data: Record<string, unknown>): string {
  const at = new Date().toISOString();
  const out = join(dir, `${name}-${at.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(out, JSON.stringify({ at, node: process.version, ...data }, null, 2));
  return out;
}
