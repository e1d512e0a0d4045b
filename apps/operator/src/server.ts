import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Operator } from './operator.js';

export interface Endpoints {
  health: Server;
  metrics: Server;
  healthPort: number;
  metricsPort: number;
  close(): Promise<void>;
}

function listen(s: Server, a: { host: string; port: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(a.port, a.host, () => resolve((s.address() as AddressInfo).port));
  });
}

/** `/healthz` and `/readyz` on one address, `/metrics` (Prometheus text) on the other. */
export async function serveEndpoints(
  op: Operator,
  healthAddr: { host: string; port: number },
  metricsAddr: { host: string; port: number },
): Promise<Endpoints> {
  const health = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (path === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (path === '/readyz') {
      const ok = op.ready();
      return void res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
    }
    res.writeHead(404).end();
  });
  const metrics = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    op.metrics.registry
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': op.metrics.registry.contentType }).end(text))
      .catch(() => res.writeHead(500).end());
  });
  const healthPort = await listen(health, healthAddr);
  const metricsPort = await listen(metrics, metricsAddr);
  const close = (s: Server) =>
    new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
  return { health, metrics, healthPort, metricsPort, close: async () => void (await Promise.all([close(health), close(metrics)])) };
}
