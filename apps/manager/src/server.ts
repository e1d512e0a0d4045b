import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { appRouter, openApiDocument, toHttpError, TRANSPORT_ERROR_HTTP, type ClusterServices } from '@kubeop/api';
import type { DatabaseHandle } from '@kubeop/core';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ManagerConfig } from './config.js';
import { createContext } from './context.js';
import { createMetrics, type Metrics } from './metrics.js';
import { registerRest } from './rest.js';
import { versionInfo } from './version.js';

export interface ServerDeps {
  config: Pick<ManagerConfig, 'requireAuth' | 'jwtSigningKey' | 'bodyLimitBytes' | 'dbTimeoutMs'>;
  database: DatabaseHandle;
  logger: Logger;
  clusters: ClusterServices;
}

export interface Server {
  app: FastifyInstance;
  metrics: Metrics;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function buildServer(deps: ServerDeps): Promise<Server> {
  const { config, database, logger } = deps;
  const metrics = createMetrics();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    // Use the caller's X-Request-Id when it looks like one, so logs correlate across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 5000, ignoreTrailingSlash: true },
  });

  const contextDeps = { db: database.db, requireAuth: config.requireAuth, jwtSigningKey: config.jwtSigningKey, clusters: deps.clusters };
  const makeContext = (req: Parameters<typeof createContext>[1]) => createContext(contextDeps, req);

  // Callback-style hooks: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
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
    return reply.code(http.status).send(http.body);
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
      createContext: ({ req }) => makeContext(req),
      onError: ({ error, path, req }) => {
        if (toHttpError(error).unexpected) req.log.error({ err: error, procedure: path }, 'unexpected error');
      },
    } satisfies FastifyTRPCPluginOptions<typeof appRouter>['trpcOptions'],
  });

  registerRest(app, makeContext);
  return { app, metrics };
}
