import { parseArgs } from 'node:util';
import { scopeOf, type Role } from '@kubeop/api';
import { getProject, getTenant, isUuid, migrateToLatest, NotFoundError, openDatabase, recordIssuedToken } from '@kubeop/core';
import type { Logger } from 'pino';
import { ConfigError, parseDuration, type ManagerConfig } from './config.js';
import { loadSigningKeys } from './signing-keys.js';
import { signToken } from './token-issuer.js';

/** Wrong arguments to a subcommand (exit 2, the message names the flag). */
export class UsageError extends Error {}

export const TOKEN_USAGE =
  'usage: kubeop-manager token create --role admin|tenant|project [--tenant ID] [--project ID] [--ttl 60m] [--subject NAME]';

export interface TokenCreateArgs {
  role: Role;
  tenant?: string | undefined;
  project?: string | undefined;
  ttlSeconds: number;
  subject?: string | undefined;
}

/** `token create …` arguments; the lifetime is checked against `maxSeconds`. */
export function parseTokenArgs(argv: string[], maxSeconds: number): TokenCreateArgs {
  if (argv[0] !== 'create') throw new UsageError(TOKEN_USAGE);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(1),
      options: {
        role: { type: 'string' },
        tenant: { type: 'string' },
        project: { type: 'string' },
        ttl: { type: 'string' },
        subject: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${TOKEN_USAGE}`);
  }
  const role = values.role;
  if (role !== 'admin' && role !== 'tenant' && role !== 'project')
    throw new UsageError(`--role: expected admin, tenant or project\n${TOKEN_USAGE}`);
  if (role === 'tenant' && !values.tenant) throw new UsageError('--tenant: a tenant token needs the tenant id');
  if (role === 'project' && !values.project) throw new UsageError('--project: a project token needs the project id');
  if (role !== 'tenant' && values.tenant) throw new UsageError(`--tenant: only for --role tenant`);
  if (role !== 'project' && values.project) throw new UsageError(`--project: only for --role project`);
  for (const flag of ['tenant', 'project'] as const) {
    if (values[flag] !== undefined && !isUuid(values[flag])) throw new UsageError(`--${flag}: expected a UUID`);
  }
  const ttlSeconds = parseDuration(values.ttl ?? '60m');
  if (ttlSeconds === null || ttlSeconds <= 0) throw new UsageError('--ttl: expected a duration such as 90s, 60m, 24h or 30d');
  if (ttlSeconds > maxSeconds) throw new UsageError(`--ttl: at most ${maxSeconds}s (KUBEOP_TOKEN_MAX_LIFETIME)`);
  if (values.subject !== undefined && values.subject.trim() === '') throw new UsageError('--subject: must not be empty');
  return { role, tenant: values.tenant?.toLowerCase(), project: values.project?.toLowerCase(), ttlSeconds, subject: values.subject };
}

/**
 * `kubeop-manager token create`: signs a token with the Manager's own configuration (its signing
 * key; its database, to check the tenant or project exists and to record the token so it can be
 * listed and revoked). Returns the token; the caller prints it alone on the last line.
 */
export async function createTokenCommand(argv: string[], config: ManagerConfig, logger: Logger): Promise<string> {
  const args = parseTokenArgs(argv, config.tokenMaxLifetimeSeconds);
  const keys = await loadSigningKeys(config, logger);
  if (!keys.current)
    throw new ConfigError('token create needs KUBEOP_JWT_PRIVATE_KEY (an Ed25519 key: `openssl genpkey -algorithm ed25519`)');
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    let tenantId: string | null = null;
    let target: Parameters<typeof scopeOf>[0] = { role: 'admin' };
    try {
      if (args.role === 'tenant') {
        tenantId = (await getTenant(database.db, args.tenant!)).id;
        target = { role: 'tenant', tenantId };
      } else if (args.role === 'project') {
        const project = await getProject(database.db, args.project!);
        tenantId = project.tenantId;
        target = { role: 'project', projectId: project.id };
      }
    } catch (e) {
      if (e instanceof NotFoundError) throw new UsageError(`--${args.role}: ${e.message}`);
      throw e;
    }
    const scope = scopeOf(target);
    const subject = args.subject ?? scope;
    const signed = await signToken(
      { keys, issuer: config.jwtIssuer, audience: config.jwtAudience },
      { role: args.role, scope, subject, ttlSeconds: args.ttlSeconds },
    );
    await recordIssuedToken(
      database.db,
      {
        jti: signed.jti,
        subject,
        role: args.role,
        scope,
        tenantId,
        projectId: target.role === 'project' ? target.projectId : null,
        expiresAt: signed.expiresAt,
      },
      { name: 'cli' },
    );
    logger.info({ role: args.role, scope, subject, jti: signed.jti, expiresAt: signed.expiresAt.toISOString() }, 'token created');
    return signed.token;
  } finally {
    await database.close();
  }
}
