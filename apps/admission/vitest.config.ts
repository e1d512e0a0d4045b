import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '@kubeop/vitest-config';

// No shared test cluster: the end-to-end suite starts a control plane of its own (its webhooks have
// failurePolicy Fail and must not disturb other suites).
export default mergeConfig(baseConfig, defineConfig({ test: { testTimeout: 120_000, hookTimeout: 180_000 } }));
