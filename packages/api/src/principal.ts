import { isUuid } from '@kubeop/core';
import type { Principal } from './context.js';

/** The `role` claim's values. */
export type Role = Principal['role'];
export const ROLES: readonly Role[] = ['admin', 'tenant', 'project'];

/** The `scope` claim that goes with a role: `admin`, `tenant:<id>`, `project:<id>`. */
export function scopeOf(target: { role: 'admin' } | { role: 'tenant'; tenantId: string } | { role: 'project'; projectId: string }): string {
  switch (target.role) {
    case 'admin':
      return 'admin';
    case 'tenant':
      return `tenant:${target.tenantId}`;
    case 'project':
      return `project:${target.projectId}`;
  }
}

/**
 * The caller a verified token names, or why its claims do not name one: `role` and `scope` must
 * agree (`admin`/`admin`, `tenant`/`tenant:<uuid>`, `project`/`project:<uuid>`).
 */
export function principalOf(claims: { role: unknown; scope: unknown; sub: unknown; jti: unknown }): Principal | { problem: string } {
  const { role, scope, sub, jti } = claims;
  if (typeof sub !== 'string' || sub === '') return { problem: 'claim "sub" must be a non-empty string' };
  if (typeof jti !== 'string' || jti === '') return { problem: 'claim "jti" must be a non-empty string' };
  if (typeof scope !== 'string') return { problem: 'claim "scope" must be a string' };
  const base = { subject: sub, tokenId: jti };
  if (role === 'admin') return scope === 'admin' ? { role, ...base } : { problem: 'claim "scope" of an admin token must be "admin"' };
  if (role === 'tenant') {
    const id = scope.startsWith('tenant:') ? scope.slice(7) : '';
    return isUuid(id)
      ? { role, tenantId: id.toLowerCase(), ...base }
      : { problem: 'claim "scope" of a tenant token must be "tenant:<uuid>"' };
  }
  if (role === 'project') {
    const id = scope.startsWith('project:') ? scope.slice(8) : '';
    return isUuid(id)
      ? { role, projectId: id.toLowerCase(), ...base }
      : { problem: 'claim "scope" of a project token must be "project:<uuid>"' };
  }
  return { problem: 'claim "role" must be admin, tenant or project' };
}
