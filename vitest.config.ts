import { defineConfig } from 'vitest/config';

/**
 * The whole suite in one run. Every package that touches the database runs twice: once on a
 * PostgreSQL server (DATABASE_URL, else the machine's at 127.0.0.1:5432) and once on the embedded
 * default. Kubernetes suites share one local control plane per run.
 */
// `include` arrays concatenate with the package config's, so projects narrow their files with `exclude`.
const NOT_DB_TESTS = 'src/**/!(*.db).test.ts';
const DB_TESTS = 'src/**/*.db.test.ts';

const onBothDatabases = (dir: string, name: string, exclude: string[] = []) =>
  (['postgres', 'embedded'] as const).map((db) => ({
    extends: `./${dir}/vitest.config.ts`,
    root: `./${dir}`,
    test: { name: `${name}:${db}`, env: { KUBEOP_TEST_DB: db }, exclude: ['**/node_modules/**', ...exclude] },
  }));

export default defineConfig({
  test: {
    projects: [
      // core: database tests (`*.db.test.ts`) on both databases, everything else once.
      ...onBothDatabases('packages/core', 'core', [NOT_DB_TESTS]),
      {
        extends: './packages/core/vitest.config.ts',
        root: './packages/core',
        test: { name: 'core', exclude: [DB_TESTS, '**/node_modules/**'] },
      },
      ...onBothDatabases('apps/manager', 'manager'),
      { extends: './packages/kube/vitest.config.ts', root: './packages/kube', test: { name: 'kube' } },
      { extends: './apps/operator/vitest.config.ts', root: './apps/operator', test: { name: 'operator' } },
      { extends: './apps/admission/vitest.config.ts', root: './apps/admission', test: { name: 'admission' } },
      { extends: './packages/api/vitest.config.ts', root: './packages/api', test: { name: 'api' } },
      { extends: './packages/sdk/vitest.config.ts', root: './packages/sdk', test: { name: 'sdk' } },
      { extends: './packages/pulumi/vitest.config.ts', root: './packages/pulumi', test: { name: 'pulumi' } },
      { extends: './tooling/test-cluster/vitest.config.ts', root: './tooling/test-cluster', test: { name: 'test-cluster' } },
      // The repository's own scripts (scripts/node-runtime.mjs: fetching Node 24).
      { test: { name: 'scripts', root: './scripts', include: ['*.test.ts'], environment: 'node', testTimeout: 30_000 } },
    ],
  },
});
