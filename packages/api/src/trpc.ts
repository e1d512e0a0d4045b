import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ACCESS, authorize, type AccessRule } from './access.js';
import type { Context } from './context.js';
import { toHttpError, toTRPCError } from './errors.js';

/** Procedure metadata: the REST mapping plus how a success is answered over REST. */
export type Meta = OpenApiMeta<{
  /** 200 (default) or 204 for updates and deletes, as the upstream answers them. */
  successStatus?: 200 | 204;
  /** The output is `{ items, nextCursor }`; REST answers the bare `items` array and an `X-Next-Cursor` header. */
  list?: boolean;
  /** The output is `{ ready, details }`; REST answers 503 with `{ready:false, details}` when not ready. */
  readiness?: boolean;
  /**
   * Input fields a POST also takes from the query string (the upstream's `?clusterID=`); declared
   * `in: query` in the document. POST, PUT and PATCH take no other input from the query.
   */
  query?: string[];
  /** REST: the JSON body is this input field, a bare array (`POST /v1/usage/ingest`); the body limit scales with the batch limit. */
  body?: string;
  /** REST: input fields read from request headers, field → lower-case header name (`Idempotency-Key`). */
  headers?: Record<string, string>;
  /** REST: the output as CSV, answered for `?format=csv` or `Accept: text/csv`. */
  csv?: (output: unknown) => string;
}>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // tRPC clients see the same error code, message and field issues as REST clients.
    errorFormatter({ shape, error }) {
      const http = toHttpError(error);
      return {
        ...shape,
        message: http.unexpected ? http.body.message : shape.message,
        data: { ...shape.data, stack: undefined, error: http.body.error, issues: http.body.issues ?? [] },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure: domain errors keep their meaning, and the access table is enforced. */
export const procedure = t.procedure.use(async (opts) => {
  const rule = (ACCESS as Record<string, AccessRule>)[opts.path];
  if (!rule) throw new Error(`procedure ${opts.path} has no entry in the access table`);
  // `authorize` lets everyone through when auth is off or the rule is public: skip reading the input then.
  if (opts.ctx.authRequired && rule.kind !== 'public') {
    try {
      await authorize(rule, opts.ctx, await opts.getRawInput());
    } catch (e) {
      throw toTRPCError(e);
    }
  }
  const result = await opts.next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped !== result.error.cause) throw mapped;
  }
  return result;
});
