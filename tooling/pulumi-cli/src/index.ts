import { hasGo, runBuildScript } from '@kubeop/test-cluster';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the `tooling/pulumi-cli` package. */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const buildScript = join(packageDir, 'scripts', 'build.sh');

export const GO_MISSING_MESSAGE =
  'The @kubeop/pulumi end-to-end tests need the Pulumi CLI, which is built from Go modules once per machine: install Go >= 1.26 (https://go.dev/dl, `go` on PATH), then run `pnpm --filter @kubeop/pulumi-cli build-bins` (or let the test build it).';

/** The pinned CLI version from `scripts/versions.env`, overridable with KUBEOP_PULUMI_VERSION. */
export function pulumiVersion(): string {
  if (process.env.KUBEOP_PULUMI_VERSION) return process.env.KUBEOP_PULUMI_VERSION;
  const m = /^PULUMI_VERSION=(\S+)\s*$/m.exec(readFileSync(join(packageDir, 'scripts', 'versions.env'), 'utf8'));
  if (!m?.[1]) throw new Error('scripts/versions.env does not define PULUMI_VERSION');
  return m[1];
}

/** `$KUBEOP_PULUMI_CACHE/<version>` (default `~/.cache/kubeop/pulumi/<version>`): the root `PulumiCommand.get({ root })` takes. */
export function pulumiRoot(version: string = pulumiVersion()): string {
  return join(process.env.KUBEOP_PULUMI_CACHE || join(homedir(), '.cache', 'kubeop', 'pulumi'), version);
}

/** The files the build leaves in `<root>/bin`. */
export const ARTEFACTS = ['pulumi', 'pulumi-resource-pulumi-nodejs'] as const;

/** True when the CLI and the Node.js dynamic-provider plugin are in the cache. */
export function pulumiCliPresent(root: string = pulumiRoot()): boolean {
  return ARTEFACTS.every((a) => {
    const p = join(root, 'bin', a);
    return existsSync(p) && statSync(p).size > 0;
  });
}

/**
 * The install root of the pinned Pulumi CLI (`<root>/bin/pulumi`, with `pulumi-resource-pulumi-nodejs`
 * beside it), building it with scripts/build.sh first when the cache is empty (cold: ~10 min on 2
 * cores). Throws, saying what is missing, when it cannot: a test that needs the CLI fails, never skips.
 */
export async function ensurePulumiCli(options: { output?: NodeJS.WritableStream } = {}): Promise<string> {
  const root = pulumiRoot();
  if (pulumiCliPresent(root)) return root;
  if (!hasGo()) throw new Error(GO_MISSING_MESSAGE);
  const out = options.output ?? process.stderr;
  out.write(`[pulumi-cli] building the Pulumi CLI ${pulumiVersion()} into ${root} (one-time, ~10 min cold)\n`);
  const code = await runBuildScript(buildScript, out);
  if (code !== 0 || !pulumiCliPresent(root)) {
    throw new Error(
      `the Pulumi CLI build (tooling/pulumi-cli/scripts/build.sh) failed (exit ${code}); see its output above. ${code === 127 ? GO_MISSING_MESSAGE : ''}`,
    );
  }
  return root;
}
