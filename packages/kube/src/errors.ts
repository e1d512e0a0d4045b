/**
 * Typed domain errors. Services throw these; the API layer maps them to HTTP in one place
 * (packages/api/src/errors.ts). Messages are safe to show to callers: never put secrets in them.
 */
export type DomainErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'UNAVAILABLE' | 'TOO_LARGE';

export interface FieldIssue {
  /** Dotted path of the offending field as the caller spelled it in the API, e.g. `name` or `quotaMax.requestsCPU`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: DomainErrorCode, message: string, issues: FieldIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
  }
}

export class NotFoundError extends DomainError {
  constructor(kind: string, id: string, field?: string) {
    super('NOT_FOUND', `${kind} ${JSON.stringify(id)} not found`, field ? [{ path: field, message: `${kind} not found` }] : []);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super('CONFLICT', message, issues);
  }
}

export class InvalidError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super('INVALID', message, issues);
  }

  static field(path: string, message: string): InvalidError {
    return new InvalidError(`${path}: ${message}`, [{ path, message }]);
  }
}

/** A request carries more than a configured limit allows (e.g. records in one batch): 413. */
export class TooLargeError extends DomainError {
  constructor(message: string, issues: FieldIssue[] = []) {
    super('TOO_LARGE', message, issues);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'forbidden') {
    super('FORBIDDEN', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'missing token') {
    super('UNAUTHORIZED', message);
  }
}

export class UnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, [], options);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
