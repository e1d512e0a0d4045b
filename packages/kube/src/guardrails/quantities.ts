/**
 * Kubernetes resource quantities (`500m`, `2`, `1.5Gi`, `1e3`), parsed by the API server's grammar
 * (k8s.io/apimachinery/pkg/api/resource) into exact rationals, so `1Gi` > `1G` and `0.5` = `500m`
 * compare without floating-point error.
 */

/** An exact non-negative or negative rational: `num / den`, `den` > 0. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// <sign><digits>[.<digits>] | <sign>.<digits>, then a binary or decimal-SI suffix or an exponent
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The API server refuses quantities longer than this (and so do we, before any bigint work). */
const MAX_QUANTITY_LENGTH = 64;
/** Exponents beyond this are refused: the API server caps quantities far below 10^±1000. */
const MAX_EXPONENT = 1000;

/** Parses a quantity; null when `text` is not one. */
export function parseQuantity(text: string): Quantity | null {
  if (text.length === 0 || text.length > MAX_QUANTITY_LENGTH) return null;
  const m = QUANTITY.exec(text);
  if (!m) return null;
  const [, sign, number = '', suffix, exponent] = m;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  if (sign === '-') num = -num;
  if (suffix !== undefined && suffix in BINARY) {
    num *= BINARY[suffix]!;
  } else {
    const power = exponent !== undefined ? Number(exponent) : DECIMAL[suffix ?? '']!;
    if (Math.abs(power) > MAX_EXPONENT) return null;
    if (power >= 0) num *= 10n ** BigInt(power);
    else den *= 10n ** BigInt(-power);
  }
  return { num, den };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Why `text` is not a valid quantity, or null. */
export function quantityProblem(text: string): string | null {
  return parseQuantity(text) === null ? `${JSON.stringify(text)} is not a Kubernetes quantity (e.g. 500m, 2, 8Gi)` : null;
}
