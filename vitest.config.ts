import { defineConfig } from 'vitest/config';

/**
 * The whole suite in one run. Every package that touches the database runs twice: once on a
 * PostgreSQL server (DATABASE_URL, else the machine's at 127.0.0.1:5432) and once on the embedded
 * default. Kubernetes suites share one local control plane per run.
 */
const onBothDatabases = (dir: string, name: string) =>
  (['postgres', 'embedded'] as const).map((db) => ({
    extends: `./${dir}/vitest.config.ts`,
    root: `./${dir}`,
    test: { name: `${name}:${db}`, env: { KUBEOP_TEST_DB: db } },
  }));

export default defineConfig({
  test: {
    projects: [
      ...onBothDatabases('packages/core', 'core'),
      ...onBothDatabases('apps/manager', 'manager'),
      { extends: './packages/api/vitest.config.ts', root: './packages/api', test: { name: 'api' } },
      { extends: './tooling/test-cluster/vitest.config.ts', root: './tooling/test-cluster', test: { name: 'test-cluster' } },
    ],
  },
});
