import { sql, type Kysely } from 'kysely';
import type { Database, IssuedTokenRow } from '@kubeop/db';
import { NotFoundError } from '@kubeop/kube';
import { auditedWrite, type Actor } from './audit.js';
import { isUuid } from './ids.js';
import { pageParams, toPage, type Page, type PageRequest } from './pagination.js';

/** A token the Manager issued (never the token itself: only what it says and when it ends). */
export interface IssuedToken {
  jti: string;
  subject: string;
  role: 'admin' | 'tenant' | 'project';
  scope: string;
  tenantId: string | null;
  projectId: string | null;
  issuedBy: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type NewIssuedToken = Omit<IssuedToken, 'issuedBy' | 'issuedAt' | 'revokedAt' | 'revokedBy'>;

export interface IssuedTokenFilter extends PageRequest {
  tenantId?: string | undefined;
  projectId?: string | undefined;
}

const COLUMNS = [
  'jti',
  'subject',
  'role',
  'scope',
  'tenant_id',
  'project_id',
  'issued_by',
  'issued_at',
  'expires_at',
  'revoked_at',
  'revoked_by',
] as const satisfies readonly (keyof IssuedTokenRow)[];

export function toIssuedToken(row: IssuedTokenRow): IssuedToken {
  return {
    jti: row.jti,
    subject: row.subject,
    role: row.role,
    scope: row.scope,
    tenantId: row.tenant_id,
    projectId: row.project_id,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

/** Records a freshly signed token (audited as `create` of a `token`, the actor being who issued it). */
export async function recordIssuedToken(db: Kysely<Database>, token: NewIssuedToken, actor: Actor): Promise<IssuedToken> {
  const [row] = await auditedWrite<IssuedTokenRow & { id: string; name: string }>(
    db,
    db
      .insertInto('issued_tokens')
      .values({
        jti: token.jti,
        subject: token.subject,
        role: token.role,
        scope: token.scope,
        tenant_id: token.tenantId,
        project_id: token.projectId,
        issued_by: actor.name,
        expires_at: token.expiresAt,
      })
      .returning([...COLUMNS, 'jti as id', 'subject as name']),
    { actor, action: 'create', resourceType: 'token', details: { scope: token.scope, expires_at: token.expiresAt.toISOString() } },
  );
  return toIssuedToken(row!);
}

/**
 * Revokes a token by its `jti`. Revoking a revoked token changes nothing (and answers as the first
 * time did); an unknown `jti` is NotFound.
 */
export async function revokeIssuedToken(db: Kysely<Database>, jti: string, actor: Actor): Promise<IssuedToken> {
  if (!isUuid(jti)) throw new NotFoundError('token', jti);
  const [row] = await auditedWrite<IssuedTokenRow & { id: string; name: string }>(
    db,
    db
      .updateTable('issued_tokens')
      .set({ revoked_at: sql<Date>`now()`, revoked_by: actor.name })
      .where('jti', '=', jti)
      .where('revoked_at', 'is', null)
      .returning([...COLUMNS, 'jti as id', 'subject as name']),
    { actor, action: 'revoke', resourceType: 'token' },
  );
  if (row) return toIssuedToken(row);
  const existing = await db.selectFrom('issued_tokens').select(COLUMNS).where('jti', '=', jti).executeTakeFirst();
  if (!existing) throw new NotFoundError('token', jti);
  return toIssuedToken(existing);
}

/** Issued tokens, newest first (ids are UUIDv7), optionally of one tenant or project. */
export async function listIssuedTokens(db: Kysely<Database>, filter: IssuedTokenFilter): Promise<Page<IssuedToken>> {
  const { limit, before } = pageParams(filter);
  for (const [field, value] of [
    ['tenantID', filter.tenantId],
    ['projectID', filter.projectId],
  ] as const) {
    if (value !== undefined && !isUuid(value)) throw new NotFoundError(field === 'tenantID' ? 'tenant' : 'project', value, field);
  }
  let q = db
    .selectFrom('issued_tokens')
    .select(COLUMNS)
    .orderBy('jti', 'desc')
    .limit(limit + 1);
  if (filter.tenantId !== undefined) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.projectId !== undefined) q = q.where('project_id', '=', filter.projectId);
  if (before !== undefined) q = q.where('jti', '<', before);
  const rows = await q.execute();
  return toPage(
    rows.map((r) => ({ ...r, id: r.jti })),
    limit,
    toIssuedToken,
  );
}

/** Who owns an issued token's scope: the tenant (and project) it acts for; null when unknown. */
export async function issuedTokenOwner(
  db: Kysely<Database>,
  jti: string,
): Promise<{ tenantId: string | null; projectId: string | null } | null> {
  if (!isUuid(jti)) return null;
  const row = await db.selectFrom('issued_tokens').select(['tenant_id', 'project_id']).where('jti', '=', jti).executeTakeFirst();
  return row ? { tenantId: row.tenant_id, projectId: row.project_id } : null;
}

/**
 * A cheap fingerprint of the revocation list: when it has not changed, neither has the list.
 * (Revocations only ever add: a revoked token stays revoked.)
 */
export async function revocationVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('issued_tokens')
    .select([sql<string>`count(*)::text`.as('n'), sql<string | null>`max(revoked_at)::text`.as('latest')])
    .where('revoked_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return `${row.n}/${row.latest ?? ''}`;
}

/** The `jti` of every revoked token that has not expired yet (an expired token is refused anyway). */
export async function revokedTokenIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('issued_tokens')
    .select('jti')
    .where('revoked_at', 'is not', null)
    .where('expires_at', '>', sql<Date>`now() - interval '5 minutes'`)
    .execute();
  return rows.map((r) => r.jti);
}
