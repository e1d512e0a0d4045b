#!/usr/bin/env node
import pino from 'pino';
import { ClusterService, KmsConfigError, migrateToLatest, openDatabase } from '@kubeop/core';
import { ConfigError, loadConfig } from './config.js';
import { loadKeyring } from './keyring.js';
import { createLogger } from './logger.js';
import { startManager } from './manager.js';
import { createTokenCommand, UsageError } from './token-command.js';

/**
 * `kubeop-manager [serve]` runs the Manager; `migrate` only migrates the database; `rotate-keys`
 * re-wraps every encrypted kubeconfig under the newest KMS key; `token create` signs a token
 * (the first admin token, for instance) and prints it alone on its last line.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  const config = loadConfig();
  // `token create` prints the token alone on stdout: its log goes to stderr
  const logger = createLogger(config.logLevel, command === 'token' ? pino.destination(2) : undefined);

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
  if (command === 'rotate-keys') {
    // Re-wraps every data key under the newest master key; the Manager may keep running meanwhile.
    const keyring = await loadKeyring(config, logger);
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateToLatest(database.db);
      const result = await new ClusterService(database.db, keyring).rotateKeys();
      logger.info({ ...result, currentKey: keyring.current.id }, 'keys rotated');
      if (result.conflicts > 0) process.exitCode = 3;
    } finally {
      await database.close();
    }
    return;
  }
  if (command === 'token') {
    const token = await createTokenCommand(argv.slice(1), config, logger);
    process.stdout.write(`${token}\n`);
    return;
  }
  if (command !== 'serve') {
    throw new ConfigError(`unknown command ${JSON.stringify(command)}; expected serve, migrate, rotate-keys or token create`);
  }

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
  // a closed terminal (or a parent forwarding its hang-up) stops the Manager cleanly too
  process.on('SIGHUP', () => stop('SIGHUP'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`kubeop-manager: ${e.message}\n`);
    process.exit(2);
  }
  const config = e instanceof ConfigError || e instanceof KmsConfigError || (e instanceof Error && e.name === 'InvalidError');
  const message = config ? `configuration: ${(e as Error).message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`kubeop-manager: ${message}\n`);
  process.exit(config ? 2 : 1);
});
