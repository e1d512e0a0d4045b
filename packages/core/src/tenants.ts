import type { Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { translateDbError } from './db/pg-errors.js';
import type { Database, TenantRow } from './db/schema.js';
import { NotFoundError } from './errors.js';
import { isUuid, newId } from './ids.js';
import { assertValidName } from './names.js';
import { pageParams, toPage, type Page, type PageRequest } from './pagination.js';

export interface Tenant {
  id: string;
  name: string;
  clusterId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateTenant {
  name: string;
  clusterId?: string | null | undefined;
}

/** Fields a PUT replaces and a PATCH merges. The cluster binding is fixed at creation. */
export interface TenantChanges {
  name?: string | undefined;
}

export function toTenant(row: TenantRow): Tenant {
  return { id: row.id, name: row.name, clusterId: row.cluster_id, createdAt: row.created_at, updatedAt: row.updated_at };
}

export async function createTenant(db: Kysely<Database>, input: CreateTenant, actor: Actor): Promise<Tenant> {
  assertValidName('tenant', input.name);
  const clusterId = input.clusterId ?? null;
  if (clusterId !== null && !isUuid(clusterId)) throw new NotFoundError('cluster', clusterId, 'clusterID');
  try {
    const [row] = await auditedWrite<TenantRow>(
      db,
      db.insertInto('tenants').values({ id: newId(), name: input.name, cluster_id: clusterId }).returningAll(),
      { actor, action: 'create', resourceType: 'tenant' },
    );
    return toTenant(row!);
  } catch (e) {
    return translateDbError(e, { fkValue: clusterId ?? undefined });
  }
}

export async function getTenant(db: Kysely<Database>, id: string): Promise<Tenant> {
  if (!isUuid(id)) throw new NotFoundError('tenant', id);
  try {
    const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('tenant', id);
    return toTenant(row);
  } catch (e) {
    return translateDbError(e);
  }
}

export async function listTenants(db: Kysely<Database>, page: PageRequest = {}): Promise<Page<Tenant>> {
  const { limit, before } = pageParams(page);
  try {
    let q = db.selectFrom('tenants').selectAll().orderBy('id', 'desc').limit(limit + 1);
    if (before) q = q.where('id', '<', before);
    return toPage(await q.execute(), limit, toTenant);
  } catch (e) {
    return translateDbError(e);
  }
}

/** Applies `changes` (PUT passes every field, PATCH only the given ones). */
export async function updateTenant(db: Kysely<Database>, id: string, changes: TenantChanges, actor: Actor): Promise<Tenant> {
  if (changes.name !== undefined) assertValidName('tenant', changes.name);
  if (!isUuid(id)) throw new NotFoundError('tenant', id, 'id');
  try {
    const [row] = await auditedWrite<TenantRow>(
      db,
      db
        .updateTable('tenants')
        .set({ ...(changes.name !== undefined ? { name: changes.name } : {}), updated_at: new Date() })
        .where('id', '=', id)
        .returningAll(),
      { actor, action: 'update', resourceType: 'tenant' },
    );
    if (!row) throw new NotFoundError('tenant', id, 'id');
    return toTenant(row);
  } catch (e) {
    return translateDbError(e);
  }
}

/** Deletes the tenant and, by cascade, its projects, apps, usage and rates. */
export async function deleteTenant(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError('tenant', id);
  try {
    const rows = await auditedWrite(db, db.deleteFrom('tenants').where('id', '=', id).returning(['id', 'name']), {
      actor,
      action: 'delete',
      resourceType: 'tenant',
    });
    if (rows.length === 0) throw new NotFoundError('tenant', id);
  } catch (e) {
    translateDbError(e);
  }
}
