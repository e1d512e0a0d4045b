import pino, { type DestinationStream, type Logger } from 'pino';

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The request as logged: the path only. Query strings can carry anything a caller put there
 * (tokens, names, cursors), so they are never written to the log.
 */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return {
    method: req.method,
    url: q === -1 ? url : url.slice(0, q),
    ...(q === -1 ? {} : { query: '[redacted]' }),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Structured JSON logs. Anything that could carry a secret is redacted at the source. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'kubeop-manager' },
    serializers: { req: serializeRequest },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.kubeconfig', '*.token', '*.password', '*.key', 'kubeconfig', 'token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
