import { sql, type Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { translateDbError } from './pg-errors.js';
import type { AppRow, Database } from '@kubeop/db';
import { ConflictError, InvalidError, NotFoundError, hostProblem, imageProblem, assertValidName } from '@kubeop/kube';
import { isUuid, newId } from './ids.js';
import { assertImageAllowed } from './image-policy.js';
import type { Page, PageRequest } from './pagination.js';
import { deleteRecord, getRecord, listRecords, updateRecord, type UpdateGuard } from './records.js';
import { outboxInsert } from './sync-outbox.js';
import { syncStatusOf, type SyncStatus } from './sync-status.js';

export interface App {
  id: string;
  projectId: string;
  name: string;
  image: string | null;
  host: string | null;
  sync: SyncStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreateApp {
  projectId: string;
  name: string;
  image?: string | null | undefined;
  host?: string | null | undefined;
}

/** PUT passes every field (an omitted image or host becomes null); PATCH only those to change. */
export interface AppChanges {
  name?: string | undefined;
  image?: string | null | undefined;
  host?: string | null | undefined;
}

export interface AppFilter extends PageRequest {
  projectId?: string | undefined;
}

export function toApp(row: AppRow): App {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    image: row.image,
    host: row.host,
    sync: syncStatusOf(row, row.bound),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function assertValidAppFields(fields: AppChanges): void {
  if (fields.name !== undefined) assertValidName('app', fields.name);
  const image = fields.image ? imageProblem(fields.image) : null;
  if (image) throw InvalidError.field('image', image);
  const host = fields.host ? hostProblem(fields.host) : null;
  if (host) throw InvalidError.field('host', host);
}

export async function createApp(db: Kysely<Database>, input: CreateApp, actor: Actor): Promise<App> {
  assertValidAppFields(input);
  if (!isUuid(input.projectId)) throw new NotFoundError('project', input.projectId, 'projectID');
  try {
    await assertImageAllowed(db, input.image, { projectId: input.projectId });
    const [row] = await auditedWrite<AppRow>(
      db,
      db
        .insertInto('apps')
        .values({
          id: newId(),
          project_id: input.projectId,
          name: input.name,
          image: input.image || null,
          host: input.host || null,
          // an unknown project is the foreign key's error (404), not a null here
          bound: sql<boolean>`coalesce((select bound from projects where id = ${input.projectId}), false)`,
        })
        .returningAll(),
      { actor, action: 'create', resourceType: 'app' },
      outboxInsert('app', 'apply'),
    );
    return toApp(row!);
  } catch (e) {
    return translateDbError(e, { fkValue: input.projectId });
  }
}

export async function getApp(db: Kysely<Database>, id: string): Promise<App> {
  return toApp(await getRecord(db, 'apps', 'app', id));
}

/** Lists apps, optionally of one project. An unknown project has no apps. */
export async function listApps(db: Kysely<Database>, filter: AppFilter = {}): Promise<Page<App>> {
  return listRecords(db, 'apps', filter, toApp, { column: 'project_id', id: filter.projectId });
}

export async function updateApp(db: Kysely<Database>, id: string, changes: AppChanges, actor: Actor): Promise<App> {
  assertValidAppFields(changes);
  const set: { name?: string; image?: string | null; host?: string | null } = {};
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.image !== undefined) set.image = changes.image || null;
  if (changes.host !== undefined) set.host = changes.host || null;
  if (set.image) await assertImageAllowed(db, set.image, { appId: id }).catch((e: unknown) => translateDbError(e));
  return toApp(await updateRecord(db, 'apps', 'app', id, set, actor, changes.name !== undefined ? keepsItsName(changes.name) : undefined));
}

/**
 * An app on a cluster keeps its name: it names the custom resource, Deployment, Service and Ingress
 * there. Apps whose tenant has no cluster may be renamed freely.
 */
function keepsItsName(name: string): UpdateGuard {
  return {
    allows: sql<boolean>`(not bound or name = ${name})`,
    refused: () =>
      new ConflictError('an app on a cluster cannot be renamed: its name names its Kubernetes objects; create a new app instead', [
        { path: 'name', message: 'cannot change once the app is on a cluster' },
      ]),
  };
}

export async function deleteApp(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  await deleteRecord(db, 'apps', 'app', id, actor);
}
