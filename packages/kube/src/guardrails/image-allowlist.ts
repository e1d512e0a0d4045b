/**
 * Rule (a): every image must be allowed by the policy's image allowlist (empty: all allowed). The
 * reason names what failed the way the allowlist is written: the registry when no entry mentions
 * it (`registry quay.io is not in the image allowlist (docker.io, ghcr.io)`), else the repository.
 */
import { parseImage } from '../images.js';
import { imageAllowed } from '../workloads/policy.js';
import { isRegistryHost, normaliseRegistry } from '../images.js';

/** Entries shown in a message; a long allowlist is cut (the count of the rest is given). */
const SHOWN_ENTRIES = 8;

function listed(allowlist: readonly string[]): string {
  const shown = allowlist.slice(0, SHOWN_ENTRIES).join(', ');
  return allowlist.length > SHOWN_ENTRIES ? `${shown}, … ${allowlist.length - SHOWN_ENTRIES} more` : shown;
}

/** The registry an allowlist entry is about (`ghcr.io/acme/*` → `ghcr.io`), or null. */
function entryRegistry(entry: string): string | null {
  if (isRegistryHost(entry)) return normaliseRegistry(entry);
  const first = entry.split('/')[0] ?? '';
  return isRegistryHost(first) ? normaliseRegistry(first) : null;
}

/** Why `image` may not run under `allowlist`, or null when it may. */
export function imageRefusal(image: unknown, allowlist: readonly string[]): string | null {
  if (typeof image !== 'string' || image.length === 0) return 'an image is required';
  if (allowlist.length === 0) return null;
  const ref = parseImage(image);
  if (!ref) return `${JSON.stringify(image.slice(0, 256))} is not a valid image reference`;
  if (imageAllowed(image, allowlist)) return null;
  const registries = new Set(allowlist.map(entryRegistry));
  if (!registries.has(ref.registry)) return `registry ${ref.registry} is not in the image allowlist (${listed(allowlist)})`;
  return `image ${ref.registry}/${ref.repository} is not in the image allowlist (${listed(allowlist)})`;
}
