import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_init.js';
import * as m0002 from './0002_clusters.js';
import * as m0003 from './0003_sync.js';
import * as m0004 from './0004_policies.js';
import * as m0005 from './0005_issued_tokens.js';
import * as m0006 from './0006_cluster_public_endpoint.js';
import * as m0007 from './0007_billing.js';
import * as m0008 from './0008_usage_indexes.js';

/**
 * Code-defined migrations, in order. Static imports so they survive bundling and run under
 * vitest and plain node alike. Never edit a released migration: add a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_clusters': m0002,
  '0003_sync': m0003,
  '0004_policies': m0004,
  '0005_issued_tokens': m0005,
  '0006_cluster_public_endpoint': m0006,
  '0007_billing': m0007,
  '0008_usage_indexes': m0008,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
