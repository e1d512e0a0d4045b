import { ForbiddenError, isUuid, issuedTokenOwner, UnauthorizedError } from '@kubeop/core';
import type { Context } from './context.js';

/**
 * Who may call each procedure, in one table. The hierarchy: an `admin` token may do everything; a
 * `tenant:<id>` token what belongs to that tenant (the tenant, its projects, their apps, its tokens);
 * a `project:<id>` token that project and its apps. Rules are checked before a procedure runs, and a
 * call naming something the caller does not own is refused exactly like one naming nothing at all
 * (403 `forbidden` both), so a caller without access learns nothing about what exists.
 */

/** What a call acts on: the tenant owning it, and the project when it is in one. */
export interface Owner {
  tenantId: string;
  projectId: string | null;
}

/** The owner of what `input` names, or null when it names nothing (a missing, malformed or unknown id). */
export type OwnerResolver = (input: Record<string, unknown>, ctx: Context) => Promise<Owner | null> | Owner | null;

/** The non-admin roles a scoped rule may admit. */
export type ScopedRole = 'tenant' | 'project';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'admin' }
  /** Admin; a tenant token whose tenant owns the target (when `roles` has `tenant`); a project token whose project does (`project`). */
  | { kind: 'scoped'; owner: OwnerResolver; roles: readonly ScopedRole[] };

export const PUBLIC: AccessRule = { kind: 'public' };
export const ADMIN: AccessRule = { kind: 'admin' };
export const scoped = (owner: OwnerResolver, ...roles: ScopedRole[]): AccessRule => ({ kind: 'scoped', owner, roles });

function idIn(input: Record<string, unknown>, name: string): string | null {
  const v = input[name];
  return typeof v === 'string' && isUuid(v) ? v.toLowerCase() : null;
}

/** A tenant named by its id in input field `name`. */
const tenantIn =
  (name: string): OwnerResolver =>
  (input) => {
    const id = idIn(input, name);
    return id ? { tenantId: id, projectId: null } : null;
  };

/** A project named by its id in input field `name`, and its tenant. */
const projectIn =
  (name: string): OwnerResolver =>
  async (input, ctx) => {
    const id = idIn(input, name);
    if (!id) return null;
    const row = await ctx.db.selectFrom('projects').select('tenant_id').where('id', '=', id).executeTakeFirst();
    return row ? { tenantId: row.tenant_id, projectId: id } : null;
  };

/** An app named by its id in input field `id`: its project and tenant. */
const appIn: OwnerResolver = async (input, ctx) => {
  const id = idIn(input, 'id');
  if (!id) return null;
  const row = await ctx.db
    .selectFrom('apps')
    .innerJoin('projects', 'projects.id', 'apps.project_id')
    .select(['projects.tenant_id', 'apps.project_id'])
    .where('apps.id', '=', id)
    .executeTakeFirst();
  return row ? { tenantId: row.tenant_id, projectId: row.project_id } : null;
};

/** An issued token named by its `jti`: the tenant (and project) of its scope; admin tokens have none. */
const tokenIn: OwnerResolver = async (input, ctx) => {
  const jti = idIn(input, 'jti');
  const owner = jti ? await issuedTokenOwner(ctx.db, jti) : null;
  return owner?.tenantId ? { tenantId: owner.tenantId, projectId: owner.projectId } : null;
};

/** The first resolver whose field is present in the input. */
const firstOf =
  (...resolvers: [field: string, resolve: OwnerResolver][]): OwnerResolver =>
  (input, ctx) => {
    const hit = resolvers.find(([field]) => input[field] !== undefined);
    return hit ? hit[1](input, ctx) : null;
  };

const ownTenant = tenantIn('id');
const ownProject = projectIn('id');

/**
 * The access table. A test asserts that every procedure of the router has an entry, and the
 * Manager's matrix test calls every entry with every kind of caller.
 *
 * Writes, deliberately: tenants are created, renamed and deleted by admins only (a tenant renaming
 * itself could probe other tenants' names through 409s). A tenant token manages its own projects
 * (create, rename, delete), their apps and its project tokens; a project token reads its project and
 * manages its apps (a deploy token) but mints and revokes no tokens. Clusters and the platform: admin.
 */
export const ACCESS = {
  'tenants.create': ADMIN,
  'tenants.list': ADMIN,
  'tenants.get': scoped(ownTenant, 'tenant'),
  'tenants.replace': ADMIN,
  'tenants.patch': ADMIN,
  'tenants.replaceInBody': ADMIN,
  'tenants.patchInBody': ADMIN,
  'tenants.delete': ADMIN,

  'projects.create': scoped(tenantIn('tenantID'), 'tenant'),
  'projects.list': scoped(tenantIn('tenantID'), 'tenant'),
  'projects.get': scoped(ownProject, 'tenant', 'project'),
  'projects.replace': scoped(ownProject, 'tenant'),
  'projects.patch': scoped(ownProject, 'tenant'),
  'projects.replaceInBody': scoped(ownProject, 'tenant'),
  'projects.patchInBody': scoped(ownProject, 'tenant'),
  'projects.delete': scoped(ownProject, 'tenant'),

  'apps.create': scoped(projectIn('projectID'), 'tenant', 'project'),
  'apps.list': scoped(projectIn('projectID'), 'tenant', 'project'),
  'apps.get': scoped(appIn, 'tenant', 'project'),
  'apps.replace': scoped(appIn, 'tenant', 'project'),
  'apps.patch': scoped(appIn, 'tenant', 'project'),
  'apps.replaceInBody': scoped(appIn, 'tenant', 'project'),
  'apps.patchInBody': scoped(appIn, 'tenant', 'project'),
  'apps.delete': scoped(appIn, 'tenant', 'project'),

  'tokens.createProjectToken': scoped(projectIn('ProjectID'), 'tenant'),
  'tokens.list': scoped(firstOf(['tenantID', tenantIn('tenantID')], ['projectID', projectIn('projectID')]), 'tenant'),
  'tokens.revoke': scoped(tokenIn, 'tenant'),

  'clusters.register': ADMIN,
  'clusters.list': ADMIN,
  'clusters.get': ADMIN,
  'clusters.delete': ADMIN,
  'clusters.status': ADMIN,
  'clusters.ready': ADMIN,

  'platform.bootstrap': ADMIN,
  'platform.autoscale': ADMIN,
  'platform.status': ADMIN,
  'platform.policyGet': ADMIN,
  'platform.policyPut': ADMIN,
  'platform.policyPost': ADMIN,
  'platform.policyDelete': ADMIN,

  // a project's own token may fetch (and revoke) its kubeconfig; its tenant and admins too
  'kubeconfigs.project': scoped(ownProject, 'tenant', 'project'),
  'kubeconfigs.revokeProject': scoped(ownProject, 'tenant', 'project'),

  'usage.ingest': ADMIN,
  'usage.meter': ADMIN,
  'usage.snapshot': scoped(tenantIn('tenantID'), 'tenant'),
  'invoices.get': scoped(tenantIn('tenantID'), 'tenant'),
  'invoices.close': ADMIN,
  'rates.get': scoped(ownTenant, 'tenant'),
  'rates.set': ADMIN,
} satisfies Record<string, AccessRule>;

export type ProcedurePath = keyof typeof ACCESS;

/** Throws Unauthorized when a procedure under `rule` needs a caller and the context has none (or a bad token). */
export function authenticate(rule: AccessRule, ctx: Context): void {
  if (!ctx.authRequired || rule.kind === 'public' || ctx.principal) return;
  throw new UnauthorizedError(ctx.authError ? `invalid token: ${ctx.authError}` : 'missing token');
}

/** Throws Unauthorized/Forbidden unless the context may call a procedure under `rule` with `input`. */
export async function authorize(rule: AccessRule, ctx: Context, input: unknown): Promise<void> {
  authenticate(rule, ctx);
  const p = ctx.principal;
  if (!ctx.authRequired || rule.kind === 'public' || !p || p.role === 'admin') return;
  if (rule.kind === 'scoped' && rule.roles.includes(p.role)) {
    const args = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
    const owner = await rule.owner(args, ctx);
    if (p.role === 'tenant' && owner?.tenantId === p.tenantId) return;
    if (p.role === 'project' && owner?.projectId === p.projectId) return;
  }
  throw new ForbiddenError();
}
