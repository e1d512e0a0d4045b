import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '@kubeop/vitest-config';

export default mergeConfig(
  baseConfig,
  defineConfig({
    test: {
      globalSetup: ['@kubeop/test-cluster/vitest-global-setup'],
      testTimeout: 120_000,
    },
  }),
);
