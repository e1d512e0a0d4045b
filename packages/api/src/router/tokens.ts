import {
  getProject,
  InvalidError,
  listIssuedTokens,
  NotFoundError,
  recordIssuedToken,
  revokeIssuedToken,
  type IssuedToken,
} from '@kubeop/core';
import { z } from 'zod';
import { scopeOf } from '../principal.js';
import { procedure, router } from '../trpc.js';
import { listOf, pageInput, pathId, timestamp, uuid } from '../wire.js';

const tags = ['tokens'];
export const DEFAULT_TTL_MINUTES = 60;

const issuedTokenJson = z
  .object({
    jti: z.uuid(),
    subject: z.string(),
    role: z.enum(['admin', 'tenant', 'project']),
    scope: z.string().describe('admin, tenant:<id> or project:<id>'),
    tenant_id: z.uuid().nullable(),
    project_id: z.uuid().nullable(),
    issued_by: z.string().describe('The `sub` of whoever issued it (`cli` for `kubeop-manager token create`)'),
    issued_at: timestamp,
    expires_at: timestamp,
    revoked_at: timestamp.nullable(),
  })
  .meta({ id: 'IssuedToken' });

const toJson = (t: IssuedToken): z.infer<typeof issuedTokenJson> => ({
  jti: t.jti,
  subject: t.subject,
  role: t.role,
  scope: t.scope,
  tenant_id: t.tenantId,
  project_id: t.projectId,
  issued_by: t.issuedBy,
  issued_at: t.issuedAt.toISOString(),
  expires_at: t.expiresAt.toISOString(),
  revoked_at: t.revokedAt ? t.revokedAt.toISOString() : null,
});

export const tokensRouter = router({
  /**
   * The upstream's `POST /v1/jwt/project` (its key spelling, matched case-insensitively). The token
   * acts as the project (`sub` = `project:<id>`); who minted it is recorded as `issued_by` and as the
   * actor of its audit entry.
   */
  createProjectToken: procedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/jwt/project',
        tags,
        summary: 'Issue a project-scoped token (admin, or the tenant owning the project)',
      },
    })
    .input(
      z.object({
        ProjectID: uuid,
        TTLMinutes: z
          .number()
          .int('must be a whole number of minutes')
          .min(1, 'must be above 0')
          .nullish()
          .describe(`Lifetime in minutes (default ${DEFAULT_TTL_MINUTES}; at most KUBEOP_TOKEN_MAX_TTL)`),
      }),
    )
    .output(
      z.object({
        token: z.string().describe('The bearer token; shown once, never stored'),
        expires_at: timestamp,
        jti: z.uuid().describe('Names the token for DELETE /v1/jwt/{jti}'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const ttlSeconds = (input.TTLMinutes ?? DEFAULT_TTL_MINUTES) * 60;
      const maxMinutes = Math.floor(ctx.tokens.maxTtlSeconds / 60);
      if (ttlSeconds > ctx.tokens.maxTtlSeconds) {
        throw InvalidError.field('TTLMinutes', `must be at most ${maxMinutes} (KUBEOP_TOKEN_MAX_TTL)`);
      }
      const project = await getProject(ctx.db, input.ProjectID).catch((e: unknown) => {
        throw e instanceof NotFoundError ? new NotFoundError('project', input.ProjectID, 'ProjectID') : e;
      });
      const target = { role: 'project', projectId: project.id } as const;
      const signed = await ctx.tokens.sign({ role: 'project', scope: scopeOf(target), subject: scopeOf(target), ttlSeconds });
      await recordIssuedToken(
        ctx.db,
        {
          jti: signed.jti,
          subject: scopeOf(target),
          role: 'project',
          scope: scopeOf(target),
          tenantId: project.tenantId,
          projectId: project.id,
          expiresAt: signed.expiresAt,
        },
        ctx.actor,
      );
      return { token: signed.token, expires_at: signed.expiresAt.toISOString(), jti: signed.jti };
    }),

  list: procedure
    .meta({
      openapi: { method: 'GET', path: '/jwt', tags, summary: 'List issued tokens, newest first, of a tenant or a project' },
      list: true,
    })
    .input(z.object({ tenantID: uuid.optional(), projectID: uuid.optional(), ...pageInput }))
    .output(listOf(issuedTokenJson))
    .query(async ({ ctx, input }) => {
      const page = await listIssuedTokens(ctx.db, {
        tenantId: input.tenantID,
        projectId: input.projectID,
        limit: input.limit,
        cursor: input.cursor,
      });
      return { items: page.items.map(toJson), nextCursor: page.nextCursor };
    }),

  revoke: procedure
    .meta({
      openapi: { method: 'DELETE', path: '/jwt/{jti}', tags, summary: 'Revoke an issued token (every Manager refuses it within seconds)' },
      successStatus: 204,
    })
    .input(z.object({ jti: pathId }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const token = await revokeIssuedToken(ctx.db, input.jti, ctx.actor);
      ctx.tokens.revoked(token.jti);
    }),
});
