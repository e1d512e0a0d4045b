import type { Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { translateDbError } from './pg-errors.js';
import type { Database, TenantRow } from '@kubeop/db';
import { NotFoundError, assertValidName } from '@kubeop/kube';
import { isUuid, newId } from './ids.js';
import type { Page, PageRequest } from './pagination.js';
import { deleteRecord, getRecord, listRecords, updateRecord } from './records.js';
import { syncStatusOf, type SyncStatus } from './sync-status.js';
import { outboxInsert } from './sync-outbox.js';

export interface Tenant {
  id: string;
  name: string;
  clusterId: string | null;
  sync: SyncStatus;
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
  return {
    id: row.id,
    name: row.name,
    clusterId: row.cluster_id,
    sync: syncStatusOf(row, row.cluster_id !== null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
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
      outboxInsert('tenant', 'apply'),
    );
    return toTenant(row!);
  } catch (e) {
    return translateDbError(e, { fkValue: clusterId ?? undefined });
  }
}

export async function getTenant(db: Kysely<Database>, id: string): Promise<Tenant> {
  return toTenant(await getRecord(db, 'tenants', 'tenant', id));
}

export async function listTenants(db: Kysely<Database>, page: PageRequest = {}): Promise<Page<Tenant>> {
  return listRecords(db, 'tenants', page, toTenant);
}

/** Applies `changes` (PUT passes every field, PATCH only the given ones). */
export async function updateTenant(db: Kysely<Database>, id: string, changes: TenantChanges, actor: Actor): Promise<Tenant> {
  if (changes.name !== undefined) assertValidName('tenant', changes.name);
  return toTenant(await updateRecord(db, 'tenants', 'tenant', id, changes.name !== undefined ? { name: changes.name } : {}, actor));
}

/** Deletes the tenant and, by cascade, its projects, apps, usage and rates. */
export async function deleteTenant(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  await deleteRecord(db, 'tenants', 'tenant', id, actor);
}
