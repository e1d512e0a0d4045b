import {
  ACCESS,
  appRouter,
  authenticate,
  foldKeys,
  restRoutes,
  toHttpError,
  TRANSPORT_ERROR_HTTP,
  type Context,
  type RestRoute,
} from '@kubeop/api';
import type { AnyTRPCProcedure } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Invoke = (ctx: Context, input: unknown) => Promise<unknown>;

/**
 * Calls a procedure the way tRPC's server-side caller does (same middleware, validation and
 * errors), resolved once per route instead of through the caller's proxy on every request.
 */
function invoker(path: string): Invoke {
  const procedure = (appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure | undefined>)[path];
  if (!procedure) throw new Error(`no procedure ${path}`);
  // Only the options the middleware chain reads: tRPC copies this object at every middleware, so
  // unused keys (`signal`, `batchIndex`: no abort signal, no batch over REST) cost on every request.
  const call = procedure as unknown as (opts: {
    path: string;
    ctx: Context;
    type: string;
    getRawInput: () => Promise<unknown>;
  }) => Promise<unknown>;
  const type = procedure._def.type;
  return (ctx, input) => call({ path, ctx, type, getRawInput: async () => input });
}

/** The query parameters a route declares, under their schema spelling; repeated ones keep the last unless arrays. */
function queryInput(route: RestRoute, query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    const canonical = route.keys.get(k.toLowerCase());
    if (canonical === undefined || !route.queryKeys.has(canonical)) continue;
    if (canonical !== k && Object.hasOwn(query, canonical)) continue;
    out[canonical] = Array.isArray(v) && !route.arrayKeys.has(canonical) ? v[v.length - 1] : v;
  }
  return out;
}

/** `?format=csv`, or an Accept header that names text/csv (and not JSON before it). */
function wantsCsv(req: FastifyRequest): boolean {
  const format = (req.query as Record<string, unknown> | undefined)?.format;
  if (format === 'csv') return true;
  if (format !== undefined) return false;
  const accept = req.headers.accept ?? '';
  const csv = accept.indexOf('text/csv');
  const json = accept.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

class BodyShapeError extends Error {}
class BodyMissingError extends Error {}

/**
 * Assembles a procedure's input: the query (GET, DELETE), or the JSON body plus the query
 * parameters the route declares (POST, PUT, PATCH), then the path parameters.
 */
function inputOf(route: RestRoute, req: FastifyRequest): unknown {
  if (!route.hasInput) return undefined;
  const query = (req.query ?? {}) as Record<string, unknown>;
  if (!route.hasBody) return Object.assign(queryInput(route, query), req.params as Record<string, string>);
  // Fastify has already answered 415 for bodies that are not JSON; here the body is absent or JSON.
  if (req.body === undefined && route.queryKeys.size === 0) {
    throw new BodyMissingError('this operation takes a JSON body: send one with Content-Type: application/json');
  }
  const raw = route.queryKeys.size ? queryInput(route, query) : {};
  for (const [field, header] of route.headerKeys) {
    const v = req.headers[header];
    if (typeof v === 'string') raw[field] = v;
  }
  if (route.bodyField !== null) {
    // The body is the array itself (`null`, as the upstream took it, is an empty batch).
    if (req.body !== null && !Array.isArray(req.body)) throw new BodyShapeError('request body must be a JSON array');
    raw[route.bodyField] = req.body ?? [];
  } else if (req.body !== undefined) {
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body))
      throw new BodyShapeError('request body must be a JSON object');
    // The body wins over a query parameter of the same name.
    Object.assign(raw, foldKeys(req.body as Record<string, unknown>, route.keys));
  }
  return Object.assign(raw, req.params as Record<string, string>);
}

/**
 * Serves every procedure that has `meta.openapi` at `/v1<path>`, answering as the upstream did:
 * 200 with the entity on create and get, 204 on update and delete, bare arrays for lists (the
 * cursor in `X-Next-Cursor`), and `{error, message, issues}` bodies on failure.
 *
 * Why not trpc-to-openapi's own adapter: it fixes the error body to `{message, code, issues}`,
 * drops the field issues of our domain errors, and cannot fold request-key case; its document
 * generator is what we use it for.
 */
export function registerRest(
  app: FastifyInstance,
  makeContext: (req: FastifyRequest) => Promise<Context>,
  opts: { bulkBodyLimit?: number } = {},
): void {
  for (const route of restRoutes(appRouter)) {
    const invoke = invoker(route.procedure);
    app.route({
      method: route.method,
      url: `/v1${route.path.replace(/\{(\w+)\}/g, ':$1')}`,
      ...(route.bodyField !== null && opts.bulkBodyLimit ? { bodyLimit: opts.bulkBodyLimit } : {}),
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        try {
          const ctx = await makeContext(req);
          let input: unknown;
          try {
            input = inputOf(route, req);
          } catch (e) {
            // a caller without a (valid) token hears 401 before anything about its body
            const rule = ACCESS[route.procedure as keyof typeof ACCESS] as (typeof ACCESS)[keyof typeof ACCESS] | undefined;
            if (rule) authenticate(rule, ctx);
            throw e;
          }
          const output = await invoke(ctx, input);
          if (route.csv && wantsCsv(req)) return reply.type('text/csv; charset=utf-8').send(route.csv(output));
          if (route.successStatus === 204) return reply.code(204).send();
          if (route.readiness && !(output as { ready: boolean }).ready) return reply.code(503).send(output);
          if (route.list) {
            const page = output as { items: unknown[]; nextCursor: string | null };
            if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
            return reply.send(page.items);
          }
          return reply.send(output);
        } catch (e) {
          if (e instanceof BodyShapeError) return reply.code(400).send({ error: 'invalid', message: e.message });
          if (e instanceof BodyMissingError) {
            const m = TRANSPORT_ERROR_HTTP.unsupportedMediaType;
            return reply.code(m.status).send({ error: m.error, message: e.message });
          }
          const http = toHttpError(e);
          if (http.unexpected) req.log.error({ err: e, procedure: route.procedure }, 'unexpected error');
          return reply.code(http.status).headers(http.headers).send(http.body);
        }
      },
    });
  }
}
