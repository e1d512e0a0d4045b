#!/usr/bin/env node
import { migrateToLatest, openDatabase } from '@kubeop/core';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startManager } from './manager.js';

/** `kubeop-manager [serve]` runs the Manager; `kubeop-manager migrate` only migrates the database. */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  if (command === 'migrate') {
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const report = await migrateToLatest(database.db);
      logger.info({ applied: report.applied }, report.applied.length ? 'migrated' : 'already up to date');
    } finally {
      await database.close();
    }
    return;
  }
  if (command !== 'serve') throw new ConfigError(`unknown command ${JSON.stringify(command)}; expected serve or migrate`);

  const manager = await startManager(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    manager.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ err: e }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof ConfigError ? `configuration: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`kubeop-manager: ${message}\n`);
  process.exit(e instanceof ConfigError ? 2 : 1);
});
