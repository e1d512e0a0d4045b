import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339Ms, parseUsageBatch } from './usage.js';

const TENANT = '0193a4f0-0000-7000-8000-000000000001';

describe('parseRfc3339Ms', () => {
  it.each([
    ['2026-11-05T10:00:00Z', Date.UTC(2026, 10, 5, 10)],
    ['2026-11-05t10:00:00z', Date.UTC(2026, 10, 5, 10)],
    ['2026-11-05 10:00:00Z', Date.UTC(2026, 10, 5, 10)],
    ['2026-11-05T10:00:00.123456789Z', Date.UTC(2026, 10, 5, 10, 0, 0, 123)],
    ['2026-11-05T10:00:00.9Z', Date.UTC(2026, 10, 5, 10, 0, 0, 900)],
    ['2026-11-05T12:30:00+02:30', Date.UTC(2026, 10, 5, 10)],
    ['2026-11-05T00:00:00-05:00', Date.UTC(2026, 10, 5, 5)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['0050-01-01T00:00:00Z', new Date('0050-01-01T00:00:00.000Z').getTime()],
  ])('reads %s', (text, ms) => {
    expect(parseRfc3339Ms(text)).toBe(ms);
  });

  it.each([
    '2026-11-05',
    '2026-11-05T10:00:00',
    '2026-11-05T10:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-05T24:00:00Z',
    '2026-11-05T10:60:00Z',
    '2026-11-05T10:00:60Z',
    '2026-11-05T10:00:00.Z',
    '2026-11-05T10:00:00.1234567890Z',
    '2026-11-05T10:00:00+24:00',
    '2026-11-05T10:00:00+02:60',
    '2026-11-05T10:00:00+0200',
    '2026-11-05T10:00:00Z ',
    '2026-11-05X10:00:00Z',
    '２026-11-05T10:00:00Z',
    '+2026-11-05T10:00:00Z',
  ])('refuses %s', (text) => {
    expect(parseRfc3339Ms(text)).toBeNull();
  });

  it('agrees with the date it spells for every valid timestamp', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (d, offsetMin) => {
          const local = new Date(d.getTime() + offsetMin * 60_000);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const text = `${local.toISOString().slice(0, 23)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
          expect(parseRfc3339Ms(text)).toBe(d.getTime());
        },
      ),
    );
  });

  it('never throws, and answers only for strings of the RFC 3339 shape', () => {
    const shape = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-:TZz+. tx'), maxLength: 32 }), (text) => {
        const ms = parseRfc3339Ms(text);
        if (ms !== null) expect(text).toMatch(shape);
      }),
    );
  });
});

describe('parseUsageBatch', () => {
  const now = new Date(Date.UTC(2026, 11, 3, 12));

  it('truncates to the hour and lower-cases ids however the keys are spelled', () => {
    const [a, b] = parseUsageBatch(
      [
        { ts: '2026-11-05T10:59:59.999Z', tenant_id: TENANT.toUpperCase(), cpu_milli: 1, mem_mib: 2 },
        { TS: '2026-11-05T11:00:00+01:00', Tenant_ID: TENANT, CPU_Milli: 3, mem_MIB: 4, Project_Id: TENANT.toUpperCase() },
      ],
      now,
    );
    expect(a).toMatchObject({ ts: new Date(Date.UTC(2026, 10, 5, 10)), tenantId: TENANT, cpuMilli: 1, memMib: 2, projectId: null });
    expect(b).toMatchObject({ ts: new Date(Date.UTC(2026, 10, 5, 10)), tenantId: TENANT, cpuMilli: 3, memMib: 4, projectId: TENANT });
  });

  it('names every bad field by index', () => {
    expect(() =>
      parseUsageBatch(
        [
          { ts: '2026-11-05T10:00:00Z', tenant_id: TENANT, cpu_milli: 1, mem_mib: 2 },
          { ts: '2026-02-30T10:00:00Z', tenant_id: 'x', cpu_milli: -1, mem_mib: 1.5, cluster_id: 7 },
          { ts: '2026-12-03T14:00:00Z', tenant_id: TENANT, cpu_milli: 0, mem_mib: 0 },
        ],
        now,
      ),
    ).toThrowError(
      expect.objectContaining({
        issues: [
          { path: '1.ts', message: expect.stringContaining('RFC 3339') },
          { path: '1.tenant_id', message: expect.any(String) },
          { path: '1.cpu_milli', message: 'must not be negative' },
          { path: '1.mem_mib', message: 'must be an integer' },
          { path: '1.cluster_id', message: 'must be a UUID or null' },
          { path: '2.ts', message: 'must not be more than 1 hour in the future' },
        ],
      }),
    );
  });
});
