import { baseConfig } from '@kubeop/vitest-config';
import { defineConfig, mergeConfig } from 'vitest/config';

export default mergeConfig(
  baseConfig,
  defineConfig({
    test: {
      // One control plane per run (or KUBEOP_TEST_KUBECONFIG); tests isolate themselves by namespace.
      globalSetup: ['./src/vitest-global-setup.ts'],
      testTimeout: 90_000,
      hookTimeout: 180_000,
      teardownTimeout: 60_000,
    },
  }),
);
