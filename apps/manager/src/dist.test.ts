import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe('the built Manager (what `npm start` runs)', () => {
  it('starts on the embedded default, serves the API, and stops cleanly on SIGTERM', async () => {
    expect(existsSync(dist), `${dist} is missing: build first (npm test does)`).toBe(true);
    const dataDir = await mkdtemp(join(tmpdir(), 'kubeop-dist-'));
    const port = await freePort();
    const child = spawn(process.execPath, [dist], {
      env: { PATH: process.env.PATH, KUBEOP_HTTP_ADDR: `127.0.0.1:${port}`, KUBEOP_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`the Manager exited with ${child.exitCode}:\n${output}`);
        const ok = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 300) throw new Error(`not ready after 30 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const version = (await (await fetch(`${base}/version`)).json()) as {
        version: string;
        gitCommit: string;
        buildDate: string;
        node: string;
      };
      expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(version.buildDate).not.toBe('');
      // The runtime it was started on (the same binary as this test's), so an operator can see it.
      expect(version.node).toBe(process.version);
      expect(Number(version.node.slice(1).split('.')[0])).toBeGreaterThanOrEqual(24);
      const tenant = await fetch(`${base}/v1/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"acme"}',
      });
      expect(tenant.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to listen on all interfaces with auth off: exit code 2 and a message naming the variables', async () => {
    expect(existsSync(dist), `${dist} is missing: build first (npm test does)`).toBe(true);
    const child = spawn(process.execPath, [dist], {
      env: { PATH: process.env.PATH, KUBEOP_HTTP_ADDR: `0.0.0.0:${await freePort()}`, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^kubeop-manager: configuration: KUBEOP_HTTP_ADDR: .*KUBEOP_REQUIRE_AUTH.*KUBEOP_INSECURE_LISTEN=true/);
  });
});
