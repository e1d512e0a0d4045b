import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHours, priceUsage, type HourUsage } from './invoices.js';
import { formatDecimal } from './money.js';
import { DISCOUNT_SCALE, RATE_SCALE, type RateStep } from './rates.js';

const TENANT = '0193a4f0-0000-7000-8000-000000000001';
const HOUR = 3_600_000;

/** The same prices computed with bigints only: what the fast path must equal. */
function reference(hours: readonly HourUsage[], schedule: readonly RateStep[]) {
  let subtotal = 0n;
  let discount = 0n;
  const costs = hours.map((h) => {
    const step = [...schedule].reverse().find((s) => s.fromMs <= h.ms)!;
    const cost = BigInt(h.cpuMilli) * step.cpuMilli + BigInt(h.memMib) * step.memMib;
    subtotal += cost;
    discount += cost * step.discount;
    return formatDecimal(cost, RATE_SCALE);
  });
  return { costs, subtotal: formatDecimal(subtotal, RATE_SCALE), discount: formatDecimal(discount, RATE_SCALE + DISCOUNT_SCALE) };
}

describe('priceUsage', () => {
  it('prices exactly however large quantities and rates are (numbers while safe, bigints beyond)', () => {
    const quantity = fc.oneof(fc.nat(1_000_000), fc.constant(10_000_000_000_000), fc.bigInt({ min: 0n, max: 10n ** 19n }));
    const rate = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ cpu: quantity, mem: quantity }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.record({ cpu: rate, mem: rate, discount: fc.bigInt({ min: 0n, max: 10_000n }) }), { minLength: 1, maxLength: 4 }),
        (usage, rates) => {
          const hours: HourUsage[] = usage.map((u, i) => ({ ms: Date.UTC(2025, 0, 1) + i * HOUR, cpuMilli: u.cpu, memMib: u.mem }));
          const schedule: RateStep[] = rates.map((r, i) => ({
            fromMs: i === 0 ? Number.NEGATIVE_INFINITY : Date.UTC(2025, 0, 1) + i * 7 * HOUR,
            cpuMilli: r.cpu,
            memMib: r.mem,
            discount: r.discount,
            currency: 'USD',
          }));
          const priced = priceUsage(TENANT, hours, [], schedule, 'USD');
          const want = reference(hours, schedule);
          expect(priced.lines.map((l) => l.cost)).toEqual(want.costs);
          expect(priced.subtotal).toBe(want.subtotal);
          expect(priced.discount).toBe(want.discount);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sums past 2^53 without losing a unit', () => {
    const hours: HourUsage[] = Array.from({ length: 3 }, (_, i) => ({ ms: i * HOUR, cpuMilli: 4_000_000_000_000_001, memMib: 0 }));
    const step: RateStep = { fromMs: Number.NEGATIVE_INFINITY, cpuMilli: 1n, memMib: 0n, discount: 0n, currency: 'USD' };
    const priced = priceUsage(TENANT, hours, [], [step], 'USD');
    expect(priced.subtotal).toBe('12000.000000000003');
    expect(priced.totals.cpu.cost).toBe('12000.000000000003');
  });
});

describe('parseHours', () => {
  it('reads packed samples into one entry per hour, ascending, summing an hour exactly', () => {
    expect(parseHours('1 10 20 1 5 5 3 0 7')).toEqual([
      { ms: 1 * HOUR, cpuMilli: 15, memMib: 25 },
      { ms: 3 * HOUR, cpuMilli: 0, memMib: 7 },
    ]);
    // an hour billed in two months comes twice, out of order
    expect(parseHours('5 1 1 9 2 2 5 3 3')).toEqual([
      { ms: 5 * HOUR, cpuMilli: 4, memMib: 4 },
      { ms: 9 * HOUR, cpuMilli: 2, memMib: 2 },
    ]);
    expect(parseHours('7 99999999999999999999 9007199254740991 7 1 1')).toEqual([
      { ms: 7 * HOUR, cpuMilli: 100000000000000000000n, memMib: 9007199254740992n },
    ]);
  });
});
