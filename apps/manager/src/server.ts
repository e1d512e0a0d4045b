import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  appRouter,
  openApiDocument,
  toHttpError,
  TRANSPORT_ERROR_HTTP,
  UNAUTHORIZED_HEADERS,
  type ClusterServices,
  type TokenIssuer,
} from '@kubeop/api';
import type { DatabaseHandle } from '@kubeop/core';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth.js';
import type { ManagerConfig } from './config.js';
import { createContext } from './context.js';
import { hostnameOf, hostPolicy, isJsonContentType, originHostname, sameAuthority } from './edges.js';
import { createMetrics, type Metrics } from './metrics.js';
import { registerRest } from './rest.js';
import type { PublicJwk } from './signing-keys.js';
import { versionInfo } from './version.js';

export interface ServerDeps {
  config: Pick<ManagerConfig, 'requireAuth' | 'bodyLimitBytes' | 'dbTimeoutMs' | 'host' | 'allowedHosts' | 'billing'>;
  database: DatabaseHandle;
  logger: Logger;
  clusters: ClusterServices;
  /** Token verification and issuance, and the public keys `/.well-known/jwks.json` serves. */
  auth: { verify: TokenVerifier; tokens: TokenIssuer; jwks: { keys: PublicJwk[] } };
}

export interface Server {
  app: FastifyInstance;
  metrics: Metrics;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Most calls one tRPC batch may carry; larger batches get a 400. */
export const TRPC_MAX_BATCH_SIZE = 10;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildServer(deps: ServerDeps): Promise<Server> {
  const { config, database, logger } = deps;
  const metrics = createMetrics();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // Our own id for every request (logs, audit log, `x-request-id` of the answer): a caller's id
    // cannot collide with, or impersonate, another request's. The caller's id is logged beside it.
    genReqId: () => randomUUID(),
    childLoggerFactory: (logger, bindings, opts, rawReq) => {
      const given = rawReq.headers['x-request-id'];
      const caller = typeof given === 'string' && REQUEST_ID.test(given) ? { callerRequestId: given } : {};
      return logger.child({ ...bindings, ...caller }, opts);
    },
    routerOptions: { maxParamLength: 5000, ignoreTrailingSlash: true },
    // URLs the router cannot take apart (before any hook runs) still get the API's error body.
    frameworkErrors: (err, req, rawReply) => {
      const reply = rawReply as FastifyReply;
      reply.header('x-request-id', req.id);
      if (refuseForeign(req, reply)) return;
      // A path segment over maxParamLength cannot be any id: the same 404 as any unknown id.
      const m = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? TRANSPORT_ERROR_HTTP.notFound : TRANSPORT_ERROR_HTTP.malformedJson;
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'no such resource: the id is too long' : 'malformed URL (bad percent-encoding)';
      reply.code(m.status).send({ error: m.error, message });
    },
  });

  const contextDeps = {
    db: database.db,
    requireAuth: config.requireAuth,
    verify: deps.auth.verify,
    tokens: deps.auth.tokens,
    clusters: deps.clusters,
    billing: config.billing,
  };
  const makeContext = (req: Parameters<typeof createContext>[1]) => createContext(contextDeps, req);

  // Only JSON bodies: a browser can send text/plain and form bodies cross-site without asking (CSRF).
  app.removeContentTypeParser(['text/plain']);

  const hosts = hostPolicy({ listenHost: config.host, requireAuth: config.requireAuth, allowedHosts: config.allowedHosts });
  /** Answers 421 (foreign Host) or 403 (state change from another origin) and returns true, or returns false. */
  const refuseForeign = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const host = hostnameOf(req.headers.host);
    if (!hosts.any && !hosts.allows(host)) {
      const m = TRANSPORT_ERROR_HTTP.misdirected;
      reply.code(m.status).send({
        error: m.error,
        message: `this Manager does not serve the host ${JSON.stringify(host || req.headers.host || '')}; add it to KUBEOP_ALLOWED_HOSTS`,
      });
      return true;
    }
    // A page of another site may send requests here (a form, `fetch` with no-cors); browsers name it in `Origin`.
    // Checked whatever the Host policy: only the same origin (host and port) or a host named in
    // KUBEOP_ALLOWED_HOSTS may change things; a page on another local port may not.
    const origin = req.headers.origin;
    if (origin !== undefined && UNSAFE_METHODS.has(req.method)) {
      const from = originHostname(origin);
      if (from === null || !(sameAuthority(origin, req.headers.host) || hosts.names(from))) {
        const m = TRANSPORT_ERROR_HTTP.crossOrigin;
        reply
          .code(m.status)
          .send({ error: m.error, message: 'cross-origin request refused: the Origin is not a host this Manager serves' });
        return true;
      }
    }
    return false;
  };
  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    if (refuseForeign(req, reply)) return;
    // tRPC mutations take JSON only (a body-less or text/plain POST could come from any web page).
    // (by the matched route, not the raw URL: `/%74rpc/…` is the same route)
    if (req.method === 'POST' && req.routeOptions.url?.startsWith('/trpc/') && !isJsonContentType(req.headers['content-type'])) {
      const m = TRANSPORT_ERROR_HTTP.unsupportedMediaType;
      reply.code(m.status).send({ error: m.error, message: 'tRPC calls over POST need Content-Type: application/json' });
      return;
    }
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  // Failures before a handler runs (body parsing, size limits) get the same error body as the API.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const t = TRANSPORT_ERROR_HTTP;
    let m: { status: number; error: string } | null = null;
    if (err.statusCode === 413) m = t.payloadTooLarge;
    else if (err.statusCode === 415) m = t.unsupportedMediaType;
    else if (err.statusCode === 400) m = t.malformedJson;
    if (m) return reply.code(m.status).send({ error: m.error, message: err.message });
    const http = toHttpError(err);
    if (http.unexpected) req.log.error({ err }, 'unexpected error');
    return reply.code(http.status).headers(http.headers).send(http.body);
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: 'not found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await database.ping(config.dbTimeoutMs);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ error: 'unavailable', message: 'database not ready' });
    }
  });
  app.get('/version', async () => versionInfo);
  // Public keys only: what verifies the tokens this Manager issues (and earlier keys still accepted).
  const jwks = JSON.stringify(deps.auth.jwks);
  app.get('/.well-known/jwks.json', async (_req, reply) => {
    reply.header('content-type', 'application/jwk-set+json').header('cache-control', 'public, max-age=300');
    return reply.send(jwks);
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const document = openApiDocument({ version: versionInfo.version });
  app.get('/openapi.json', async () => document);
  await app.register(fastifySwagger, { mode: 'static', specification: { document: document as never } });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req }) => makeContext(req),
      responseMeta: ({ errors }) => (errors.some((e) => e.code === 'UNAUTHORIZED') ? { headers: new Headers(UNAUTHORIZED_HEADERS) } : {}),
      onError: ({ error, path, req }) => {
        if (toHttpError(error).unexpected) req.log.error({ err: error, procedure: path }, 'unexpected error');
      },
    } satisfies FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions'],
  });

  // Bulk bodies (a usage batch) may be as large as their record limit needs: 1 KiB a record.
  registerRest(app, makeContext, { bulkBodyLimit: Math.max(config.bodyLimitBytes, config.billing.maxBatch * 1024) });
  return { app, metrics };
}
