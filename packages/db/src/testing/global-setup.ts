import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL on which tests may create databases. */
    databaseServerUrl: string;
    /** `postgres` (the machine's server) or `embedded` (the zero-setup default). */
    databaseKind: 'postgres' | 'embedded';
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

let embedded: { server: EmbeddedServer; dir: string; users: number } | null = null;
let embeddedStarting: Promise<EmbeddedServer> | null = null;

async function checkServer(url: string, what: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('select 1');
  } catch (e) {
    throw new Error(
      `${what} is not reachable at ${new URL(url).host} (${e instanceof Error ? e.message : String(e)}). ` +
        'Start PostgreSQL (e.g. `pg_ctlcluster 15 main start`) or set DATABASE_URL to a server the tests may create databases on.',
    );
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * vitest globalSetup: provides a database server to the project. `KUBEOP_TEST_DB` in the project's
 * env selects it: `postgres` (DATABASE_URL, else the machine's server) or `embedded` (one embedded
 * server shared by every project of the run). Unreachable servers fail the run with what to do.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = project.config.env ?? {};
  const kind = (env.KUBEOP_TEST_DB ?? process.env.KUBEOP_TEST_DB ?? (process.env.DATABASE_URL ? 'postgres' : 'embedded')) as
    | 'postgres'
    | 'embedded';
  if (kind === 'postgres') {
    const url = process.env.DATABASE_URL ?? process.env.KUBEOP_DB_URL ?? DEFAULT_TEST_DATABASE_URL;
    await checkServer(url, 'The PostgreSQL server for the tests');
    project.provide('databaseServerUrl', url);
    project.provide('databaseKind', 'postgres');
    return async () => {};
  }
  if (!embedded) {
    embeddedStarting ??= (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kubeop-test-pg-'));
      const server = await startEmbeddedPostgres(dir);
      embedded = { server, dir, users: 0 };
      return server;
    })();
    await embeddedStarting;
  }
  const current = embedded!;
  current.users += 1;
  await checkServer(current.server.url, 'The embedded PostgreSQL server');
  project.provide('databaseServerUrl', current.server.url);
  project.provide('databaseKind', 'embedded');
  return async () => {
    current.users -= 1;
    if (current.users === 0) {
      embedded = null;
      embeddedStarting = null;
      await current.server.stop();
      await rm(current.dir, { recursive: true, force: true });
    }
  };
}
