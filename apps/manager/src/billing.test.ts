import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestManager, type TestManager } from './test-manager.js';
import { TEST_HMAC_KEY, testToken as token } from './test-tokens.js';

let open: TestManager;
let authed: TestManager;

interface Reply {
  status: number;
  body: any; // JSON from the wire, asserted field by field
  text: string;
  headers: Headers;
}

async function call(m: TestManager, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

beforeAll(async () => {
  [open, authed] = await Promise.all([
    startTestManager({ KUBEOP_USAGE_MAX_BATCH: '100' }),
    startTestManager({ KUBEOP_REQUIRE_AUTH: 'true', KUBEOP_JWT_SIGNING_KEY: TEST_HMAC_KEY }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.stop(), authed?.stop()]);
});

describe(`usage and invoices over REST on ${inject('databaseKind')} PostgreSQL`, () => {
  it('serves walkthrough step 7 verbatim', async () => {
    const TENANT_ID = (await call(open, 'POST', '/v1/tenants', JSON.stringify({ name: 'walk' }))).body.id as string;
    // HOUR=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:00:00Z)
    const HOUR = new Date(Date.now() - 3600_000).toISOString().slice(0, 13) + ':00:00Z';
    const ingest = await call(
      open,
      'POST',
      '/v1/usage/ingest',
      '[{"ts":"' + HOUR + '","tenant_id":"' + TENANT_ID + '","cpu_milli":500,"mem_mib":1024}]',
    );
    expect(ingest).toMatchObject({ status: 200, body: { status: 'ok', accepted: 1, duplicates: 0 } });

    const inv = await call(open, 'GET', `/v1/invoices/${TENANT_ID}`);
    expect(inv.status).toBe(200);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    expect(inv.body).toMatchObject({
      tenant_id: TENANT_ID,
      start: monthStart.toISOString(),
      end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      status: 'open',
      currency: 'USD',
    });
    // (in the first hour of a month, an hour ago is last month: then it is on last month's invoice)
    const billed =
      new Date(HOUR) >= monthStart ? inv.body : (await call(open, 'GET', `/v1/invoices/${TENANT_ID}?period=${HOUR.slice(0, 7)}`)).body;
    expect(billed).toMatchObject({
      lines: [{ ts: new Date(HOUR).toISOString(), tenant_id: TENANT_ID, cpu_milli: 500, mem_mib: 1024, cost: '0.0007048' }],
      subtotal: 0.0007048,
      subtotal_exact: '0.0007048',
      totals: { cpu: { quantity: 500, cost: '0.0005' }, memory: { quantity: 1024, cost: '0.0002048' } },
      discount: '0',
      total: '0.00',
    });
    expect((await call(open, 'GET', `/v1/usage/snapshot?tenantID=${TENANT_ID}`)).body).toEqual({
      totals: { cpu_milli: 500, mem_mib: 1024 },
    });
    expect((await call(open, 'GET', '/v1/usage/snapshot')).body.totals.cpu_milli).toBeGreaterThanOrEqual(500);
  });

  it('rejects bad batches whole with 400 naming index and field; 413 over KUBEOP_USAGE_MAX_BATCH', async () => {
    const tenant = (await call(open, 'POST', '/v1/tenants', JSON.stringify({ name: 'bad-batch' }))).body.id as string;
    const good = { ts: '2025-10-07T10:00:00Z', tenant_id: tenant, cpu_milli: 1, mem_mib: 1 };
    const bad = await call(open, 'POST', '/v1/usage/ingest', JSON.stringify([good, good, good, { ...good, cpu_milli: -5 }]));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid', issues: [{ path: '3.cpu_milli', message: 'must not be negative' }] });
    expect(bad.body.message).toContain('3.cpu_milli');
    expect((await call(open, 'GET', `/v1/usage/snapshot?tenantID=${tenant}`)).body).toEqual({ totals: { cpu_milli: 0, mem_mib: 0 } });
    expect((await call(open, 'POST', '/v1/usage/ingest', JSON.stringify({ records: [good] }))).status).toBe(400);
    expect((await call(open, 'POST', '/v1/usage/ingest', 'null')).body).toEqual({ status: 'ok', accepted: 0, duplicates: 0 });
    const tooMany = await call(open, 'POST', '/v1/usage/ingest', JSON.stringify(new Array(101).fill(good)));
    expect(tooMany).toMatchObject({ status: 413, body: { error: 'payload too large' } });
    expect((await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-13`)).body.issues[0].path).toBe('period');
    expect((await call(open, 'GET', `/v1/invoices/${tenant}?from=2025-10-01T00:00:00Z`)).body.issues[0].path).toBe('to');
    expect((await call(open, 'GET', '/v1/invoices/not-a-tenant')).status).toBe(404);
  });

  it('takes an Idempotency-Key header: the same key and body are stored once; another body is a 409', async () => {
    const tenant = (await call(open, 'POST', '/v1/tenants', JSON.stringify({ name: 'idem' }))).body.id as string;
    const body = JSON.stringify([{ ts: '2025-10-07T10:00:00Z', tenant_id: tenant, cpu_milli: 7, mem_mib: 1 }]);
    const key = { 'Idempotency-Key': `idem-${tenant}` };
    const [a, b] = await Promise.all([
      call(open, 'POST', '/v1/usage/ingest', body, key),
      call(open, 'POST', '/v1/usage/ingest', body, key),
    ]);
    expect(a.body).toEqual(b.body);
    expect((await call(open, 'GET', `/v1/usage/snapshot?tenantID=${tenant}`)).body.totals.cpu_milli).toBe(7);
    const other = await call(open, 'POST', '/v1/usage/ingest', body.replace('"cpu_milli":7', '"cpu_milli":8'), key);
    expect(other).toMatchObject({ status: 409, body: { issues: [{ path: 'Idempotency-Key' }] } });
  });

  it('sets rates with history, prices invoices with them, answers CSV, closes months and outlives the tenant', async () => {
    const tenant = (await call(open, 'POST', '/v1/tenants', JSON.stringify({ name: 'rated' }))).body.id as string;
    const put = await call(
      open,
      'PUT',
      `/v1/tenants/${tenant}/rates`,
      JSON.stringify({
        cpuMilliRate: '0.01',
        memMibRate: 0.001,
        discountPercent: '10',
        tier: 'gold',
        effectiveFrom: '2025-01-01T00:00:00Z',
      }),
    );
    expect(put).toMatchObject({
      status: 200,
      body: {
        tenant_id: tenant,
        cpu_milli_rate: '0.01',
        mem_mib_rate: '0.001',
        discount_percent: '10',
        tier: 'gold',
        currency: 'USD',
        default: false,
      },
    });
    const badRate = await call(open, 'PUT', `/v1/tenants/${tenant}/rates`, JSON.stringify({ cpuMilliRate: '-1', memMibRate: '0' }));
    expect(badRate).toMatchObject({ status: 400, body: { issues: [{ path: 'cpuMilliRate' }] } });
    const rates = (await call(open, 'GET', `/v1/tenants/${tenant}/rates`)).body;
    expect(rates.current.cpu_milli_rate).toBe('0.01');
    expect(rates.history).toHaveLength(1);

    await call(
      open,
      'POST',
      '/v1/usage/ingest',
      JSON.stringify([{ ts: '2025-10-07T10:00:00Z', tenant_id: tenant, cpu_milli: 125, mem_mib: 0 }]),
    );
    const inv = (await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-10`)).body;
    expect(inv).toMatchObject({ subtotal: 1.25, subtotal_exact: '1.25', discount: '0.125', total: '1.12' }); // 1.125 → 1.12

    const csv = await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-10&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual([
      'kind,ts,tenant_id,cpu_milli,mem_mib,cost,currency,project_id',
      `usage,2025-10-07T10:00:00.000Z,${tenant},125,0,1.25,USD,`,
      `project,,${tenant},125,0,1.25,USD,`,
      `subtotal,,${tenant},125,0,1.25,USD,`,
      `discount,,${tenant},,,0.125,USD,`,
      `total,,${tenant},,,1.12,USD,`,
      '',
    ]);
    const accept = await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-10`, undefined, { accept: 'text/csv' });
    expect(accept.text).toBe(csv.text);

    const closed = await call(open, 'POST', `/v1/invoices/${tenant}/close?period=2025-10`);
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed', period: '2025-10', total: '1.12' } });
    await call(
      open,
      'POST',
      '/v1/usage/ingest',
      JSON.stringify([{ ts: '2025-10-08T10:00:00Z', tenant_id: tenant, cpu_milli: 100, mem_mib: 0 }]),
    );
    expect((await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-10`)).body).toEqual(closed.body);
    expect((await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-11`)).body.adjustments).toMatchObject([
      { cpu_milli: 100, cost: '1' },
    ]);

    expect((await call(open, 'DELETE', `/v1/tenants/${tenant}`)).status).toBe(204);
    expect((await call(open, 'GET', `/v1/tenants/${tenant}`)).status).toBe(404);
    expect((await call(open, 'GET', `/v1/invoices/${tenant}?period=2025-10`)).body).toEqual(closed.body);
    expect((await call(open, 'GET', `/v1/tenants/${tenant}/rates`)).body.history).toHaveLength(1);
  });

  it('with auth on, a tenant token sees only its own invoices, usage and rates; only admins write', async () => {
    const admin = { authorization: `Bearer ${await token({ role: 'admin', sub: 'ops' })}` };
    const a = (await call(authed, 'POST', '/v1/tenants', JSON.stringify({ name: 'scope-a' }), admin)).body.id as string;
    const b = (await call(authed, 'POST', '/v1/tenants', JSON.stringify({ name: 'scope-b' }), admin)).body.id as string;
    const asA = { authorization: `Bearer ${await token({ role: 'tenant', scope: `tenant:${a}` })}` };
    expect((await call(authed, 'GET', `/v1/invoices/${a}`, undefined, asA)).status).toBe(200);
    expect((await call(authed, 'GET', `/v1/invoices/${b}`, undefined, asA)).status).toBe(403);
    expect((await call(authed, 'GET', `/v1/invoices/${b}`, undefined, admin)).status).toBe(200);
    expect((await call(authed, 'GET', `/v1/usage/snapshot?tenantID=${a}`, undefined, asA)).status).toBe(200);
    expect((await call(authed, 'GET', '/v1/usage/snapshot', undefined, asA)).status).toBe(403);
    expect((await call(authed, 'GET', `/v1/tenants/${a}/rates`, undefined, asA)).status).toBe(200);
    expect((await call(authed, 'GET', `/v1/tenants/${b}/rates`, undefined, asA)).status).toBe(403);
    const rate = JSON.stringify({ cpuMilliRate: '1', memMibRate: '1' });
    expect((await call(authed, 'PUT', `/v1/tenants/${a}/rates`, rate, asA)).status).toBe(403);
    const sample = JSON.stringify([{ ts: '2025-10-07T10:00:00Z', tenant_id: a, cpu_milli: 1, mem_mib: 1 }]);
    expect((await call(authed, 'POST', '/v1/usage/ingest', sample, asA)).status).toBe(403);
    expect((await call(authed, 'POST', `/v1/invoices/${a}/close?period=2025-10`, undefined, asA)).status).toBe(403);
    expect((await call(authed, 'POST', '/v1/usage/ingest', sample, admin)).status).toBe(200);
  });
});
