#!/usr/bin/env node
// The newcomer's entry point: `npm start`, `npm test` and `npm run bench` work on a machine that has
// only Node.js (>= 20) and npm. This script moves itself onto Node 24 (fetched once per machine when
// the one on PATH is older, see node-runtime.mjs), installs the pinned pnpm and the dependencies when
// they are missing or stale, builds what is needed, then does the job. No dependencies of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForwardingSignals, useSupportedNode } from './node-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, what) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.error(`\n${what} failed (exit ${status}).`);
    process.exit(status);
  }
}

/** The pinned pnpm: the one on PATH if it is the right version, else through npx (cached after the first time). */
function pnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env });
  if (!onPath.error && onPath.stdout.trim() === pnpmVersion) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${pnpmVersion}`]];
}

function pnpmRun(args, what) {
  const [cmd, pre] = pnpm();
  must(cmd, [...pre, ...args], what);
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log(`Installing dependencies with pnpm ${pnpmVersion} ...`);
  pnpmRun(['install', '--frozen-lockfile'], 'pnpm install');
}

function vitest(args) {
  const results = join(root, 'node_modules', '.vitest-results.json');
  rmSync(results, { force: true });
  const status = run(join(root, 'node_modules', '.bin', 'vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}`,
    ...args,
  ]);
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    // The plain closing line CI reads: "Tests: N passed, N failed".
    console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
    if (r.numFailedTests > 0 || r.success === false) return status || 1;
  }
  return status;
}

// From here on this is Node 24: the one on PATH, or the pinned build this call re-executed us on.
await useSupportedNode();
const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'start':
    ensureInstalled();
    pnpmRun(['turbo', 'run', 'build', '--filter=@kubeop/manager...', '--output-logs=errors-only'], 'build');
    // Stopping this process (SIGTERM, SIGINT) stops the Manager too, which drains and exits 0.
    process.exit(await runForwardingSignals(process.execPath, [join(root, 'apps/manager/dist/main.js'), ...rest], { cwd: root, env }));
    break;
  case 'test': {
    ensureInstalled();
    must(join(root, 'node_modules', '.bin', 'eslint'), ['.'], 'lint');
    must(join(root, 'node_modules', '.bin', 'prettier'), ['--check', '--log-level=warn', '.'], 'format check (run `pnpm format`)');
    pnpmRun(['turbo', 'run', 'typecheck', 'build', '--output-logs=errors-only'], 'typecheck and build');
    // the benchmarks are no package: typecheck them here, so a change elsewhere cannot leave one broken
    must(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'bench/tsconfig.json'], 'typecheck of bench/');
    // The Pulumi CLI of the @kubeop/pulumi end-to-end test: built from Go modules once per machine
    // (~10 min cold), before the suite so the build does not compete with it. A failure is not fatal
    // here: that test then fails with what is missing. Skipped when the arguments pick other tests only.
    const mayRunE2e = rest.length === 0 || rest.some((a) => /manager|pulumi/.test(a));
    if (mayRunE2e && run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'tooling/pulumi-cli/src/cli.ts')]) !== 0) {
      console.error('\nThe Pulumi CLI could not be built: the @kubeop/pulumi end-to-end test (apps/manager/src/pulumi.test.ts) will fail.');
    }
    process.exit(vitest(rest));
    break;
  }
  case 'bench': {
    // `npm run bench` runs the api, bootstrap, usage and admission benchmarks; `npm run bench -- api` (or bootstrap, usage, admission, operator) runs one.
    ensureInstalled();
    pnpmRun(
      [
        'turbo',
        'run',
        'build',
        '--filter=@kubeop/manager...',
        '--filter=@kubeop/operator...',
        '--filter=@kubeop/admission...',
        '--output-logs=errors-only',
      ],
      'build',
    );
    const names = rest.length ? rest : ['api', 'bootstrap', 'usage', 'admission'];
    for (const name of names) {
      const status = run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'bench', `${name}.ts`)]);
      if (status !== 0) process.exit(status);
    }
    break;
  }
  default:
    console.error('usage: node scripts/run.mjs start|test|bench [args]');
    process.exit(2);
}
