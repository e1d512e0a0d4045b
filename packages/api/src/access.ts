import { ForbiddenError, isUuid, UnauthorizedError } from '@kubeop/core';
import type { Context } from './context.js';

/**
 * Who may call each procedure, in one table (the upstream's matrix, §1.2 of upstream-behaviour.md).
 * Rules are checked before a procedure runs, so a caller without access learns nothing about
 * whether the thing exists (the upstream looked up first and leaked existence through 404 vs 403).
 */
export type ScopeResolver = (input: Record<string, unknown>, ctx: Context) => Promise<string | null> | string | null;

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'admin' }
  /** Admin, or a tenant token whose tenant is `tenant(input)`, or a project token whose project is `project(input)`. */
  | { kind: 'scoped'; tenant?: ScopeResolver; project?: ScopeResolver };

export const PUBLIC: AccessRule = { kind: 'public' };
export const ADMIN: AccessRule = { kind: 'admin' };
export const scoped = (resolvers: { tenant?: ScopeResolver; project?: ScopeResolver }): AccessRule => ({ kind: 'scoped', ...resolvers });

function field(name: string): ScopeResolver {
  return (input) => {
    const v = input[name];
    return typeof v === 'string' ? v : null;
  };
}

/** The parent of the entity whose id is in input field `id`: a project's tenant, an app's project. */
function parentOf(table: 'projects', column: 'tenant_id'): ScopeResolver;
function parentOf(table: 'apps', column: 'project_id'): ScopeResolver;
function parentOf(table: 'projects' | 'apps', column: 'tenant_id' | 'project_id'): ScopeResolver {
  return async (input, ctx) => {
    const id = input.id;
    if (typeof id !== 'string' || !isUuid(id)) return null;
    const row = await ctx.db
      .selectFrom(table as 'apps')
      .select(`${column as 'project_id'} as parent`)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.parent ?? null;
  };
}

/** The access table. A test asserts that every procedure of the router has an entry. */
export const ACCESS = {
  'tenants.create': ADMIN,
  'tenants.list': ADMIN,
  'tenants.get': scoped({ tenant: field('id') }),
  'tenants.replace': ADMIN,
  'tenants.patch': ADMIN,
  'tenants.replaceInBody': ADMIN,
  'tenants.patchInBody': ADMIN,
  'tenants.delete': ADMIN,

  'projects.create': scoped({ tenant: field('tenantID') }),
  'projects.list': scoped({ tenant: field('tenantID') }),
  'projects.get': scoped({ tenant: parentOf('projects', 'tenant_id'), project: field('id') }),
  'projects.replace': ADMIN,
  'projects.patch': ADMIN,
  'projects.replaceInBody': ADMIN,
  'projects.patchInBody': ADMIN,
  'projects.delete': ADMIN,

  'apps.create': scoped({ project: field('projectID') }),
  'apps.list': scoped({ project: field('projectID') }),
  'apps.get': scoped({ project: parentOf('apps', 'project_id') }),
  'apps.replace': ADMIN,
  'apps.patch': ADMIN,
  'apps.replaceInBody': ADMIN,
  'apps.patchInBody': ADMIN,
  'apps.delete': ADMIN,

  'clusters.register': ADMIN,
  'clusters.list': ADMIN,
  'clusters.get': ADMIN,
  'clusters.delete': ADMIN,
  'clusters.status': ADMIN,
  'clusters.ready': ADMIN,

  'platform.bootstrap': ADMIN,
  'platform.autoscale': ADMIN,
  'platform.status': ADMIN,

  'usage.ingest': ADMIN,
  'usage.snapshot': scoped({ tenant: field('tenantID') }),
  'invoices.get': scoped({ tenant: field('tenantID') }),
  'invoices.close': ADMIN,
  'rates.get': scoped({ tenant: field('id') }),
  'rates.set': ADMIN,
} satisfies Record<string, AccessRule>;

export type ProcedurePath = keyof typeof ACCESS;

/** Throws Unauthorized/Forbidden unless the context may call a procedure under `rule` with `input`. */
export async function authorize(rule: AccessRule, ctx: Context, input: unknown): Promise<void> {
  if (!ctx.authRequired || rule.kind === 'public') return;
  const p = ctx.principal;
  if (!p) throw new UnauthorizedError(ctx.authError ? 'invalid token' : 'missing token');
  if (p.role === 'admin') return;
  if (rule.kind === 'scoped') {
    const args = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
    if (p.role === 'tenant' && rule.tenant && (await rule.tenant(args, ctx)) === p.tenantId) return;
    if (p.role === 'project' && rule.project && (await rule.project(args, ctx)) === p.projectId) return;
  }
  throw new ForbiddenError();
}
