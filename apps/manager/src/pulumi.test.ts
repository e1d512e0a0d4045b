import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as kubeop from '@kubeop/pulumi';
import { ensurePulumiCli } from '@kubeop/pulumi-cli';
import { createKubeopClient, KubeopApiError, type KubeopClient } from '@kubeop/sdk';
import type * as Automation from '@pulumi/pulumi/automation/index.js';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { testToken } from './test-tokens.js';

/**
 * @kubeop/pulumi (its built package) end to end: the real Pulumi CLI (built from Go modules once per
 * machine, see tooling/pulumi-cli) runs an inline program through the Automation API against a real
 * Manager with auth on, on a file:// backend: up → update (not replace) → refresh sees drift → destroy.
 * The CLI's Node.js language host is not buildable here, so the program is inline (served by this process).
 */
/**
 * The Automation API of the @pulumi/pulumi copy that @kubeop/pulumi uses: the program's resources and
 * the engine connection must come from one copy (gRPC messages are checked by class), and pnpm may
 * install two (peer variants) — this package's and @kubeop/pulumi's.
 */
const { LocalWorkspace, PulumiCommand } = createRequire(createRequire(import.meta.url).resolve('@kubeop/pulumi'))(
  '@pulumi/pulumi/automation',
) as typeof Automation;

let m: TestManager;
let admin: KubeopClient;
let token: string;
let stack: Automation.Stack;
let tmp: string;
let workDir: string;
const output: string[] = [];

/** What the program declares; the tests change it between runs. */
const desired = {
  tenantName: 'pulumi-e2e',
  projectName: 'web',
  appName: 'site',
  image: 'docker.io/library/nginx:1.25',
  cpuMilliRate: '0.01',
  effectiveFrom: '2026-01-01T00:00:00Z',
};

async function program() {
  // The connection comes from the stack config (kubeop:baseUrl, secret kubeop:token).
  const tenant = new kubeop.Tenant('tenant', { name: desired.tenantName });
  const project = new kubeop.Project('project', { tenantID: tenant.id, name: desired.projectName });
  const app = new kubeop.App('app', { projectID: project.id, name: desired.appName, image: desired.image, host: 'site.local' });
  const rate = new kubeop.TenantRate('rate', {
    tenantID: tenant.id,
    cpuMilliRate: desired.cpuMilliRate,
    memMibRate: '0.001',
    currency: 'EUR',
    effectiveFrom: desired.effectiveFrom,
  });
  return { tenantID: tenant.id, projectID: project.id, appID: app.id, namespace: project.namespace, rateFrom: rate.effectiveFrom };
}

/** The CLI's output: kept for the error of a failed step; streamed with KUBEOP_TEST_PULUMI_VERBOSE=1. */
const onOutput = (s: string): void => {
  output.push(s);
  if (process.env.KUBEOP_TEST_PULUMI_VERBOSE) process.stderr.write(s);
};
/** Runs a stack operation; on failure the CLI's output goes with the error. */
async function run<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw new Error(
      `${what} failed: ${e instanceof Error ? e.message : String(e)}\n--- pulumi output ---\n${output.join('').slice(-8000)}`,
    );
  }
}

async function status(p: Promise<unknown>): Promise<number> {
  return p.then(
    () => 200,
    (e: unknown) => (e instanceof KubeopApiError ? e.status : Promise.reject(e)),
  );
}

/** How Pulumi marks a secret in a state: `{[SECRET_SIG]: SECRET_SIG_VALUE, ciphertext | plaintext}`. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

/** The JSON paths in `value` of strings that contain `needle`. */
function pathsHolding(value: unknown, needle: string, path = '$'): string[] {
  if (typeof value === 'string') return value.includes(needle) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => pathsHolding(v, needle, `${path}.${k}`));
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  // Fails (never skips) when the CLI cannot be built, saying what is missing. Cold build: ~10 min.
  const root = await ensurePulumiCli();
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  m = await startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey) });
  token = await testToken({ role: 'admin', sub: 'pulumi-e2e' }, { key: pair.privateKey, expiresIn: '3h' });
  admin = createKubeopClient({ baseUrl: m.url, token });

  tmp = await mkdtemp(join(tmpdir(), 'kubeop-pulumi-e2e-'));
  // The dynamic provider runs in a process the CLI starts in the work dir: it loads @pulumi/pulumi and
  // the serialized provider's requires from there, so it must sit below this package's node_modules.
  const cache = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'pulumi-e2e');
  await mkdir(cache, { recursive: true });
  workDir = await mkdtemp(join(cache, `${inject('databaseKind')}-`));
  await mkdir(join(tmp, 'state'));
  const backend = `file://${join(tmp, 'state')}`;
  stack = await LocalWorkspace.createOrSelectStack(
    { stackName: 'e2e', projectName: 'kubeop-e2e', program },
    {
      workDir,
      pulumiCommand: await PulumiCommand.get({ root, skipVersionCheck: true }),
      projectSettings: { name: 'kubeop-e2e', runtime: 'nodejs', backend: { url: backend } },
      envVars: {
        PULUMI_BACKEND_URL: backend,
        PULUMI_CONFIG_PASSPHRASE: 'kubeop-e2e-passphrase',
        PULUMI_HOME: join(tmp, 'home'),
        PULUMI_SKIP_UPDATE_CHECK: 'true',
      },
    },
  );
  await stack.setAllConfig({ 'kubeop:baseUrl': { value: m.url }, 'kubeop:token': { value: token, secret: true } });
}, 40 * 60_000);

afterAll(async () => {
  await m?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe(`@kubeop/pulumi through the Pulumi CLI against a Manager on ${inject('databaseKind')} PostgreSQL`, () => {
  it(
    'up creates, a changed input updates in place, refresh sees drift, destroy removes; the token stays encrypted',
    { timeout: 10 * 60_000 },
    async () => {
      // up: tenant, project, app and rate, verified through the SDK.
      const up = await run('up', () => stack.up({ onOutput }));
      expect(up.summary.result).toBe('succeeded');
      expect(up.summary.resourceChanges).toMatchObject({ create: 5 }); // the stack and four resources
      const ids = {
        tenant: up.outputs.tenantID!.value as string,
        project: up.outputs.projectID!.value as string,
        app: up.outputs.appID!.value as string,
      };
      expect(await admin.tenants.get(ids.tenant)).toMatchObject({ name: 'pulumi-e2e', cluster_id: null });
      expect(await admin.projects.get(ids.project)).toMatchObject({
        tenant_id: ids.tenant,
        name: 'web',
        namespace: up.outputs.namespace!.value,
      });
      expect(await admin.apps.get(ids.app)).toMatchObject({
        project_id: ids.project,
        name: 'site',
        image: desired.image,
        host: 'site.local',
      });
      const rates = await admin.rates.get(ids.tenant);
      expect(rates.history).toHaveLength(1);
      expect(rates.history[0]).toMatchObject({ cpu_milli_rate: '0.01', currency: 'EUR' });
      expect(Date.parse(rates.history[0]!.effective_from)).toBe(Date.parse(desired.effectiveFrom));

      // Changed inputs: the preview says update (not replace), and up changes the same objects.
      Object.assign(desired, { tenantName: 'pulumi-e2e-renamed', image: 'docker.io/library/nginx:1.27', cpuMilliRate: '0.02' });
      const preview = await run('preview', () => stack.preview({ onOutput }));
      expect(preview.changeSummary).toEqual({ same: 2, update: 3 });
      const updated = await run('up (update)', () => stack.up({ onOutput }));
      expect(updated.summary.resourceChanges).toEqual({ same: 2, update: 3 });
      expect(updated.outputs.tenantID!.value).toBe(ids.tenant);
      expect(await admin.tenants.get(ids.tenant)).toMatchObject({ name: 'pulumi-e2e-renamed' });
      expect(await admin.apps.get(ids.app)).toMatchObject({ image: 'docker.io/library/nginx:1.27' });
      expect((await admin.rates.get(ids.tenant)).history.map((r) => r.cpu_milli_rate)).toEqual(['0.02']);

      // Another effectiveFrom is another rate: replace (the old entry stays in the history).
      desired.effectiveFrom = '2026-02-01T00:00:00Z';
      expect((await run('preview', () => stack.preview({ onOutput }))).changeSummary).toEqual({ same: 4, replace: 1 });
      await run('up (replace)', () => stack.up({ onOutput }));
      expect((await admin.rates.get(ids.tenant)).history).toHaveLength(2);

      // Drift: the app changed behind Pulumi's back. refresh sees it; up puts it back.
      await admin.apps.update(ids.app, { image: 'docker.io/library/busybox:1.36' });
      const refresh = await run('refresh', () => stack.refresh({ onOutput }));
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
      expect((await run('preview', () => stack.preview({ onOutput }))).changeSummary).toEqual({ same: 4, update: 1 });
      await run('up (after drift)', () => stack.up({ onOutput }));
      expect(await admin.apps.get(ids.app)).toMatchObject({ image: 'docker.io/library/nginx:1.27' });

      // A value the Manager rejects: the error names the field, and nothing changes.
      desired.appName = 'Not_A_Label';
      const failed = await stack.up({ onOutput }).then(
        () => 'succeeded',
        (e: unknown) => String(e),
      );
      expect(failed).toMatch(/kubeop: updating app [0-9a-f-]{36} failed: 400 invalid: field `name`/);
      desired.appName = 'site';

      // The state at rest (the backend's files) has the token only encrypted, inputs and outputs,
      // and no file there or in the work dir (Pulumi.<stack>.yaml) has it in plaintext.
      const files = [...(await filesUnder(join(tmp, 'state'))), ...(await filesUnder(workDir))];
      for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(token);
      const stateFile = files.find((f) => /[\\/]stacks[\\/].*e2e\.json$/.test(f));
      expect(stateFile, `the stack's state file among ${files.join(', ')}`).toBeDefined();
      const atRest = JSON.parse(await readFile(stateFile!, 'utf8'));
      const ours = (atRest.checkpoint.latest.resources as any[]).filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/kubeop:'));
      expect(ours.map((r) => r.type.split(':').pop()).sort()).toEqual(['App', 'Project', 'Tenant', 'TenantRate']);
      const encrypted = { [SECRET_SIG]: SECRET_SIG_VALUE, ciphertext: expect.any(String) };
      for (const r of ours) {
        expect(r.inputs.token, r.urn).toEqual(encrypted);
        expect(r.outputs.token, r.urn).toEqual(encrypted);
        expect(r.outputs.baseUrl).toBe(m.url);
        // The serialized provider (plain text in the state) carries no secret.
        expect(r.inputs.__provider).not.toContain(token);
      }
      // `stack export` (the Automation API passes --show-secrets) shows it only marked as a secret.
      const exported = await stack.exportStack();
      const plain = pathsHolding(exported, token);
      expect(plain.length).toBeGreaterThan(0);
      expect(plain.filter((p) => !/\.(token|kubeop:token)\.plaintext$/.test(p))).toEqual([]);

      // destroy: every object is gone (the tenant's rates with it).
      const destroyed = await run('destroy', () => stack.destroy({ onOutput }));
      expect(destroyed.summary.resourceChanges).toMatchObject({ delete: 5 });
      expect(await status(admin.apps.get(ids.app))).toBe(404);
      expect(await status(admin.projects.get(ids.project))).toBe(404);
      expect(await status(admin.tenants.get(ids.tenant))).toBe(404);
    },
  );
});
