import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.js';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** A PostgreSQL URL. Without one, an embedded server is started under `dataDir`. */
  url?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** How long a connection attempt may take before the request fails as unavailable. */
  connectTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'embedded';
  /** The connection URL (with credentials: never log it), for components with their own pool (the job queue). */
  url: string;
  /** Throws when the database does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Fixed SQL texts of hot queries that run as named prepared statements: PostgreSQL parses and plans
 * them once per connection instead of on every call. Only for SQL built once at startup from
 * constant parts (records.ts), so the set stays small; every other query runs unnamed as before.
 */
const preparedNames = new Map<string, string>();

export function runAsPreparedStatement(sqlText: string): void {
  if (!preparedNames.has(sqlText)) preparedNames.set(sqlText, `kubeop_${preparedNames.size + 1}`);
}

/** The pool Kysely sees: the same clients, with registered SQL texts sent as named statements. */
function preparingPool(pool: pg.Pool): PostgresPool {
  // Kysely keeps per-client state keyed by the client object: hand it the same wrapper every time.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (q: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
      const name = typeof q === 'string' ? preparedNames.get(q) : undefined;
      if (name) return client.query({ name, text: q as string, values: parameters as unknown[] });
      return parameters === undefined ? client.query(q as pg.Submittable) : client.query(q as string, parameters as unknown[]);
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy) => client.release(destroy),
      // Lets Kysely cancel an aborted query (pg_cancel_backend) without asking the server for the pid.
      get processID() {
        return (client as pg.PoolClient & { processID?: number }).processID;
      },
    };
  };
  return {
    // Kysely opens a separate control connection with these to cancel an aborted query.
    Client: pg.Client as unknown as PostgresPool['Client'],
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

/** Opens the database the environment selects: `url` when given, the embedded server otherwise. */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  const embedded = opts.url ? null : await startEmbeddedPostgres(opts.dataDir, opts.log);
  const url = opts.url ?? embedded!.url;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (e) => opts.log?.(`database pool: ${e.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  let closed = false;
  return {
    db,
    kind: embedded ? 'embedded' : 'postgres',
    url,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}
