import type { ClusterServices, Context } from '@kubeop/api';
import type { BillingSettings, Database } from '@kubeop/core';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { authenticate } from './auth.js';

export interface ContextDeps {
  db: Kysely<Database>;
  requireAuth: boolean;
  jwtSigningKey: Uint8Array | undefined;
  clusters: ClusterServices;
  billing: BillingSettings;
}

/** One context builder for /trpc and /v1, so both protocols see the same caller. */
export async function createContext(deps: ContextDeps, req: FastifyRequest): Promise<Context> {
  const auth = deps.requireAuth ? await authenticate(req.headers.authorization, deps.jwtSigningKey) : { principal: null, error: null };
  const actor = auth.principal
    ? auth.principal.role === 'admin'
      ? `admin:${auth.principal.subject}`
      : auth.principal.role === 'tenant'
        ? `tenant:${auth.principal.tenantId}`
        : `project:${auth.principal.projectId}`
    : 'anonymous';
  return {
    db: deps.db,
    authRequired: deps.requireAuth,
    principal: auth.principal,
    authError: auth.error,
    actor: { name: actor, requestId: req.id },
    requestId: req.id,
    clusters: deps.clusters,
    billing: deps.billing,
  };
}
