/**
 * kubeOP's database: the Kysely schema, migrations, and connections to PostgreSQL (a server by URL,
 * or the embedded one under the data directory). No domain rules here: services live in @kubeop/core.
 */
export { openDatabase, runAsPreparedStatement, type DatabaseHandle, type DatabaseOptions } from './connect.js';
export { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
export { migrateToLatest, type MigrationReport } from './migrate.js';
export { migrationProvider } from './migrations/index.js';
export type * from './schema.js';
