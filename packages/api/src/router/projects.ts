import { createProject, deleteProject, getProject, listProjects, updateProject, type ProjectChanges } from '@kubeop/core';
import { z } from 'zod';
import { procedure, router } from '../trpc.js';
import { listOf, nameSchema, pageInput, pathId, projectJson, projectToJson, uuid } from '../wire.js';
import { updateProcedures } from './updates.js';

const tags = ['projects'];

export const projectsRouter = router({
  create: procedure
    .meta({ openapi: { method: 'POST', path: '/projects', tags, summary: 'Create a project in a tenant' } })
    .input(z.object({ tenantID: uuid, name: nameSchema('project') }))
    .output(projectJson)
    .mutation(async ({ ctx, input }) =>
      projectToJson(await createProject(ctx.db, { tenantId: input.tenantID, name: input.name }, ctx.actor)),
    ),

  list: procedure
    .meta({
      openapi: { method: 'GET', path: '/projects', tags, summary: 'List projects, newest first, optionally of one tenant' },
      list: true,
    })
    .input(z.object({ tenantID: uuid.optional(), ...pageInput }))
    .output(listOf(projectJson))
    .query(async ({ ctx, input }) => {
      const page = await listProjects(ctx.db, { tenantId: input.tenantID, limit: input.limit, cursor: input.cursor });
      return { items: page.items.map(projectToJson), nextCursor: page.nextCursor };
    }),

  get: procedure
    .meta({ openapi: { method: 'GET', path: '/projects/{id}', tags, summary: 'Get a project' } })
    .input(z.object({ id: pathId }))
    .output(projectJson)
    .query(async ({ ctx, input }) => projectToJson(await getProject(ctx.db, input.id))),

  ...updateProcedures({
    resource: 'projects',
    replace: { name: nameSchema('project') },
    apply: (ctx, id, changes: ProjectChanges) => updateProject(ctx.db, id, changes, ctx.actor),
    toChanges: (input) => ({ name: input.name }),
  }),

  delete: procedure
    .meta({ openapi: { method: 'DELETE', path: '/projects/{id}', tags, summary: 'Delete a project with its apps' }, successStatus: 204 })
    .input(z.object({ id: pathId }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => deleteProject(ctx.db, input.id, ctx.actor)),
});
