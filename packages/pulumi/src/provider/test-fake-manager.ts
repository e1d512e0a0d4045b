import { randomUUID } from 'node:crypto';

/**
 * A loopback stand-in for the Manager's /v1 tenants, projects, apps and rates, as a `fetch`:
 * enough of the API's shapes and errors (400 with issues, 401, 404) to drive the providers.
 */
export interface FakeManager {
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  tenants: Map<string, any>;
  projects: Map<string, any>;
  apps: Map<string, any>;
  rates: Map<string, any[]>;
  /** Every request: method, path and the Authorization header. */
  requests: { method: string; path: string; authorization: string | null }[];
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const sync = { state: 'none', error: null, generation: 0, synced_generation: 0, synced_at: null };

function json(status: number, body?: unknown): Response {
  return body === undefined
    ? new Response(null, { status })
    : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-request-id': randomUUID() } });
}
const invalid = (path: string, message: string) =>
  json(400, { error: 'invalid', message: `${path}: ${message}`, issues: [{ path, message }] });
const notFound = (what: string) => json(404, { error: 'not found', message: `${what} not found` });

export function fakeManager(opts: { token?: string } = {}): FakeManager {
  const m: FakeManager = { fetch: handle, tenants: new Map(), projects: new Map(), apps: new Map(), rates: new Map(), requests: [] };
  const now = () => new Date().toISOString();

  async function handle(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const authorization = req.headers.get('authorization');
    m.requests.push({ method: req.method, path: url.pathname, authorization });
    if (opts.token !== undefined && authorization !== `Bearer ${opts.token}`) {
      return json(401, { error: 'unauthorized', message: 'a valid bearer token is required' });
    }
    const body: any = req.method === 'GET' || req.method === 'DELETE' ? undefined : await req.json();
    const [, v1, kind, id, sub] = url.pathname.split('/');
    if (v1 !== 'v1') return notFound(url.pathname);

    if (kind === 'tenants' && sub === 'rates') {
      if (!m.tenants.has(id!)) return notFound('tenant');
      const history = m.rates.get(id!) ?? [];
      if (req.method === 'GET') {
        const current = history[0] ?? {
          tenant_id: id,
          effective_from: '1970-01-01T00:00:00.000Z',
          cpu_milli_rate: '0',
          mem_mib_rate: '0',
          currency: 'EUR',
          tier: 'default',
          discount_percent: '0',
          default: true,
        };
        return json(200, { current, history });
      }
      if (body.cpuMilliRate === undefined || Number.isNaN(Number(body.cpuMilliRate)))
        return invalid('cpuMilliRate', 'a decimal is required');
      const rate = {
        tenant_id: id,
        effective_from: new Date(body.effectiveFrom ?? now()).toISOString(),
        cpu_milli_rate: String(body.cpuMilliRate),
        mem_mib_rate: String(body.memMibRate),
        currency: body.currency ?? 'EUR',
        tier: body.tier ?? 'default',
        discount_percent: String(body.discountPercent ?? '0'),
        default: false,
      };
      const rest = history.filter((r) => r.effective_from !== rate.effective_from);
      m.rates.set(
        id!,
        [rate, ...rest].sort((a, b) => b.effective_from.localeCompare(a.effective_from)),
      );
      return json(200, rate);
    }

    const table = kind === 'tenants' ? m.tenants : kind === 'projects' ? m.projects : kind === 'apps' ? m.apps : undefined;
    if (!table) return notFound(url.pathname);
    const singular = kind!.slice(0, -1);
    if (id === undefined || id === '') {
      if (req.method !== 'POST') return json(405, { error: 'method not allowed', message: req.method });
      if (typeof body.name !== 'string' || !LABEL.test(body.name)) return invalid('name', 'must be a DNS label');
      const t = now();
      const common = { id: randomUUID(), name: body.name, sync, created_at: t, updated_at: t };
      let row: any;
      if (kind === 'tenants') row = { ...common, cluster_id: body.clusterID ?? null };
      else if (kind === 'projects') {
        if (!m.tenants.has(body.tenantID)) return invalid('tenantID', 'no such tenant');
        row = { ...common, tenant_id: body.tenantID, namespace: `kubeop-${body.name}-${common.id.slice(0, 8)}` };
      } else {
        if (!m.projects.has(body.projectID)) return invalid('projectID', 'no such project');
        row = { ...common, project_id: body.projectID, image: body.image ?? null, host: body.host ?? null, status: null };
      }
      table.set(row.id, row);
      return json(201, row);
    }
    const row = table.get(id);
    if (!row) return notFound(singular);
    if (req.method === 'GET') return json(200, row);
    if (req.method === 'DELETE') {
      table.delete(id);
      return json(204);
    }
    if (req.method === 'PATCH') {
      if (body.name !== undefined && !LABEL.test(body.name)) return invalid('name', 'must be a DNS label');
      for (const k of ['name', 'image', 'host'] as const) if (body[k] !== undefined && k in row) row[k] = body[k];
      row.updated_at = now();
      return json(204);
    }
    return json(405, { error: 'method not allowed', message: req.method });
  }
  return m;
}
