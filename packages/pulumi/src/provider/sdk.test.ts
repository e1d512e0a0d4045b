import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireSdk } from './sdk.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..', '..');

describe('requireSdk', () => {
  it('finds @kubeop/sdk through @kubeop/pulumi from a program directory (pnpm: not a direct dependency there)', () => {
    // apps/manager depends on @kubeop/pulumi (and on @kubeop/sdk); packages/pulumi on @kubeop/sdk.
    for (const dir of [join(repo, 'apps', 'manager'), join(repo, 'packages', 'pulumi')]) {
      const sdk = requireSdk(dir);
      expect(typeof sdk.createKubeopClient).toBe('function');
      expect(typeof sdk.isKubeopApiError).toBe('function');
    }
  });

  it('says what is missing where neither is installed', () => {
    // In a plain node (vitest runs under pnpm's NODE_PATH, which finds every package of the store),
    // from the filesystem root, where no node_modules lookup finds either package.
    const script = `import { requireSdk } from ${JSON.stringify(join(here, 'sdk.ts'))};
      try { requireSdk('/'); console.log('loaded'); } catch (e) { console.log(e.message); }`;
    const env = { ...process.env };
    delete env.NODE_PATH;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    expect(out).toMatch(
      /^kubeop: the provider cannot load @kubeop\/sdk from \/ \(install @kubeop\/pulumi in the Pulumi program's directory\): Cannot find module '@kubeop\/sdk'/,
    );
  });
});
