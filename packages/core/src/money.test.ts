import { describe, expect, it } from 'vitest';
import { formatDecimal, minorUnits, parseDecimal, rescaleHalfEven } from './money.js';

describe('money', () => {
  it('parses decimals exactly, refusing what the scale cannot hold', () => {
    expect(parseDecimal('0.000001', 12)).toBe(1_000_000n);
    expect(parseDecimal('1e-7', 12)).toBe(100_000n);
    expect(parseDecimal('2E-7', 12)).toBe(200_000n);
    expect(parseDecimal('12', 2)).toBe(1200n);
    expect(parseDecimal('.5', 1)).toBe(5n);
    expect(parseDecimal('-1.25', 2)).toBe(-125n);
    expect(parseDecimal('1.2500', 2)).toBe(125n);
    expect(parseDecimal('0.001', 2)).toBeNull();
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', '0x10', 'NaN', 'Infinity']) expect(parseDecimal(bad, 4), bad).toBeNull();
  });

  it('formats without trailing zeros, keeping the minor digits asked for', () => {
    expect(formatDecimal(1_000_000n, 12)).toBe('0.000001');
    expect(formatDecimal(0n, 12)).toBe('0');
    expect(formatDecimal(1234n, 2, 2)).toBe('12.34');
    expect(formatDecimal(1200n, 2, 2)).toBe('12.00');
    expect(formatDecimal(-5n, 3)).toBe('-0.005');
    expect(formatDecimal(7n, 0)).toBe('7');
  });

  it('rounds half to even, and only when digits are dropped', () => {
    expect(rescaleHalfEven(125n, 2, 1)).toBe(12n); // 1.25 → 1.2
    expect(rescaleHalfEven(135n, 2, 1)).toBe(14n); // 1.35 → 1.4
    expect(rescaleHalfEven(1251n, 3, 1)).toBe(13n); // 1.251 → 1.3
    expect(rescaleHalfEven(-125n, 2, 1)).toBe(-12n);
    expect(rescaleHalfEven(-135n, 2, 1)).toBe(-14n);
    expect(rescaleHalfEven(4n, 0, 2)).toBe(400n);
    expect(rescaleHalfEven(4999n, 4, 0)).toBe(0n);
    expect(rescaleHalfEven(5000n, 4, 0)).toBe(0n);
    expect(rescaleHalfEven(15000n, 4, 0)).toBe(2n);
  });

  it('knows the minor units of currencies', () => {
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('BHD')).toBe(3);
  });
});
