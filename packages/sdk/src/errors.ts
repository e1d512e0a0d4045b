/** A field the server found invalid: `path` names it (`name`, `3.cpu_milli`), `message` says why. */
export interface KubeopIssue {
  path: string;
  message: string;
}

const BRAND = Symbol.for('@kubeop/sdk.KubeopApiError');

/**
 * The Manager answered with an error status. Its body (`{error, message, issues?}`) becomes the
 * fields; `requestId` is the Manager's `X-Request-Id` for that request (what its logs and audit log
 * record), `wwwAuthenticate` the challenge of a 401. Failures to reach the server at all (DNS,
 * connection refused, aborts) are not wrapped: they reject with fetch's own error.
 */
export class KubeopApiError extends Error {
  override readonly name = 'KubeopApiError';
  /** The HTTP status, e.g. 400, 401, 404, 409. */
  readonly status: number;
  /** The server's short error code (`invalid`, `unauthorized`, `not found`, `conflict`, …). */
  readonly error: string;
  /** The fields at fault; empty when the server names none. */
  readonly issues: KubeopIssue[];
  /** The Manager's id for the request (`X-Request-Id`), when it sent one. */
  readonly requestId: string | undefined;
  /** The `WWW-Authenticate` header (401s). */
  readonly wwwAuthenticate: string | undefined;
  /** The body as received (parsed JSON, or text when it was not JSON). */
  readonly body: unknown;

  constructor(init: {
    status: number;
    error: string;
    message: string;
    issues?: KubeopIssue[];
    requestId?: string;
    wwwAuthenticate?: string;
    body?: unknown;
  }) {
    super(init.message);
    this.status = init.status;
    this.error = init.error;
    this.issues = init.issues ?? [];
    this.requestId = init.requestId;
    this.wwwAuthenticate = init.wwwAuthenticate;
    this.body = init.body;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `e` is a KubeopApiError, also one from the other build of this package (the ESM and
 * CommonJS builds each have their own class, so `instanceof` can miss when both are loaded).
 */
export function isKubeopApiError(e: unknown): e is KubeopApiError {
  return e instanceof KubeopApiError || (typeof e === 'object' && e !== null && BRAND in e);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function issuesOf(v: unknown): KubeopIssue[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }));
}

/** The error for a response that is not 2xx, from its (already read) body. */
export function apiErrorOf(response: Response, body: unknown): KubeopApiError {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const wwwAuthenticate = response.headers.get('www-authenticate') ?? undefined;
  const common = { status: response.status, requestId, wwwAuthenticate, body };
  if (isRecord(body) && typeof body.error === 'string') {
    const message = typeof body.message === 'string' ? body.message : body.error;
    return new KubeopApiError({ ...common, error: body.error, message, issues: issuesOf(body.issues) });
  }
  // Not the Manager's error body (a proxy in between, an empty body): say what there is.
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  const reason = response.statusText || `HTTP ${response.status}`;
  return new KubeopApiError({ ...common, error: reason.toLowerCase(), message: text ? `${reason}: ${text}` : reason });
}
