import pino, { type Logger } from 'pino';

/** Structured JSON logs. Anything that could carry a secret is redacted at the source. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'kubeop-manager' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.kubeconfig', '*.token', '*.password', '*.key', 'kubeconfig', 'token'],
      censor: '[redacted]',
    },
  });
}
