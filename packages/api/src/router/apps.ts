import { createApp, deleteApp, getApp, listApps, updateApp, type App, type AppChanges } from '@kubeop/core';
import { z } from 'zod';
import type { Context } from '../context.js';
import { procedure, router } from '../trpc.js';
import { appJson, appToJson, listOf, nameSchema, pageInput, pathId, uuid } from '../wire.js';
import { updateProcedures } from './updates.js';

const tags = ['apps'];
const image = z.string().max(512).nullish().describe('Container image, e.g. docker.io/library/nginx:1.25');
const host = z.string().max(253).nullish().describe('Host name the app is served on, e.g. web.local');

/** The app with its live status, from memory: none for an app whose tenant has no cluster. */
const withStatus = (ctx: Context, a: App) => appToJson(a, a.sync.state === 'none' ? null : ctx.clusters.appStatus.get(a.id, a.projectId));

export const appsRouter = router({
  create: procedure
    .meta({ openapi: { method: 'POST', path: '/apps', tags, summary: 'Create an app in a project' } })
    .input(z.object({ projectID: uuid, name: nameSchema('app'), image, host }))
    .output(appJson)
    .mutation(async ({ ctx, input }) =>
      withStatus(
        ctx,
        await createApp(ctx.db, { projectId: input.projectID, name: input.name, image: input.image, host: input.host }, ctx.actor),
      ),
    ),

  list: procedure
    .meta({
      openapi: { method: 'GET', path: '/apps', tags, summary: 'List apps with their live status, newest first, optionally of one project' },
      list: true,
    })
    .input(z.object({ projectID: uuid.optional(), ...pageInput }))
    .output(listOf(appJson))
    .query(async ({ ctx, input }) => {
      const page = await listApps(ctx.db, { projectId: input.projectID, limit: input.limit, cursor: input.cursor });
      return { items: page.items.map((a) => withStatus(ctx, a)), nextCursor: page.nextCursor };
    }),

  get: procedure
    .meta({ openapi: { method: 'GET', path: '/apps/{id}', tags, summary: 'Get an app with its live status on its cluster' } })
    .input(z.object({ id: pathId }))
    .output(appJson)
    .query(async ({ ctx, input }) => withStatus(ctx, await getApp(ctx.db, input.id))),

  ...updateProcedures({
    resource: 'apps',
    replace: { name: nameSchema('app'), image, host },
    apply: (ctx, id, changes: AppChanges) => updateApp(ctx.db, id, changes, ctx.actor),
    // PUT replaces: an omitted image or host is cleared. PATCH leaves omitted fields alone.
    toChanges: (input, mode) =>
      mode === 'replace'
        ? { name: input.name, image: input.image ?? null, host: input.host ?? null }
        : { name: input.name, image: input.image, host: input.host },
  }),

  delete: procedure
    .meta({ openapi: { method: 'DELETE', path: '/apps/{id}', tags, summary: 'Delete an app' }, successStatus: 204 })
    .input(z.object({ id: pathId }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => deleteApp(ctx.db, input.id, ctx.actor)),
});
