import type { ClusterServices } from '@kubeop/api';
import {
  AppStatusWatches,
  BootstrapJobs,
  ClusterService,
  ProjectKubeconfigs,
  createJobQueue,
  Metering,
  SyncJobs,
  type JobQueue,
  migrateToLatest,
  openDatabase,
  platform,
  type DatabaseHandle,
} from '@kubeop/core';
import type { Logger } from 'pino';
import { isLoopbackHost, type ManagerConfig } from './config.js';
import { createVerifier } from './auth.js';
import { loadKeyring } from './keyring.js';
import { RevocationList } from './revocation-list.js';
import { loadSigningKeys } from './signing-keys.js';
import { createTokenIssuer } from './token-issuer.js';
import { buildServer, type Server } from './server.js';
import { releaseVersion } from './version.js';

export interface RunningManager {
  server: Server;
  database: DatabaseHandle;
  clusters: ClusterServices;
  /** The watches behind `clusters.appStatus` (which clusters are watched). */
  appStatus: AppStatusWatches;
  /** Hourly metering of bound tenants' usage (`meterNow()` runs it on demand; so does `POST /v1/usage/meter`). */
  metering: Metering;
  /** The URL the Manager listens on, e.g. http://127.0.0.1:18080. */
  url: string;
  /** Stops accepting connections, finishes in-flight requests and jobs, closes the database. */
  close(): Promise<void>;
}

const MAX_LOGGED_STRING = 1000;

/** Error strings from jobs can be whole Kubernetes responses: log at most 1000 characters of each. */
export function capStrings(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    out[k] = typeof v === 'string' && v.length > MAX_LOGGED_STRING ? `${v.slice(0, MAX_LOGGED_STRING)}… (${v.length} characters)` : v;
  }
  return out;
}

/**
 * What bootstrap installs: `KUBEOP_*` settings, and images tagged with this Manager's release (the
 * operator and admission server are released with it), not a library's package version.
 */
export function platformOptionsFor(env: Record<string, string | undefined>, release: string | undefined): platform.PlatformOptionsInput {
  return { ...(release ? { version: release } : {}), ...platform.platformOptionsFromEnv(env) };
}

/** Opens the database (embedded unless a URL is configured), migrates it, starts the job queue and serves HTTP. */
export async function startManager(config: ManagerConfig, logger: Logger): Promise<RunningManager> {
  const started = Date.now();
  const keyring = await loadKeyring(config, logger);
  const signingKeys = await loadSigningKeys(config, logger);
  const platformOptions = platformOptionsFor(config.env, releaseVersion);
  platform.resolvePlatformOptions(platformOptions); // refuse bad KUBEOP_* image/namespace settings at start
  const outbound = platform.outboundPolicyFromEnv(config.env);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    connectTimeoutMs: config.dbTimeoutMs,
    log: (line) => logger.debug({ component: 'database' }, line),
  });
  let queue: JobQueue | undefined;
  let sync: SyncJobs | undefined;
  let revocations: RevocationList | undefined;
  let appStatus: AppStatusWatches | undefined;
  let metering: Metering | undefined;
  try {
    const report = await migrateToLatest(database.db);
    if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');
    revocations = new RevocationList(database.db, config.revocationRefreshMs, (e) =>
      logger.warn({ component: 'tokens', err: e }, 'could not refresh the token revocation list'),
    );
    await revocations.start();
    const revoked = revocations;
    const tokenClaims = { issuer: config.jwtIssuer, audience: config.jwtAudience };
    const auth = {
      verify: createVerifier({ keys: signingKeys, ...tokenClaims, maxLifetimeSeconds: config.tokenMaxLifetimeSeconds, revoked }),
      tokens: createTokenIssuer({
        keys: signingKeys,
        ...tokenClaims,
        maxTtlSeconds: config.tokenMaxTtlSeconds,
        onRevoked: (jti) => revoked.add(jti),
      }),
      jwks: signingKeys.jwks,
    };
    const registry = new ClusterService(database.db, keyring, { policy: outbound });
    queue = createJobQueue({
      databaseUrl: database.url,
      maintenanceIntervalSeconds: Math.min(30, Math.max(2, Math.floor(config.bootstrapTimeoutSeconds / 3))),
      log: (msg, fields) => logger.error({ component: 'jobs', ...capStrings(fields) }, msg),
    });
    await queue.start();
    const jobs = new BootstrapJobs({
      queue,
      clusters: registry,
      platform: platformOptions,
      jobTimeoutSeconds: config.bootstrapTimeoutSeconds,
      log: (msg, fields) => logger.info({ component: 'bootstrap', ...capStrings(fields) }, msg),
    });
    await jobs.start();
    sync = new SyncJobs({
      db: database.db,
      queue,
      clusters: registry,
      log: (msg, fields) => logger.warn({ component: 'sync', ...capStrings(fields) }, msg),
    });
    await sync.start();
    appStatus = new AppStatusWatches({
      db: database.db,
      clusters: registry,
      log: (level, msg, fields) => logger[level]({ component: 'app-status', ...capStrings(fields) }, msg),
    });
    await appStatus.start();
    metering = new Metering({
      db: database.db,
      queue,
      clusters: registry,
      maxBatch: config.billing.maxBatch,
      keyTtlSeconds: config.billing.idempotencyKeyTtlSeconds,
      log: (msg, fields) => logger.warn({ component: 'metering', ...capStrings(fields) }, msg),
    });
    await metering.start();
    const clusters: ClusterServices = {
      registry,
      bootstrap: jobs,
      platform: platformOptions,
      statusTimeoutMs: config.clusterStatusTimeoutMs,
      kubeconfigs: new ProjectKubeconfigs(database.db, registry, { ttlSeconds: config.projectKubeconfigTtlSeconds }),
      appStatus,
      metering,
    };
    const server = await buildServer({ config, database, logger, clusters, auth });
    await server.app.listen({ host: config.host, port: config.port });
    const addr = server.app.server.address();
    const bound = addr && typeof addr === 'object' ? addr : { address: config.host, port: config.port };
    const bracket = (h: string) => (h.includes(':') ? `[${h}]` : h);
    // What clients on this machine connect to: all interfaces include loopback.
    const host = bound.address === '0.0.0.0' || bound.address === '::' ? '127.0.0.1' : bound.address;
    const url = `http://${bracket(host)}:${bound.port}`;
    if (!config.requireAuth) {
      logger.warn(
        {
          address: `${bracket(bound.address)}:${bound.port}`,
          ...(config.jwtSigningKey || config.jwtPrivateKey ? { jwtKeys: 'set but unused' } : {}),
        },
        isLoopbackHost(bound.address)
          ? 'authentication is OFF (KUBEOP_REQUIRE_AUTH=false): every process on this machine has full access'
          : 'authentication is OFF on a network address (KUBEOP_INSECURE_LISTEN=true): everyone who can reach it has full access',
      );
    }
    logger.info(
      {
        address: `${bracket(bound.address)}:${bound.port}`,
        url,
        auth: config.requireAuth,
        database: database.kind,
        startupMs: Date.now() - started,
      },
      'kubeOP Manager listening',
    );
    const runningQueue = queue;
    const runningSync = sync;
    const runningAppStatus = appStatus;
    const runningMetering = metering;
    return {
      server,
      database,
      clusters,
      appStatus,
      metering: runningMetering,
      url,
      async close() {
        await server.app.close();
        revoked.stop();
        await runningMetering.stop();
        await runningAppStatus.stop();
        await runningSync.stop();
        await jobs.stop();
        await runningQueue.stop({ graceful: true, wait: true, timeout: 15_000 });
        await database.close();
      },
    };
  } catch (e) {
    revocations?.stop();
    await metering?.stop().catch(() => undefined);
    await appStatus?.stop().catch(() => undefined);
    await sync?.stop().catch(() => undefined);
    await queue?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
    await database.close();
    throw e;
  }
}
