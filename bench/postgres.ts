import pg from 'pg';

/** The PostgreSQL server benchmarks run against: DATABASE_URL, else the machine's. */
export const serverUrl = process.env.DATABASE_URL ?? process.env.KUBEOP_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `url` pointing at database `db`. */
export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs one statement on the server's default database (create/drop database). */
export async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
