/** The PostgreSQL server the benchmarks use: its URL, a database's URL on it, statements as its admin. */
import pg from 'pg';

export const serverUrl = process.env.DATABASE_URL ?? process.env.KUBEOP_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs one statement on the server's default database (create and drop databases). */
export async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
