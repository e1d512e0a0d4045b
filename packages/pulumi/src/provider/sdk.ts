import type * as Sdk from '@kubeop/sdk';

export type KubeopSdk = typeof Sdk;

/**
 * `@kubeop/sdk` as the program resolves it: through `@kubeop/pulumi` (found from `dir`, by default the
 * working directory, which for a running provider is the program's directory), so that it is found
 * under pnpm's strict `node_modules` too; else from `dir` itself.
 */
export function requireSdk(dir: string = process.cwd()): KubeopSdk {
  // process.getBuiltinModule, not an import: this function is serialized with the provider and runs
  // in Pulumi's provider process, where it must capture nothing (see sdkLoader).
  const { createRequire } = process.getBuiltinModule('node:module');
  const fromDir = createRequire(`${dir}/__kubeop_pulumi__.js`);
  let from = fromDir;
  try {
    from = createRequire(fromDir.resolve('@kubeop/pulumi'));
  } catch {
    // not installed there: the SDK may still be
  }
  try {
    return from('@kubeop/sdk') as KubeopSdk;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(
      `kubeop: the provider cannot load @kubeop/sdk from ${dir} (install @kubeop/pulumi in the Pulumi program's directory): ${reason}`,
    );
  }
}

/**
 * How the providers get `@kubeop/sdk`: loaded when they run, never captured. Pulumi serializes a
 * dynamic provider's functions, with everything they close over, into the state and runs that text
 * in a separate process. A captured SDK would be copied in by value (50 kB per resource, and not
 * every value survives: its error class's `Symbol.for` brand does not), so the providers call
 * `sdkLoader.load()` instead. Tests may replace `load`.
 */
export const sdkLoader: { load: () => KubeopSdk } = {
  load: () => requireSdk(),
};
