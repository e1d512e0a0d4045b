/**
 * Container image references, parsed the way the container runtime does (distribution/reference):
 * the first path component is a registry only if it contains `.` or `:` or is `localhost`;
 * otherwise the image is on Docker Hub. So `bitnami/nginx` is on docker.io, not on a registry
 * called `bitnami` (an upstream bug we do not copy).
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export const MAX_IMAGE_LENGTH = 512;

export interface ImageReference {
  registry: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** Returns why `image` is not a valid image reference, or null. */
export function imageProblem(image: string): string | null {
  if (image.length === 0) return 'must not be empty';
  if (image.length > MAX_IMAGE_LENGTH) return `must be at most ${MAX_IMAGE_LENGTH} characters`;
  if (parseImage(image) === null) return 'is not a valid image reference (e.g. docker.io/library/nginx:1.25)';
  return null;
}

export function parseImage(image: string): ImageReference | null {
  const m = REFERENCE.exec(image);
  if (!m) return null;
  const [, first, , tag, digest] = m;
  let path = m[2];
  let registry = 'docker.io';
  if (first !== undefined) {
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
    } else {
      // Not a registry after all: a Docker Hub namespace such as `bitnami` in `bitnami/nginx`.
      if (first !== first.toLowerCase()) return null;
      path = `${first}/${path}`;
    }
  }
  registry = normaliseRegistry(registry);
  const repository = registry === 'docker.io' && !path!.includes('/') ? `library/${path}` : path!;
  return { registry, repository, tag: tag ?? null, digest: digest ?? null };
}

/**
 * True when `text` is a registry host as the runtime tells one apart from a Docker Hub namespace:
 * a domain (or IPv4 address) with a `.` or a `:port`, or `localhost` — `docker.io`, `ghcr.io`,
 * `localhost:5000`, `10.0.0.5:5000`. `bitnami` is not one (it is a namespace on docker.io).
 */
export function isRegistryHost(text: string): boolean {
  if (!REGISTRY_HOST.test(text)) return false;
  const [host = '', port] = text.split(':');
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return false;
  return host.includes('.') || port !== undefined || host.toLowerCase() === 'localhost';
}

const REGISTRY_HOST = new RegExp(`^${DOMAIN}$`);

/** Docker Hub's other names are docker.io; host names are case-insensitive. */
export function normaliseRegistry(registry: string): string {
  const r = registry.toLowerCase();
  return r === 'index.docker.io' || r === 'registry-1.docker.io' ? 'docker.io' : r;
}

const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns why `host` is not a valid DNS host name (RFC 1123, lower case), or null. */
export function hostProblem(host: string): string | null {
  if (host.length === 0) return 'must not be empty';
  if (host.length > 253) return 'must be at most 253 characters';
  const labels = host.split('.');
  if (labels.some((l) => l.length > 63 || !HOST_LABEL.test(l))) {
    return 'must be a DNS host name: dot-separated lower-case labels of letters, digits and "-"';
  }
  return null;
}
