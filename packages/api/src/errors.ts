import { DomainError, isConnectionFailure, platform, type DomainErrorCode, type FieldIssue } from '@kubeop/core';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

/**
 * The one place where errors become HTTP: status, the `error` code in the body, and the tRPC code.
 * Bodies are `{"error": "<code>", "message": "<sentence>", "issues": [{path, message}]}`.
 */
export const DOMAIN_ERROR_HTTP: Record<DomainErrorCode, { status: number; error: string; trpc: TRPC_ERROR_CODE_KEY }> = {
  INVALID: { status: 400, error: 'invalid', trpc: 'BAD_REQUEST' },
  UNAUTHORIZED: { status: 401, error: 'unauthorized', trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { status: 403, error: 'forbidden', trpc: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, error: 'not found', trpc: 'NOT_FOUND' },
  CONFLICT: { status: 409, error: 'conflict', trpc: 'CONFLICT' },
  UNAVAILABLE: { status: 503, error: 'unavailable', trpc: 'SERVICE_UNAVAILABLE' },
  TOO_LARGE: { status: 413, error: 'payload too large', trpc: 'PAYLOAD_TOO_LARGE' },
};

/** Transport-level failures that happen before a procedure runs. */
export const TRANSPORT_ERROR_HTTP = {
  malformedJson: { status: 400, error: 'invalid' },
  /** A state-changing request sent by a page of another origin (CSRF). */
  crossOrigin: { status: 403, error: 'forbidden' },
  notFound: { status: 404, error: 'not found' },
  methodNotAllowed: { status: 405, error: 'method not allowed' },
  payloadTooLarge: { status: 413, error: 'payload too large' },
  unsupportedMediaType: { status: 415, error: 'unsupported media type' },
  /** A `Host` header this Manager does not serve (DNS rebinding). */
  misdirected: { status: 421, error: 'misdirected request' },
  internal: { status: 500, error: 'internal' },
} as const;

const TRPC_TRANSPORT_ERRORS: Partial<Record<TRPC_ERROR_CODE_KEY, { status: number; error: string }>> = {
  PARSE_ERROR: TRANSPORT_ERROR_HTTP.malformedJson,
  BAD_REQUEST: TRANSPORT_ERROR_HTTP.malformedJson,
  NOT_FOUND: TRANSPORT_ERROR_HTTP.notFound,
  METHOD_NOT_SUPPORTED: TRANSPORT_ERROR_HTTP.methodNotAllowed,
  PAYLOAD_TOO_LARGE: TRANSPORT_ERROR_HTTP.payloadTooLarge,
  UNSUPPORTED_MEDIA_TYPE: TRANSPORT_ERROR_HTTP.unsupportedMediaType,
};

export interface ErrorBody {
  error: string;
  message: string;
  issues?: FieldIssue[];
}

export interface HttpError {
  status: number;
  body: ErrorBody;
  /** Response headers that go with the status (`WWW-Authenticate` on 401). */
  headers: Record<string, string>;
  /** True for real bugs: log them with the request id. */
  unexpected: boolean;
}

/** RFC 6750: a 401 tells a Bearer client its token is missing, invalid, expired or revoked. */
export const UNAUTHORIZED_HEADERS: Record<string, string> = { 'www-authenticate': 'Bearer error="invalid_token"' };
const NO_HEADERS: Record<string, string> = {};

export function zodIssues(e: ZodError): FieldIssue[] {
  return e.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** Turns anything a procedure threw into the HTTP status and body the caller sees. */
export function toHttpError(e: unknown): HttpError {
  const cause = e instanceof TRPCError && e.cause ? e.cause : e;
  if (cause instanceof DomainError) {
    const m = DOMAIN_ERROR_HTTP[cause.code];
    return {
      status: m.status,
      body: { error: m.error, message: cause.message, ...(cause.issues.length ? { issues: cause.issues } : {}) },
      headers: cause.code === 'UNAUTHORIZED' ? UNAUTHORIZED_HEADERS : NO_HEADERS,
      unexpected: false,
    };
  }
  if (cause instanceof ZodError) {
    const issues = zodIssues(cause);
    return {
      status: 400,
      body: { error: 'invalid', message: `invalid request: ${describeIssues(issues)}`, issues },
      headers: NO_HEADERS,
      unexpected: false,
    };
  }
  if (e instanceof TRPCError && e.cause === undefined) {
    // tRPC's own refusals (malformed or oversized batches, unknown procedures, wrong methods).
    const t = TRPC_TRANSPORT_ERRORS[e.code];
    if (t) return { status: t.status, body: { error: t.error, message: e.message }, headers: NO_HEADERS, unexpected: false };
  }
  if (cause instanceof platform.KubeApiError) {
    // the cluster refused a request (its RBAC, a missing namespace, …): our summary, never its body
    return {
      status: 502,
      body: { error: 'cluster error', message: `the cluster refused: ${cause.message}` },
      headers: NO_HEADERS,
      unexpected: false,
    };
  }
  if (isConnectionFailure(cause)) {
    return { status: 503, body: { error: 'unavailable', message: 'database unavailable' }, headers: NO_HEADERS, unexpected: false };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'internal error; the server log has details under this request id' },
    headers: NO_HEADERS,
    unexpected: true,
  };
}

/** Domain errors keep their meaning over tRPC: same code, message and issues. */
export function toTRPCError(e: unknown): unknown {
  if (e instanceof DomainError) return new TRPCError({ code: DOMAIN_ERROR_HTTP[e.code].trpc, message: e.message, cause: e });
  return e;
}
