import { migrateToLatest, openDatabase, type DatabaseHandle } from '@kubeop/core';
import type { Logger } from 'pino';
import type { ManagerConfig } from './config.js';
import { buildServer, type Server } from './server.js';

export interface RunningManager {
  server: Server;
  database: DatabaseHandle;
  /** The URL the Manager listens on, e.g. http://127.0.0.1:18080. */
  url: string;
  /** Stops accepting connections, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

/** Opens the database (embedded unless a URL is configured), migrates it and serves HTTP. */
export async function startManager(config: ManagerConfig, logger: Logger): Promise<RunningManager> {
  const started = Date.now();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    connectTimeoutMs: config.dbTimeoutMs,
    log: (line) => logger.debug({ component: 'database' }, line),
  });
  try {
    const report = await migrateToLatest(database.db);
    if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');
    const server = await buildServer({ config, database, logger });
    await server.app.listen({ host: config.host, port: config.port });
    const addr = server.app.server.address();
    const port = addr && typeof addr === 'object' ? addr.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    logger.info({ url, database: database.kind, startupMs: Date.now() - started }, 'kubeOP Manager listening');
    return {
      server,
      database,
      url,
      async close() {
        await server.app.close();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
