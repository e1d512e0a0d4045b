import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, deleteApp, getApp, listApps, updateApp } from './apps.js';
import type { Actor } from './audit.js';
import { ConflictError, InvalidError, NotFoundError } from '@kubeop/kube';
import { createProject, deleteProject, getProject, listProjects } from './projects.js';
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from './tenants.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

const actor: Actor = { name: 'test', requestId: 'req-1' };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'));
});
afterAll(async () => {
  await t?.drop();
});

describe(`domain services on ${inject('databaseKind')} PostgreSQL`, () => {
  it('creates, reads, renames and deletes a tenant, auditing each write', async () => {
    const db = t.handle.db;
    const created = await createTenant(db, { name: 'acme-a' }, actor);
    expect(created).toMatchObject({ name: 'acme-a', clusterId: null });
    expect(await getTenant(db, created.id)).toEqual(created);

    const renamed = await updateTenant(db, created.id, { name: 'acme-b' }, actor);
    expect(renamed.name).toBe('acme-b');
    expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await deleteTenant(db, created.id, actor);
    await expect(getTenant(db, created.id)).rejects.toBeInstanceOf(NotFoundError);

    const audit = await db.selectFrom('audit_log').selectAll().where('resource_id', '=', created.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[0]).toMatchObject({ actor: 'test', request_id: 'req-1', resource_type: 'tenant' });
    expect(audit[1]!.details).toMatchObject({ name: 'acme-b' });
  });

  it('rejects names that cannot be namespace fragments, naming the field', async () => {
    const db = t.handle.db;
    for (const name of ['Acme', 'a_b', '-a', 'a'.repeat(31), '']) {
      const err = await createTenant(db, { name }, actor).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).issues[0]?.path).toBe('name');
    }
    const tenant = await createTenant(db, { name: 'name-rules' }, actor);
    await expect(createProject(db, { tenantId: tenant.id, name: 'p'.repeat(26) }, actor)).rejects.toBeInstanceOf(InvalidError);
    // The longest tenant and project names still make a valid namespace.
    expect(`kubeop-${'t'.repeat(30)}-${'p'.repeat(25)}`.length).toBeLessThanOrEqual(63);
  });

  it('gives exactly one success for concurrent creates of the same name and 409s for the rest', async () => {
    const db = t.handle.db;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createTenant(db, { name: 'race' }, actor)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(ConflictError);
    }
    const count = await db
      .selectFrom('tenants')
      .select(sql<string>`count(*)`.as('n'))
      .where('name', '=', 'race')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('reports an unknown parent as not found on the parent field', async () => {
    const db = t.handle.db;
    const missing = '0190a0b0-0000-7000-8000-000000000000';
    await expect(createProject(db, { tenantId: missing, name: 'web' }, actor)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      issues: [{ path: 'tenantID' }],
    });
    await expect(createTenant(db, { name: 'bound', clusterId: missing }, actor)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      issues: [{ path: 'clusterID' }],
    });
    await expect(getProject(db, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages lists newest first with a cursor, and filters by parent', async () => {
    const db = t.handle.db;
    const tenant = await createTenant(db, { name: 'pager' }, actor);
    const other = await createTenant(db, { name: 'pager-other' }, actor);
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const name of names) await createProject(db, { tenantId: tenant.id, name }, actor);
    await createProject(db, { tenantId: other.id, name: 'elsewhere' }, actor);

    const first = await listProjects(db, { tenantId: tenant.id, limit: 2 });
    expect(first.items.map((p) => p.name)).toEqual(['p5', 'p4']);
    const second = await listProjects(db, { tenantId: tenant.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.name)).toEqual(['p3', 'p2']);
    const third = await listProjects(db, { tenantId: tenant.id, limit: 2, cursor: second.nextCursor! });
    expect(third).toMatchObject({ items: [{ name: 'p1' }], nextCursor: null });

    await expect(listTenants(db, { limit: 0 })).rejects.toMatchObject({ issues: [{ path: 'limit' }] });
    await expect(listTenants(db, { cursor: 'garbage' })).rejects.toMatchObject({ issues: [{ path: 'cursor' }] });
  });

  it('replaces and merges app fields, validating image and host', async () => {
    const db = t.handle.db;
    const tenant = await createTenant(db, { name: 'apps-t' }, actor);
    const project = await createProject(db, { tenantId: tenant.id, name: 'web' }, actor);
    const app = await createApp(
      db,
      { projectId: project.id, name: 'web', image: 'docker.io/library/nginx:1.25', host: 'web.local' },
      actor,
    );
    expect(app).toMatchObject({ image: 'docker.io/library/nginx:1.25', host: 'web.local' });

    const patched = await updateApp(db, app.id, { image: 'nginx:1.26' }, actor);
    expect(patched).toMatchObject({ name: 'web', image: 'nginx:1.26', host: 'web.local' });
    const replaced = await updateApp(db, app.id, { name: 'web2', image: null, host: null }, actor);
    expect(replaced).toMatchObject({ name: 'web2', image: null, host: null });

    await expect(createApp(db, { projectId: project.id, name: 'bad', image: 'not an image' }, actor)).rejects.toMatchObject({
      issues: [{ path: 'image' }],
    });
    await expect(createApp(db, { projectId: project.id, name: 'bad', host: 'Web_Local' }, actor)).rejects.toMatchObject({
      issues: [{ path: 'host' }],
    });
    expect((await listApps(db, { projectId: project.id })).items).toHaveLength(1);
  });

  it('cascades deletes from tenant to projects and apps', async () => {
    const db = t.handle.db;
    const tenant = await createTenant(db, { name: 'cascade' }, actor);
    const project = await createProject(db, { tenantId: tenant.id, name: 'web' }, actor);
    const app = await createApp(db, { projectId: project.id, name: 'api' }, actor);
    await deleteProject(db, project.id, actor).then(() => undefined);
    await expect(getApp(db, app.id)).rejects.toBeInstanceOf(NotFoundError);
    const p2 = await createProject(db, { tenantId: tenant.id, name: 'web' }, actor);
    await deleteTenant(db, tenant.id, actor);
    await expect(getProject(db, p2.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteApp(db, app.id, actor)).rejects.toBeInstanceOf(NotFoundError);
  });
});
