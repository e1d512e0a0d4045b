import { z } from 'zod';
import type { Context } from '../context.js';
import { procedure } from '../trpc.js';
import { pathId, uuid } from '../wire.js';

/**
 * The four ways the upstream lets a client change an entity: PUT (replace) and PATCH (merge) on
 * `/<resource>/{id}`, and the same on the collection with the id in the body (kept because
 * existing scripts use it). All four answer 204 with no body.
 */
export function updateProcedures<Shape extends z.ZodRawShape, Changes>(opts: {
  resource: 'tenants' | 'projects' | 'apps';
  replace: Shape;
  apply: (ctx: Context, id: string, changes: NoInfer<Changes>) => Promise<unknown>;
  /** Turns validated input (every field for PUT, some for PATCH) into the service's changes. */
  toChanges: (input: Partial<z.output<z.ZodObject<Shape>>>, mode: 'replace' | 'patch') => Changes;
}) {
  const { resource } = opts;
  const replace = z.object(opts.replace);
  const patch = replace.partial();
  const tags = [resource];
  const run =
    (mode: 'replace' | 'patch') =>
    async ({ ctx, input }: { ctx: Context; input: unknown }): Promise<void> => {
      const { id, ...fields } = input as { id: string } & Partial<z.output<z.ZodObject<Shape>>>;
      await opts.apply(ctx, id, opts.toChanges(fields as unknown as Partial<z.output<z.ZodObject<Shape>>>, mode));
    };
  return {
    replace: procedure
      .meta({
        openapi: { method: 'PUT', path: `/${resource}/{id}`, tags, summary: `Replace a ${resource.slice(0, -1)}` },
        successStatus: 204,
      })
      .input(replace.extend({ id: pathId }))
      .output(z.void())
      .mutation(run('replace')),
    patch: procedure
      .meta({
        openapi: { method: 'PATCH', path: `/${resource}/{id}`, tags, summary: `Change some fields of a ${resource.slice(0, -1)}` },
        successStatus: 204,
      })
      .input(patch.extend({ id: pathId }))
      .output(z.void())
      .mutation(run('patch')),
    replaceInBody: procedure
      .meta({
        openapi: {
          method: 'PUT',
          path: `/${resource}`,
          tags,
          summary: `Replace a ${resource.slice(0, -1)} (id in the body; upstream form)`,
        },
        successStatus: 204,
      })
      .input(replace.extend({ id: uuid }))
      .output(z.void())
      .mutation(run('replace')),
    patchInBody: procedure
      .meta({
        openapi: {
          method: 'PATCH',
          path: `/${resource}`,
          tags,
          summary: `Change a ${resource.slice(0, -1)} (id in the body; upstream form)`,
        },
        successStatus: 204,
      })
      .input(patch.extend({ id: uuid }))
      .output(z.void())
      .mutation(run('patch')),
  };
}
