// Plain JS so each app's tsup.config.ts can load it without a build step.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function gitCommit() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

/**
 * The bundle of a kubeOP app (`src/main.ts` → `dist/main.js`, ESM for Node 24): workspace packages
 * are TypeScript source and get bundled, npm dependencies stay in node_modules. Build information is
 * stamped in (`__KUBEOP_VERSION__`, `__KUBEOP_GIT_COMMIT__`, `__KUBEOP_BUILD_DATE__`), overridable by
 * the `KUBEOP_*` variables of the same names.
 * @param {string} configUrl the app's `import.meta.url` (its package.json sits beside it)
 */
export function appBundle(configUrl) {
  const pkg = JSON.parse(readFileSync(new URL('./package.json', configUrl), 'utf8'));
  return {
    entry: ['src/main.ts'],
    format: ['esm'],
    target: 'node24',
    platform: 'node',
    sourcemap: true,
    clean: true,
    noExternal: [/^@kubeop\//],
    define: {
      __KUBEOP_VERSION__: JSON.stringify(process.env.KUBEOP_VERSION ?? pkg.version),
      __KUBEOP_GIT_COMMIT__: JSON.stringify(process.env.KUBEOP_GIT_COMMIT ?? gitCommit()),
      __KUBEOP_BUILD_DATE__: JSON.stringify(process.env.KUBEOP_BUILD_DATE ?? new Date().toISOString()),
    },
  };
}
