import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the built operator (what its image runs)', () => {
  it('loads its bundle and refuses a bad setting by name (exit 2)', () => {
    expect(existsSync(dist), `${dist} is missing: build first (npm test does)`).toBe(true);
    const r = spawnSync(process.execPath, [dist], {
      env: { PATH: process.env.PATH, KUBEOP_WORKERS: 'many' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout + r.stderr).toContain('KUBEOP_WORKERS');
    expect(r.stdout + r.stderr).not.toMatch(/Dynamic require|Cannot find (module|package)/);
    expect(r.status).toBe(2);
  });
});
