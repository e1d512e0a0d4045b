// Plain JS so vitest can load it from any package's config without a TS loader.
import { defineConfig } from 'vitest/config';

/** Shared vitest defaults: node environment, generous timeouts for real databases and clusters. */
export const baseConfig = defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    include: ['src/**/*.test.ts'],
  },
});
