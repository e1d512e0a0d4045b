import { defineConfig } from 'tsup';

/**
 * The published library, unlike the apps' bundles (tooling/tsup): ESM and CommonJS with type
 * declarations for both, for Node ≥ 20.19 and bundlers; dependencies (openapi-fetch) stay imports.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  treeshake: true,
});
