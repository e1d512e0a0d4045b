import { defineConfig } from 'tsup';

/**
 * The published library, like @kubeop/sdk: ESM and CommonJS with type declarations for both;
 * dependencies (@kubeop/sdk, @pulumi/pulumi) stay imports.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'node',
  sourcemap: true,
  clean: true,
  treeshake: true,
});
