import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tenantRateProvider as p } from './tenant-rate.js';
import { fakeManager, type FakeManager } from './test-fake-manager.js';
import { tenantProvider } from './tenant.js';

const conn = { baseUrl: 'http://manager.test', token: 'tok-admin' };
let m: FakeManager;
let tenantID: string;
beforeEach(async () => {
  m = fakeManager({ token: conn.token });
  vi.stubGlobal('fetch', m.fetch);
  tenantID = (await tenantProvider.create({ ...conn, name: 'acme' })).id;
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('tenantRateProvider', () => {
  it('PUTs a rate, updates it in place at the same effectiveFrom, replaces on another one; delete keeps history', async () => {
    const inputs = { ...conn, tenantID, cpuMilliRate: '0.01', memMibRate: '0.001', effectiveFrom: '2026-01-01T00:00:00Z' };
    const { id, outs } = await p.create(inputs);
    expect(id).toBe(`${tenantID}@2026-01-01T00:00:00.000Z`);
    expect(outs).toMatchObject({
      tenantID,
      cpuMilliRate: '0.01',
      currency: 'EUR',
      discountPercent: '0',
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });

    // Same values in other spellings: no change.
    expect(await p.diff!(id, outs!, { ...inputs, cpuMilliRate: 0.01, effectiveFrom: '2026-01-01T00:00:00.000Z' })).toMatchObject({
      changes: false,
    });
    // A price: an update of the same entry.
    const news = { ...inputs, cpuMilliRate: '0.02', discountPercent: 10 };
    expect(await p.diff!(id, outs!, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await p.update!(id, outs!, news);
    expect(updated).toMatchObject({ cpuMilliRate: '0.02', discountPercent: '10', effectiveFrom: outs!.effectiveFrom });
    expect(m.rates.get(tenantID)).toHaveLength(1);
    // Another effectiveFrom: a new entry.
    expect(await p.diff!(id, updated!, { ...news, effectiveFrom: '2026-02-01T00:00:00Z' })).toMatchObject({ replaces: ['effectiveFrom'] });

    await p.delete!(id, updated!);
    expect(m.rates.get(tenantID)).toHaveLength(1);
  });

  it('keeps the Manager-chosen effectiveFrom across updates when the program sets none', async () => {
    const inputs = { ...conn, tenantID, cpuMilliRate: '0.01', memMibRate: '0.001' };
    const { id, outs } = await p.create(inputs);
    expect(await p.diff!(id, outs!, inputs)).toMatchObject({ changes: false });
    const { outs: updated } = await p.update!(id, outs!, { ...inputs, memMibRate: '0.002' });
    expect(updated!.effectiveFrom).toBe(outs!.effectiveFrom);
    expect(m.rates.get(tenantID)).toHaveLength(1);
  });

  it('refresh sees changed prices and drops an entry that is gone', async () => {
    const { id, outs } = await p.create({
      ...conn,
      tenantID,
      cpuMilliRate: '0.01',
      memMibRate: '0.001',
      effectiveFrom: '2026-01-01T00:00:00Z',
    });
    m.rates.get(tenantID)![0].cpu_milli_rate = '0.5';
    expect((await p.read!(id, outs)).props).toMatchObject({ cpuMilliRate: '0.5' });
    m.tenants.delete(tenantID);
    expect(await p.read!(id, outs)).toEqual({ id: '' });
  });

  it('checks the prices and names the field of a 400', async () => {
    expect((await p.check!({} as never, { ...conn, tenantID, memMibRate: '1' } as never)).failures).toEqual([
      { property: 'cpuMilliRate', reason: expect.any(String) },
    ]);
    await expect(p.create({ ...conn, tenantID, cpuMilliRate: 'abc', memMibRate: '1' })).rejects.toThrow(
      /400 invalid: field `cpuMilliRate`/,
    );
  });
});
