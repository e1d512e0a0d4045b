import PgBoss from 'pg-boss';

/**
 * The Manager's durable job queue: pg-boss in its own `pgboss` schema of the same PostgreSQL
 * (embedded included). One instance serves every kind of job (bootstrap, sync).
 */
export function createJobQueue(opts: {
  databaseUrl: string;
  maintenanceIntervalSeconds?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}): PgBoss {
  const boss = new PgBoss({
    connectionString: opts.databaseUrl,
    max: 3,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (e: Error) => opts.log?.('job queue error', { err: e.message }));
  return boss;
}

export type JobQueue = PgBoss;
