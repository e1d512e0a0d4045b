/**
 * Errors of the kms module. None of their messages ever contains key material or plaintext.
 */

/** How to make a key; every configuration error ends with it. */
export const GENERATE_KEY_HINT = 'Generate a key with: openssl rand -base64 32';

/**
 * A master key is missing, malformed or inconsistent. Thrown at start-up: the Manager must refuse to
 * start rather than run with a key it cannot use.
 */
export class KmsConfigError extends Error {
  /** The environment variable (or file) the problem is in, e.g. `KUBEOP_KMS_MASTER_KEY`. */
  readonly variable: string;

  constructor(variable: string, problem: string, options?: { cause?: unknown }) {
    super(`${variable}: ${problem}. ${GENERATE_KEY_HINT}`, options);
    this.name = new.target.name;
    this.variable = variable;
  }
}

/**
 * Why a blob could not be opened:
 * - `malformed`: not an envelope, truncated, or a header byte was changed;
 * - `unsupported-version`: written by a newer kubeOP;
 * - `unknown-key`: sealed under a master key that is not configured (see `keyId`);
 * - `authentication`: the blob was tampered with, belongs to another record (different AAD), or the key
 *   configured under its id is not the key it was sealed with.
 */
export type DecryptFailure = 'malformed' | 'unsupported-version' | 'unknown-key' | 'authentication';

export class DecryptError extends Error {
  readonly reason: DecryptFailure;
  /** The key id named by the blob, when it could be read. */
  readonly keyId: string | undefined;

  constructor(reason: DecryptFailure, message: string, keyId?: string) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
    this.keyId = keyId;
  }
}

export function isDecryptError(e: unknown): e is DecryptError {
  return e instanceof DecryptError;
}
