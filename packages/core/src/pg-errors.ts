import { ConflictError, DomainError, InvalidError, NotFoundError, UnavailableError } from '@kubeop/kube';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Constraint names → the error a caller should see. Keep in step with the migrations. */
const UNIQUE_MESSAGES: Record<string, { field: string; message: string }> = {
  tenants_name_key: { field: 'name', message: 'a tenant with this name already exists' },
  projects_tenant_id_name_key: { field: 'name', message: 'a project with this name already exists in the tenant' },
  apps_project_id_name_key: { field: 'name', message: 'an app with this name already exists in the project' },
  clusters_name_key: { field: 'name', message: 'a cluster with this name already exists' },
};

const FOREIGN_KEYS: Record<string, { kind: string; field: string }> = {
  tenants_cluster_id_fkey: { kind: 'cluster', field: 'clusterID' },
  projects_tenant_id_fkey: { kind: 'tenant', field: 'tenantID' },
  apps_project_id_fkey: { kind: 'project', field: 'projectID' },
  policies_cluster_id_fkey: { kind: 'cluster', field: 'clusterID' },
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);

export function isConnectionFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as PgError).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  if (e instanceof AggregateError) return e.errors.some(isConnectionFailure);
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message,
  );
}

/**
 * Translates a database failure into a domain error where it has a meaning for the caller
 * (duplicate name, unknown parent, database down). Anything else is re-thrown unchanged: a bug.
 */
export function translateDbError(e: unknown, ids: { fkValue?: string } = {}): never {
  if (e instanceof DomainError) throw e;
  const pg = e as PgError;
  if (pg.code === '23505' && pg.constraint) {
    const known = UNIQUE_MESSAGES[pg.constraint];
    if (known) throw new ConflictError(known.message, [{ path: known.field, message: known.message }]);
    throw new ConflictError('already exists');
  }
  if (pg.code === '23503' && pg.constraint) {
    const fk = FOREIGN_KEYS[pg.constraint];
    // On insert/update the referenced row is missing; on delete the row is still referenced.
    if (fk && /is not present in table/.test(pg.detail ?? '')) throw new NotFoundError(fk.kind, ids.fkValue ?? '', fk.field);
    throw new ConflictError('still referenced by other records', []);
  }
  if (pg.code === '22P02') throw new InvalidError('malformed identifier');
  if (isConnectionFailure(e)) throw new UnavailableError('database unavailable', { cause: e });
  throw e;
}
