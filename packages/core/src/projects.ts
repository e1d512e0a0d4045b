import type { Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { translateDbError } from './pg-errors.js';
import type { Database, ProjectRow } from '@kubeop/db';
import { NotFoundError, assertValidName, projectNamespaceName } from '@kubeop/kube';
import { isUuid, newId } from './ids.js';
import type { Page, PageRequest } from './pagination.js';
import { deleteRecord, getRecord, listRecords, updateRecord } from './records.js';
import { outboxInsert } from './sync-outbox.js';
import { syncStatusOf, type SyncStatus } from './sync-status.js';

export interface Project {
  id: string;
  tenantId: string;
  name: string;
  /** The namespace it owns on its tenant's cluster (fixed at creation; renames keep it). */
  namespace: string;
  sync: SyncStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateProject {
  tenantId: string;
  name: string;
}

export interface ProjectChanges {
  name?: string | undefined;
}

export interface ProjectFilter extends PageRequest {
  tenantId?: string | undefined;
}

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    namespace: row.namespace,
    sync: syncStatusOf(row, row.bound),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function createProject(db: Kysely<Database>, input: CreateProject, actor: Actor): Promise<Project> {
  assertValidName('project', input.name);
  if (!isUuid(input.tenantId)) throw new NotFoundError('tenant', input.tenantId, 'tenantID');
  try {
    const tenant = await db.selectFrom('tenants').select(['name', 'cluster_id']).where('id', '=', input.tenantId).executeTakeFirst();
    if (!tenant) throw new NotFoundError('tenant', input.tenantId, 'tenantID');
    const id = newId();
    const [row] = await auditedWrite<ProjectRow>(
      db,
      db
        .insertInto('projects')
        .values({
          id,
          tenant_id: input.tenantId,
          name: input.name,
          namespace: projectNamespaceName(tenant.name, input.name, id),
          bound: tenant.cluster_id !== null,
        })
        .returningAll(),
      { actor, action: 'create', resourceType: 'project' },
      outboxInsert('project', 'apply'),
    );
    return toProject(row!);
  } catch (e) {
    return translateDbError(e, { fkValue: input.tenantId });
  }
}

export async function getProject(db: Kysely<Database>, id: string): Promise<Project> {
  return toProject(await getRecord(db, 'projects', 'project', id));
}

/** Lists projects, optionally of one tenant. An unknown tenant has no projects. */
export async function listProjects(db: Kysely<Database>, filter: ProjectFilter = {}): Promise<Page<Project>> {
  return listRecords(db, 'projects', filter, toProject, { column: 'tenant_id', id: filter.tenantId });
}

export async function updateProject(db: Kysely<Database>, id: string, changes: ProjectChanges, actor: Actor): Promise<Project> {
  if (changes.name !== undefined) assertValidName('project', changes.name);
  return toProject(await updateRecord(db, 'projects', 'project', id, changes.name !== undefined ? { name: changes.name } : {}, actor));
}

/** Deletes the project and, by cascade, its apps. */
export async function deleteProject(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  await deleteRecord(db, 'projects', 'project', id, actor);
}
