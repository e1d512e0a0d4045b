import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Workspace packages are TypeScript source: bundle them. npm dependencies stay in node_modules.
  noExternal: [/^@kubeop\//],
  define: { __KUBEOP_VERSION__: JSON.stringify(process.env.KUBEOP_VERSION ?? pkg.version) },
});
