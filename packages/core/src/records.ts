import { createQueryId, sql, type CompiledQuery, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { runAsPreparedStatement, type Database } from '@kubeop/db';
import { translateDbError } from './pg-errors.js';
import { NotFoundError } from '@kubeop/kube';
import { isUuid } from './ids.js';
import { pageParams, toPage, type Page, type PageRequest } from './pagination.js';
import { outboxInsert } from './sync-outbox.js';

/**
 * The reads and deletes every named entity (tenant, project, app) shares: by id, a page newest
 * first optionally under one parent, and an audited delete. Unknown or malformed ids are NotFound.
 */
export type EntityTable = 'tenants' | 'projects' | 'apps';
export type EntityKind = 'tenant' | 'project' | 'app';
type Row<T extends EntityTable> = Selectable<Database[T]> & { id: string };

/**
 * Every column of each entity table, spelled out (the compiler rejects a missing or unknown one).
 * The by-id selects name them instead of `select *`, so that a column added by a newer Manager's
 * migration cannot change the result type of a statement an older Manager has already prepared
 * (PostgreSQL refuses that: "cached plan must not change result type").
 */
const SYNC_COLUMNS = { generation: true, synced_generation: true, sync_error: true, synced_at: true } as const;

const COLUMNS: { [T in EntityTable]: Record<keyof Database[T] & string, true> } = {
  tenants: { id: true, name: true, cluster_id: true, created_at: true, updated_at: true, ...SYNC_COLUMNS },
  projects: { id: true, tenant_id: true, name: true, namespace: true, bound: true, created_at: true, updated_at: true, ...SYNC_COLUMNS },
  apps: {
    id: true,
    project_id: true,
    name: true,
    image: true,
    host: true,
    bound: true,
    created_at: true,
    updated_at: true,
    ...SYNC_COLUMNS,
  },
};

/**
 * The by-id select of each table, compiled once: the hottest query of the API only swaps its one
 * parameter instead of rebuilding and compiling the same SQL on every request, and PostgreSQL runs
 * it as a prepared statement.
 */
const byIdQueries = new WeakMap<Kysely<Database>, Map<EntityTable, CompiledQuery>>();

function byIdQuery(db: Kysely<Database>, table: EntityTable, id: string): CompiledQuery {
  let perTable = byIdQueries.get(db);
  if (!perTable) byIdQueries.set(db, (perTable = new Map()));
  let compiled = perTable.get(table);
  if (!compiled) {
    // Typed as one table: the SQL only runs through `executeQuery`, the row type comes from `Row<T>`.
    const columns = Object.keys(COLUMNS[table]) as (keyof Database['apps'])[];
    compiled = db
      .selectFrom(table as 'apps')
      .select(columns)
      .where('id', '=', id)
      .compile();
    runAsPreparedStatement(compiled.sql);
    perTable.set(table, compiled);
  }
  return { ...compiled, queryId: createQueryId(), parameters: [id] };
}

export async function getRecord<T extends EntityTable>(db: Kysely<Database>, table: T, kind: EntityKind, id: string): Promise<Row<T>> {
  if (!isUuid(id)) throw new NotFoundError(kind, id);
  try {
    const [row] = (await db.executeQuery(byIdQuery(db, table, id))).rows;
    if (!row) throw new NotFoundError(kind, id);
    return row as Row<T>;
  } catch (e) {
    return translateDbError(e);
  }
}

/** A page of rows, newest first; with `parent`, only the children of that parent (none when it is not an id). */
export async function listRecords<T extends EntityTable, Item>(
  db: Kysely<Database>,
  table: T,
  page: PageRequest,
  map: (row: Row<T>) => Item,
  parent?: { column: 'tenant_id' | 'project_id'; id: string | undefined },
): Promise<Page<Item>> {
  const { limit, before } = pageParams(page);
  if (parent?.id !== undefined && !isUuid(parent.id)) return { items: [], nextCursor: null };
  try {
    let q = db
      .selectFrom(table as EntityTable)
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit + 1);
    // The column belongs to `table` by construction (projects.tenant_id, apps.project_id).
    if (parent?.id !== undefined) q = q.where(parent.column as 'id', '=', parent.id);
    if (before) q = q.where('id', '<', before);
    return toPage((await q.execute()) as Row<T>[], limit, map);
  } catch (e) {
    return translateDbError(e);
  }
}

/** A condition an update must meet, checked in the same statement, and the error when it is not met. */
export interface UpdateGuard {
  allows: RawBuilder<boolean>;
  refused: () => Error;
}

/**
 * Changes the given columns (and `updated_at`) of one row, counts the write in `generation`, and
 * queues it for the tenant's cluster, audited, in one statement; NotFound (on `id`) when there is no
 * such row.
 */
export async function updateRecord<T extends EntityTable>(
  db: Kysely<Database>,
  table: T,
  kind: EntityKind,
  id: string,
  set: { name?: string; image?: string | null; host?: string | null },
  actor: Actor,
  guard?: UpdateGuard,
): Promise<Row<T>> {
  if (!isUuid(id)) throw new NotFoundError(kind, id, 'id');
  try {
    let update = db
      .updateTable(table as 'apps')
      .set({ ...set, updated_at: new Date(), generation: sql<string>`generation + 1` })
      .where('id', '=', id);
    if (guard) update = update.where(guard.allows);
    const [row] = await auditedWrite<Row<T>>(
      db,
      update.returningAll(),
      { actor, action: 'update', resourceType: kind },
      outboxInsert(kind, 'apply'),
    );
    if (!row) {
      // nothing changed: a refusal by the guard when the row is there (asked only on this path)
      const exists =
        guard &&
        (await db
          .selectFrom(table as 'apps')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst());
      throw exists ? guard.refused() : new NotFoundError(kind, id, 'id');
    }
    return row;
  } catch (e) {
    return translateDbError(e);
  }
}

export async function deleteRecord(db: Kysely<Database>, table: EntityTable, kind: EntityKind, id: string, actor: Actor): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError(kind, id);
  try {
    const rows = await auditedWrite(
      db,
      db
        .deleteFrom(table as 'apps')
        .where('id', '=', id)
        .returningAll(),
      { actor, action: 'delete', resourceType: kind },
      outboxInsert(kind, 'delete'),
    );
    if (rows.length === 0) throw new NotFoundError(kind, id);
  } catch (e) {
    translateDbError(e);
  }
}
