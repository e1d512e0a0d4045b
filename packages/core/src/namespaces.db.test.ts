import { migrateToLatest, migrationProvider } from '@kubeop/db';
import { createTestDatabase, type TestDatabase } from '@kubeop/db/testing';
import { projectNamespaceName } from '@kubeop/kube';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newId } from './ids.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('databaseServerUrl'), { migrate: false });
});
afterAll(async () => {
  await t?.drop();
});

describe(`project namespaces (${inject('databaseKind')} PostgreSQL)`, () => {
  it('are given to projects that existed before, by the same rule as new ones', async () => {
    const migrator = new Migrator({ db: t.handle.db, provider: migrationProvider });
    const to2 = await migrator.migrateTo('0002_clusters');
    expect(to2.error).toBeUndefined();
    const tenants = [
      { id: newId(), name: 'a-b' },
      { id: newId(), name: 'a' },
      { id: newId(), name: 'a-tenant-name-of-thirty-chars' },
    ];
    const projects = [
      { id: newId(), tenant_id: tenants[0]!.id, name: 'c' },
      { id: newId(), tenant_id: tenants[1]!.id, name: 'b-c' },
      { id: newId(), tenant_id: tenants[2]!.id, name: 'project-name-of-25-chars' },
    ];
    await t.handle.db.insertInto('tenants').values(tenants).execute();
    // the columns of 0002's projects table only
    await t.handle.db
      .insertInto('projects')
      .values(projects as never)
      .execute();
    await migrateToLatest(t.handle.db);

    const rows = await t.handle.db
      .selectFrom('projects')
      .innerJoin('tenants', 'tenants.id', 'projects.tenant_id')
      .select(['projects.id', 'projects.name', 'projects.namespace', 'tenants.name as tenant'])
      .execute();
    for (const r of rows) expect(r.namespace).toBe(projectNamespaceName(r.tenant, r.name, r.id));
    expect(new Set(rows.map((r) => r.namespace)).size).toBe(3);
    for (const r of rows) expect(r.namespace.length).toBeLessThanOrEqual(63);
  });
});
