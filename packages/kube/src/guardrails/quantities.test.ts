import { describe, expect, it } from 'vitest';
import { compareQuantities, parseQuantity, quantityProblem } from './quantities.js';

const q = (s: string) => {
  const v = parseQuantity(s);
  if (!v) throw new Error(`${s} did not parse`);
  return v;
};

describe('quantities', () => {
  it.each([
    ['500m', '0.5', 0],
    ['1', '1000m', 0],
    ['1Gi', '1G', 1],
    ['1Gi', '1073741824', 0],
    ['1.5Gi', '1536Mi', 0],
    ['8Gi', '9Gi', -1],
    ['4', '4001m', -1],
    ['1e3', '1k', 0],
    ['1E-3', '1m', 0],
    ['.5', '500m', 0],
    ['2.', '2', 0],
    ['-1', '0', -1],
    ['100n', '0.1u', 0],
    ['1Ei', '1152921504606846976', 0],
  ])('%s compared with %s is %d', (a, b, want) => {
    expect(Math.sign(compareQuantities(q(a), q(b)))).toBe(want);
  });

  it.each(['', 'abc', '1.2.3', '1 Gi', '1gi', '1KB', 'Gi', '1Gi ', '+', '1e', '1e1Gi', '1e99999', 'x'.repeat(65)])(
    '%j is not a quantity',
    (text) => {
      expect(parseQuantity(text)).toBeNull();
      expect(quantityProblem(text)).toMatch(/is not a Kubernetes quantity/);
    },
  );
});
