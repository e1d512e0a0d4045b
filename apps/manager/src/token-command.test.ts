import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKeys, DEV_SIGNING_KEY_FILE } from './signing-keys.js';
import { startTestManager, type TestManager } from './test-manager.js';
import { parseTokenArgs, UsageError } from './token-command.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
let m: TestManager;
let env: Record<string, string>;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const pem = await exportPKCS8(privateKey);
  // the command reads the Manager's configuration: base64 of the PEM works as well as the PEM
  env = { KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_PRIVATE_KEY: Buffer.from(pem).toString('base64') };
  m = await startTestManager(env);
});
afterAll(async () => {
  await m?.stop();
});

/** `pnpm run token …` as a user runs it (the root script), on the test Manager's database. */
async function tokenCommand(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    // `pnpm token` is pnpm's own (npm token) command: the script runs as `pnpm run token`
    const { stdout, stderr } = await run('pnpm', ['--silent', 'run', 'token', ...args], {
      cwd: root,
      env: { ...process.env, ...env, DATABASE_URL: m.testDb.url, KUBEOP_HTTP_ADDR: '127.0.0.1:0' },
      timeout: 60_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

// each run starts tsx on the sources: seconds, more on a busy machine
describe('kubeop-manager token create', { timeout: 120_000 }, () => {
  it('prints a usable token alone on its last line, recorded for revocation', async () => {
    const admin = await tokenCommand(['create', '--role', 'admin', '--ttl', '10m']);
    expect(admin.code, admin.stderr).toBe(0);
    const token = admin.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(admin.stderr).not.toContain(token); // never logged
    const tenant = await fetch(`${m.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli-made' }),
    });
    expect(tenant.status).toBe(200);
    const { id } = (await tenant.json()) as { id: string };

    const tenantToken = await tokenCommand(['create', '--role', 'tenant', '--tenant', id]);
    expect(tenantToken.code, tenantToken.stderr).toBe(0);
    const own = await fetch(`${m.url}/v1/tenants/${id}`, { headers: { authorization: `Bearer ${tenantToken.stdout.trim()}` } });
    expect(own.status).toBe(200);
    const recorded = await m.testDb.handle.db.selectFrom('issued_tokens').select(['role', 'scope', 'issued_by']).orderBy('jti').execute();
    expect(recorded).toEqual([
      { role: 'admin', scope: 'admin', issued_by: 'cli' },
      { role: 'tenant', scope: `tenant:${id}`, issued_by: 'cli' },
    ]);
  });

  it('refuses an unknown tenant or project and bad arguments, naming the flag (exit 2)', async () => {
    const unknown = await tokenCommand(['create', '--role', 'project', '--project', '01a21912-19a6-756d-9b87-43d895f38cc4']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--project: project .* not found/);
    expect(unknown.stdout).toBe('');
  });

  it('parses its arguments', () => {
    expect(parseTokenArgs(['create', '--role', 'admin'], 3600)).toMatchObject({ role: 'admin', ttlSeconds: 3600 });
    expect(() => parseTokenArgs(['create', '--role', 'root'], 3600)).toThrow(/--role/);
    expect(() => parseTokenArgs(['create', '--role', 'tenant'], 3600)).toThrow(/--tenant/);
    expect(() => parseTokenArgs(['create', '--role', 'admin', '--ttl', '2h'], 3600)).toThrow(/--ttl/);
    expect(() => parseTokenArgs(['create', '--role', 'admin', '--bogus'], 3600)).toThrow(UsageError);
    expect(() => parseTokenArgs(['list'], 3600)).toThrow(/usage/);
  });
});

describe('the dev signing key', () => {
  it('is generated once in the data directory (mode 0600) and reused', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubeop-jwt-'));
    try {
      const config = {
        requireAuth: true,
        dataDir,
        databaseUrl: undefined,
        devInsecure: false,
        jwtPrivateKey: undefined,
        jwtKeyId: undefined,
        jwtPreviousKeys: undefined,
        jwtSigningKey: undefined,
      };
      const first = await loadSigningKeys(config);
      const again = await loadSigningKeys(config);
      expect(first.current?.kid).toBeDefined();
      expect(again.current?.kid).toBe(first.current?.kid);
      expect((await stat(join(dataDir, DEV_SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect(first.jwks.keys).toHaveLength(1);
      expect(first.jwks.keys[0]).not.toHaveProperty('d');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
