import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireSdk } from './sdk.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('requireSdk', () => {
  it('finds @kubeop/sdk through @kubeop/pulumi from a program directory (pnpm: not a direct dependency there)', () => {
    // apps/manager depends on @kubeop/pulumi (and on @kubeop/sdk); packages/pulumi on @kubeop/sdk.
    for (const dir of [join(repo, 'apps', 'manager'), join(repo, 'packages', 'pulumi')]) {
      const sdk = requireSdk(dir);
      expect(typeof sdk.createKubeopClient).toBe('function');
      expect(typeof sdk.isKubeopApiError).toBe('function');
    }
  });
});
