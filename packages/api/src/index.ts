export { appRouter, type AppRouter } from './root.js';
export { createCallerFactory, type Meta } from './trpc.js';
export type { ClusterServices, Context, Principal, SignedToken, TokenIssuer, TokenRequest } from './context.js';
export { principalOf, scopeOf, ROLES, type Role } from './principal.js';
export { ACCESS, authenticate, authorize, type AccessRule, type ProcedurePath } from './access.js';
export { toHttpError, TRANSPORT_ERROR_HTTP, UNAUTHORIZED_HEADERS, type ErrorBody, type HttpError } from './errors.js';
export { restRoutes, foldKeys, type RestRoute } from './rest.js';
export { openApiDocument } from './openapi.js';
