import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeManager, type FakeManager } from './test-fake-manager.js';
import { tenantProvider as p, type TenantOutputs } from './tenant.js';

const conn = { baseUrl: 'http://manager.test', token: 'tok-admin' };
let m: FakeManager;
beforeEach(() => {
  m = fakeManager({ token: conn.token });
  vi.stubGlobal('fetch', m.fetch);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('tenantProvider', () => {
  it('creates with the token as a bearer, reads it back, renames in place, deletes', async () => {
    const { id, outs } = await p.create({ ...conn, name: 'acme' });
    expect(m.tenants.get(id)).toMatchObject({ name: 'acme', cluster_id: null });
    expect(outs).toMatchObject({ ...conn, name: 'acme', clusterID: null });
    expect(m.requests.every((r) => r.authorization === 'Bearer tok-admin')).toBe(true);

    expect(await p.read!(id, outs)).toEqual({ id, props: outs });

    const news = { ...conn, name: 'acme-corp' };
    expect(await p.diff!(id, outs!, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: updated } = await p.update!(id, outs!, news);
    expect(updated).toMatchObject({ name: 'acme-corp' });
    expect(m.tenants.get(id).name).toBe('acme-corp');

    await p.delete!(id, updated!);
    expect(m.tenants.has(id)).toBe(false);
  });

  it('replaces on another cluster, not on a new token; a token change is an update without a call', async () => {
    const { id, outs } = await p.create({ ...conn, name: 'acme' });
    expect(await p.diff!(id, outs!, { ...conn, name: 'acme', clusterID: 'c-1' })).toMatchObject({ changes: true, replaces: ['clusterID'] });
    expect(await p.diff!(id, outs!, { ...conn, name: 'acme' })).toMatchObject({ changes: false });
    // A value not known yet (preview) is a change too.
    expect(await p.diff!(id, outs!, { ...conn, name: 'acme', clusterID: '04da6b54-80e4-46f7-96ec-b56ff0331ba9' })).toMatchObject({
      replaces: ['clusterID'],
    });
    expect(await p.diff!(id, outs!, { ...conn, token: 'tok-rotated', name: 'acme' })).toMatchObject({ changes: true, replaces: [] });
    const calls = m.requests.length;
    // No PATCH when only the connection changed (a GET refreshes the outputs).
    const rotated = { ...conn, token: 'tok-rotated', name: 'acme' };
    await expect(p.update!(id, outs!, rotated)).rejects.toThrow(/401 unauthorized.*rejected the token/);
    expect(m.requests.slice(calls).map((r) => r.method)).toEqual(['GET']);
  });

  it('refresh sees drift, and a tenant gone (404) is dropped; deleting it again succeeds', async () => {
    const { id, outs } = await p.create({ ...conn, name: 'acme' });
    m.tenants.get(id).name = 'renamed-elsewhere';
    const read = await p.read!(id, outs);
    expect(read.props).toMatchObject({ name: 'renamed-elsewhere', token: conn.token });
    expect(await p.diff!(id, read.props as TenantOutputs, { ...conn, name: 'acme' })).toMatchObject({ changes: true, replaces: [] });

    m.tenants.delete(id);
    expect(await p.read!(id, outs)).toEqual({ id: '' });
    await expect(p.delete!(id, outs!)).resolves.toBeUndefined();
  });

  it('checks the name, and names the field of a 400', async () => {
    expect((await p.check!({} as never, { ...conn, name: '' })).failures).toEqual([
      { property: 'name', reason: expect.stringMatching(/required/) },
    ]);
    await expect(p.create({ ...conn, name: 'Not_A_Label' })).rejects.toThrow(
      /^kubeop: creating tenant "Not_A_Label" failed: 400 invalid: field `name`: must be a DNS label \[request [0-9a-f-]{36}\]$/,
    );
  });

  it('says which Manager it cannot reach, without the token', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const err = await p.create({ ...conn, name: 'acme' }).catch((e: Error) => e);
    expect(String(err)).toMatch(/cannot reach the Manager at http:\/\/manager\.test: fetch failed/);
    expect(String(err)).not.toContain(conn.token);
  });

  it('asks for a baseUrl', async () => {
    await expect(p.create({ baseUrl: '', name: 'acme' })).rejects.toThrow(/no Manager URL/);
  });
});
