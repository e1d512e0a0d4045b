export { appRouter, type AppRouter } from './root.js';
export { createCallerFactory, type Meta } from './trpc.js';
export type { ClusterServices, Context, Principal } from './context.js';
export { ACCESS, authorize, type AccessRule, type ProcedurePath } from './access.js';
export { toHttpError, TRANSPORT_ERROR_HTTP, type ErrorBody, type HttpError } from './errors.js';
export { restRoutes, foldKeys, type RestRoute } from './rest.js';
export { openApiDocument } from './openapi.js';
