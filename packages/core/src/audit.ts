import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { Database } from '@kubeop/db';

/** Who is acting, carried from the request into every write. */
export interface Actor {
  /** `anonymous` when auth is off, else the token subject (e.g. `admin`, `tenant:<id>`). */
  name: string;
  requestId?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { name: 'system' };

export type AuditAction = 'create' | 'update' | 'delete' | 'revoke';

/**
 * Runs a data-modifying query that returns rows and records one audit entry per affected row,
 * in a single statement (one round trip, atomic): `with m as (<mutation>), a as (insert into
 * audit_log … select … from m) select * from m`. `also` adds more inserts that read `m` (the sync
 * outbox), in the same statement.
 */
export async function auditedWrite<Row extends { id: string }>(
  db: Kysely<Database>,
  mutation: OperationNodeSource,
  entry: { actor: Actor; action: AuditAction; resourceType: string; details?: Record<string, unknown> },
  also?: RawBuilder<unknown>,
): Promise<Row[]> {
  const details = JSON.stringify(entry.details ?? {});
  const result = await sql<Row>`
    with m as (${mutation}),
    a as (
      insert into audit_log (actor, action, resource_type, resource_id, request_id, details)
      select ${entry.actor.name}, ${entry.action}, ${entry.resourceType}, m.id, ${entry.actor.requestId ?? null}, ${details}::jsonb || jsonb_build_object('name', m.name)
      from m
    )${also ? sql`, o as (${also})` : sql``}
    select * from m`.execute(db);
  return result.rows;
}

/**
 * Records one audit entry for something that is not a row of ours (a credential issued on a
 * cluster, say). `details` must hold no secrets.
 */
export async function recordAudit(
  db: Kysely<Database>,
  entry: { actor: Actor; action: AuditAction; resourceType: string; resourceId: string; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor.name,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      request_id: entry.actor.requestId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
