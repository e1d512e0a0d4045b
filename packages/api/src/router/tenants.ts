import { createTenant, deleteTenant, getTenant, listTenants, updateTenant, type TenantChanges } from '@kubeop/core';
import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { listOf, nameSchema, pageInput, pathId, tenantJson, tenantToJson, uuid } from '../wire.js';
import { updateProcedures } from './updates.js';

const tags = ['tenants'];

export const tenantsRouter = router({
  create: procedure
    .meta({ openapi: { method: 'POST', path: '/tenants', tags, summary: 'Create a tenant, optionally bound to a registered cluster' } })
    .input(z.object({ name: nameSchema('tenant'), clusterID: uuid.nullish().describe('A registered cluster') }))
    .output(tenantJson)
    .mutation(async ({ ctx, input }) =>
      tenantToJson(await createTenant(ctx.db, { name: input.name, clusterId: input.clusterID }, ctx.actor)),
    ),

  list: procedure
    .meta({ openapi: { method: 'GET', path: '/tenants', tags, summary: 'List tenants, newest first' }, list: true })
    .input(z.object(pageInput))
    .output(listOf(tenantJson))
    .query(async ({ ctx, input }) => {
      const page = await listTenants(ctx.db, input);
      return { items: page.items.map(tenantToJson), nextCursor: page.nextCursor };
    }),

  get: procedure
    .meta({ openapi: { method: 'GET', path: '/tenants/{id}', tags, summary: 'Get a tenant' } })
    .input(z.object({ id: pathId }))
    .output(tenantJson)
    .query(async ({ ctx, input }) => tenantToJson(await getTenant(ctx.db, input.id))),

  ...updateProcedures({
    resource: 'tenants',
    replace: { name: nameSchema('tenant') },
    apply: (ctx, id, changes: TenantChanges) => updateTenant(ctx.db, id, changes, ctx.actor),
    toChanges: (input) => ({ name: input.name }),
  }),

  delete: procedure
    .meta({
      openapi: { method: 'DELETE', path: '/tenants/{id}', tags, summary: 'Delete a tenant with its projects, apps and usage' },
      successStatus: 204,
    })
    .input(z.object({ id: pathId }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => deleteTenant(ctx.db, input.id, ctx.actor)),
});
