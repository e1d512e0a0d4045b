/**
 * Where the users of issued kubeconfigs reach a cluster's API server, when that differs from where
 * the Manager reaches it (a public load balancer in front of a private endpoint, another CA): the
 * optional `publicServer` and `publicCAData` of a cluster's registration. The Manager never connects
 * to them, so the outbound policy does not apply; they are validated like a kubeconfig's fields.
 */
import { X509Certificate } from 'node:crypto';
import { InvalidError, type FieldIssue } from './errors.js';
import { fromBase64, normaliseServerUrl } from './kubeconfig.js';

export interface PublicEndpoint {
  /** `https://host[:port][/path]`, normalised; null: the registered kubeconfig's server. */
  server: string | null;
  /** PEM bundle of the CA certificates; null: the registered kubeconfig's CA. */
  ca: string | null;
}

const MAX_CA_BYTES = 64 * 1024;

/** Validates the registration's public endpoint fields (base64 PEM for the CA); issues name the fields. */
export function parsePublicEndpoint(input: { publicServer?: string | undefined; publicCAData?: string | undefined }): PublicEndpoint {
  const issues: FieldIssue[] = [];
  let server: string | null = null;
  let ca: string | null = null;
  if (input.publicServer !== undefined) {
    const checked =
      input.publicServer.length > 2048 ? { problem: 'must be at most 2048 characters' } : normaliseServerUrl(input.publicServer);
    if ('problem' in checked) issues.push({ path: 'publicServer', message: checked.problem });
    else server = checked.url;
  }
  if (input.publicCAData !== undefined) {
    const pem = input.publicCAData.length > MAX_CA_BYTES ? null : fromBase64(input.publicCAData);
    if (pem === null || !/-----BEGIN CERTIFICATE-----/.test(pem)) {
      issues.push({ path: 'publicCAData', message: 'must be base64 of a PEM certificate (at most 64 KiB)' });
    } else {
      try {
        new X509Certificate(pem);
        ca = pem;
      } catch {
        issues.push({ path: 'publicCAData', message: 'is not a valid PEM certificate' });
      }
    }
  }
  if (issues.length) throw new InvalidError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return { server, ca };
}
