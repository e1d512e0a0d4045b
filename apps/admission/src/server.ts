/**
 * The HTTPS endpoints: `POST /validate` and `POST /mutate` (AdmissionReview v1), `GET /healthz`,
 * `/readyz` (ready once the Policy is known) and `/metrics`. A bad payload gets a 400 (or a denying
 * review when it has a uid), never an exception; bodies over MAX_REVIEW_BYTES are cut off unread.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Admission } from './admission.js';
import type { AdmissionMetrics } from './metrics.js';
import { deny, MAX_REVIEW_BYTES, parseReview, type AdmissionReviewOut } from './review.js';
import type { TlsPair } from './tls-files.js';

export interface AdmissionServer {
  server: Server;
  port: number;
  /** Serves `pair` to new connections. */
  setTls(pair: TlsPair): void;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_REVIEW_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REVIEW_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, code: number, body: string, type = 'application/json'): void {
  if (res.headersSent) return;
  res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const badRequest = (res: ServerResponse, message: string): void =>
  send(res, 400, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 400, reason: 'BadRequest', message }));

export async function serveAdmission(
  admission: Admission,
  metrics: AdmissionMetrics,
  address: { host: string; port: number },
  tls: TlsPair,
): Promise<AdmissionServer> {
  const timers = { validate: metrics.latency.labels('validate'), mutate: metrics.latency.labels('mutate') };
  const review = async (webhook: 'validate' | 'mutate', req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const end = timers[webhook].startTimer();
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      metrics.decide(webhook, 'malformed', 'error');
      if (e instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        badRequest(res, `the AdmissionReview is larger than ${MAX_REVIEW_BYTES} bytes`);
        // stop reading a body nobody wants
        res.on('finish', () => req.destroy());
      } else req.destroy();
      return;
    }
    const parsed = parseReview(body);
    let out: AdmissionReviewOut;
    if (!parsed.ok) {
      metrics.decide(webhook, 'malformed', 'error');
      if (parsed.uid === undefined) return void badRequest(res, parsed.message);
      out = deny(parsed.uid, `kubeOP admission: ${parsed.message}`, 400);
    } else out = webhook === 'validate' ? await admission.validate(parsed.request) : admission.mutate(parsed.request);
    send(res, 200, JSON.stringify(out));
    end();
  };

  const server = createServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/validate' || path === '/mutate') {
      if (req.method !== 'POST') return void send(res, 405, '', 'text/plain');
      review(path === '/validate' ? 'validate' : 'mutate', req, res).catch(() => send(res, 500, '{"message":"internal error"}'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void send(res, 405, '', 'text/plain');
    if (path === '/healthz') return void send(res, 200, 'ok\n', 'text/plain');
    if (path === '/readyz') {
      const ok = admission.ready();
      return void send(res, ok ? 200 : 503, ok ? 'ok\n' : 'not ready: the Policy has not been read yet\n', 'text/plain');
    }
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => send(res, 200, text, metrics.registry.contentType))
        .catch(() => send(res, 500, '', 'text/plain'));
      return;
    }
    send(res, 404, '', 'text/plain');
  });
  // the API server keeps connections to webhooks open; let them idle a while
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  server.requestTimeout = 30_000;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    server,
    port,
    setTls: (pair) => server.setSecureContext({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
