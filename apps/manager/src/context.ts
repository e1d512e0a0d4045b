import type { ClusterServices, Context, TokenIssuer } from '@kubeop/api';
import type { BillingSettings, Database } from '@kubeop/core';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { authenticate, type Authentication, type TokenVerifier } from './auth.js';

export interface ContextDeps {
  db: Kysely<Database>;
  requireAuth: boolean;
  verify: TokenVerifier;
  clusters: ClusterServices;
  billing: BillingSettings;
  tokens: TokenIssuer;
}

const ANONYMOUS: Authentication = { principal: null, error: null };

/** One context builder for /trpc and /v1, so both protocols see the same caller. */
export async function createContext(deps: ContextDeps, req: FastifyRequest): Promise<Context> {
  const auth = deps.requireAuth ? await authenticate(req.headers.authorization, deps.verify) : ANONYMOUS;
  if (auth.error) req.log.debug({ reason: auth.error }, 'token refused');
  return {
    db: deps.db,
    authRequired: deps.requireAuth,
    principal: auth.principal,
    authError: auth.error,
    // the audit log records the token's `sub`
    actor: { name: auth.principal ? auth.principal.subject : 'anonymous', requestId: req.id },
    requestId: req.id,
    clusters: deps.clusters,
    billing: deps.billing,
    tokens: deps.tokens,
  };
}
