import { defineConfig, mergeConfig } from 'vitest/config';
import { baseConfig } from '@kubeop/vitest-config';

export default mergeConfig(baseConfig, defineConfig({ test: { setupFiles: ['src/test-setup.ts'] } }));
