import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes a benchmark's results to bench/results/<name>-<time>.json, stamped with the time and Node version; returns the path. */
export function writeResults(name: string, results: Record<string, unknown>): string {
  const out = join(root, 'bench/results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, ...results }, null, 2));
  return out;
}
