import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appProvider } from './app.js';
import { projectProvider } from './project.js';
import { fakeManager, type FakeManager } from './test-fake-manager.js';
import { tenantProvider } from './tenant.js';

const conn = { baseUrl: 'http://manager.test/', token: 'tok-admin' };
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

describe('projectProvider', () => {
  it('creates (namespace out), renames in place, replaces on another tenant, deletes (404 is gone)', async () => {
    const { id, outs } = await projectProvider.create({ ...conn, tenantID, name: 'web' });
    expect(outs).toMatchObject({ tenantID, name: 'web', namespace: expect.stringMatching(/^kubeop-web-/) });
    expect(await projectProvider.diff!(id, outs!, { ...conn, tenantID, name: 'www' })).toMatchObject({ changes: true, replaces: [] });
    expect(await projectProvider.diff!(id, outs!, { ...conn, tenantID: 'other', name: 'web' })).toMatchObject({ replaces: ['tenantID'] });
    const { outs: renamed } = await projectProvider.update!(id, outs!, { ...conn, tenantID, name: 'www' });
    expect(renamed).toMatchObject({ name: 'www', namespace: outs!.namespace });
    await projectProvider.delete!(id, renamed!);
    await projectProvider.delete!(id, renamed!);
    expect(await projectProvider.read!(id, renamed)).toEqual({ id: '' });
  });

  it('names the field the Manager rejects', async () => {
    await expect(projectProvider.create({ ...conn, tenantID: 'nope', name: 'web' })).rejects.toThrow(
      /400 invalid: field `tenantID`: no such tenant/,
    );
    expect((await projectProvider.check!({} as never, { ...conn, name: 'web' } as never)).failures).toEqual([
      { property: 'tenantID', reason: expect.any(String) },
    ]);
  });
});

describe('appProvider', () => {
  it('creates, updates image and host in place (unset clears), replaces on another project, sees drift', async () => {
    const projectID = (await projectProvider.create({ ...conn, tenantID, name: 'web' })).id;
    const { id, outs } = await appProvider.create({ ...conn, projectID, name: 'web', image: 'nginx:1.25', host: 'web.local' });
    expect(outs).toMatchObject({ projectID, name: 'web', image: 'nginx:1.25', host: 'web.local' });

    const news = { ...conn, projectID, name: 'web', image: 'nginx:1.27' };
    const diff = await appProvider.diff!(id, outs!, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await appProvider.update!(id, outs!, news);
    expect(updated).toMatchObject({ image: 'nginx:1.27', host: null });
    expect(m.apps.get(id)).toMatchObject({ image: 'nginx:1.27', host: null });
    expect(await appProvider.diff!(id, updated!, news)).toMatchObject({ changes: false });
    expect(await appProvider.diff!(id, updated!, { ...news, projectID: 'other' })).toMatchObject({ replaces: ['projectID'] });

    m.apps.get(id).image = 'evil:latest';
    const read = await appProvider.read!(id, updated);
    expect(read.props).toMatchObject({ image: 'evil:latest' });
    expect(await appProvider.diff!(id, read.props!, news)).toMatchObject({ changes: true, replaces: [] });

    await appProvider.delete!(id, updated!);
    expect(m.apps.has(id)).toBe(false);
  });
});
