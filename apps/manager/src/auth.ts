import type { Principal } from '@kubeop/api';
import { errors, jwtVerify } from 'jose';

export interface Authentication {
  principal: Principal | null;
  /** Why a presented token was refused (never the token itself). */
  error: string | null;
}

const NONE: Authentication = { principal: null, error: null };

/**
 * Reads `Authorization: Bearer <jwt>` (HS256, claims `role` and `scope` as the upstream issues
 * them, `exp` required) into a principal. Without auth required, tokens are not even parsed.
 */
export async function authenticate(header: string | undefined, key: Uint8Array | undefined): Promise<Authentication> {
  if (!header || !key) return NONE;
  if (!header.startsWith('Bearer ')) return { principal: null, error: 'expected a Bearer token' };
  try {
    const { payload } = await jwtVerify(header.slice(7).trim(), key, {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      clockTolerance: '30s',
    });
    const subject = typeof payload.sub === 'string' ? payload.sub : String(payload.role ?? 'unknown');
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    if (payload.role === 'admin') return { principal: { role: 'admin', subject }, error: null };
    if (payload.role === 'tenant' && scope.startsWith('tenant:')) {
      return { principal: { role: 'tenant', tenantId: scope.slice(7), subject }, error: null };
    }
    if (payload.role === 'project' && scope.startsWith('project:')) {
      return { principal: { role: 'project', projectId: scope.slice(8), subject }, error: null };
    }
    return { principal: null, error: 'token has no usable role and scope' };
  } catch (e) {
    return { principal: null, error: e instanceof errors.JOSEError ? e.code : 'invalid token' };
  }
}
