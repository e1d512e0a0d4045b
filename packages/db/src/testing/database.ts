import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../connect.js';
import { migrateToLatest } from '../migrate.js';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** URL of the fresh database, for starting a Manager against it. */
  url: string;
  /** Drops the database. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database on the server at `serverUrl`, so test files never see each other's rows.
 * The server is the machine's PostgreSQL or the embedded one, as the test project selects.
 */
export async function createTestDatabase(serverUrl: string, opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `kubeop_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ url, dataDir: '/nonexistent' });
  if (opts.migrate !== false) await migrateToLatest(handle.db);
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
