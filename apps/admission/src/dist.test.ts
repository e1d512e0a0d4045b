import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the built admission server (what its image runs)', () => {
  it('loads its bundle and refuses a bad flag by name (exit 2)', () => {
    expect(existsSync(dist), `${dist} is missing: build first (npm test does)`).toBe(true);
    const r = spawnSync(process.execPath, [dist, '--port=https', '--tls-cert-file=/x', '--tls-key-file=/y'], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout + r.stderr).toContain('--port');
    expect(r.stdout + r.stderr).not.toMatch(/Dynamic require|Cannot find (module|package)/);
    expect(r.status).toBe(2);
  });

  it('exits 1 naming the file when the key cannot be read', () => {
    const r = spawnSync(
      process.execPath,
      [dist, '--port=0', '--tls-cert-file=/nonexistent/tls.crt', '--tls-key-file=/nonexistent/tls.key'],
      {
        env: { PATH: process.env.PATH, KUBEOP_KUBECONFIG: '/nonexistent/kubeconfig', KUBEOP_NAMESPACE: 'kubeop-system' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nonexistent/);
  });
});
