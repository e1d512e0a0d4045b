/**
 * The platform policy the operator applies to every project and app: ONE source, the cluster-scoped
 * `Policy` custom resource named `default` (see ../manifests/crds.ts). Missing fields, or a missing
 * object, take the defaults below. The operator watches the object, so a change applies without a
 * restart.
 */
import { isRegistryHost, normaliseRegistry, parseImage } from '../images.js';
import { CRD_API_VERSION } from '../manifests/crds.js';

/** Name of the Policy object the operator reads. */
export const DEFAULT_POLICY_NAME = 'default';

export interface ResourcePair {
  cpu: string;
  memory: string;
}

export interface PlatformPolicy {
  /** Image prefixes apps may use (`docker.io/library/`, `ghcr.io/acme/*`); empty: every image. */
  imageAllowlist: string[];
  /** CIDRs every project's pods may reach (besides cluster DNS and their own namespace). */
  egressBaseline: string[];
  /** The ResourceQuota of each project namespace. */
  quotaMax: { requestsCPU: string; requestsMemory: string };
  /** LimitRange defaults of each project namespace (and the resources of app containers). */
  limitRangeDefaults: { defaultRequest: ResourcePair; default: ResourcePair };
  /** Namespace of the ingress controller, allowed to reach every project's pods. */
  ingressNamespace: string;
  /** Revision of the policy, as the policy's author counts them (0 when unset). */
  revision: number;
}

export const DEFAULT_POLICY: Readonly<PlatformPolicy> = Object.freeze({
  imageAllowlist: [],
  egressBaseline: [],
  quotaMax: { requestsCPU: '4', requestsMemory: '8Gi' },
  limitRangeDefaults: { defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } },
  ingressNamespace: 'ingress-nginx',
  revision: 0,
});

export interface PolicySpec {
  egressAllowCIDRs?: string[];
  imageAllowlist?: string[];
  egressBaseline?: string[];
  quotaMax?: { requestsCPU?: string; requestsMemory?: string };
  limitRangeDefaults?: { defaultRequest?: Partial<ResourcePair>; default?: Partial<ResourcePair> };
  ingressNamespace?: string;
  revision?: number;
}

export interface PolicyResource {
  apiVersion: string;
  kind: 'Policy';
  metadata: { name: string; labels?: Record<string, string> };
  spec: PolicySpec;
}

/** The Policy object with `spec` (for the Manager, tests and bootstrap). */
export function policyResource(spec: PolicySpec, name: string = DEFAULT_POLICY_NAME): PolicyResource {
  return { apiVersion: CRD_API_VERSION, kind: 'Policy', metadata: { name }, spec };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter(str) : undefined);

/**
 * The effective policy from a Policy object's spec (null: the object does not exist). The CRD schema
 * validates the shapes; this only fills in what is left out.
 */
export function effectivePolicy(spec: PolicySpec | null | undefined): PlatformPolicy {
  const d = DEFAULT_POLICY;
  const s = spec ?? {};
  const lr = s.limitRangeDefaults ?? {};
  return {
    imageAllowlist: strings(s.imageAllowlist) ?? [...d.imageAllowlist],
    egressBaseline: strings(s.egressBaseline) ?? [...d.egressBaseline],
    quotaMax: {
      requestsCPU: str(s.quotaMax?.requestsCPU) ? s.quotaMax.requestsCPU : d.quotaMax.requestsCPU,
      requestsMemory: str(s.quotaMax?.requestsMemory) ? s.quotaMax.requestsMemory : d.quotaMax.requestsMemory,
    },
    limitRangeDefaults: {
      defaultRequest: {
        cpu: str(lr.defaultRequest?.cpu) ? lr.defaultRequest.cpu : d.limitRangeDefaults.defaultRequest.cpu,
        memory: str(lr.defaultRequest?.memory) ? lr.defaultRequest.memory : d.limitRangeDefaults.defaultRequest.memory,
      },
      default: {
        cpu: str(lr.default?.cpu) ? lr.default.cpu : d.limitRangeDefaults.default.cpu,
        memory: str(lr.default?.memory) ? lr.default.memory : d.limitRangeDefaults.default.memory,
      },
    },
    ingressNamespace: str(s.ingressNamespace) ? s.ingressNamespace : d.ingressNamespace,
    revision: typeof s.revision === 'number' && Number.isInteger(s.revision) ? s.revision : d.revision,
  };
}

/**
 * Whether `image` may run under `allowlist`. Entries are matched against the image's normalised
 * reference (`docker.io/library/nginx:1.25`: registry and repository as the runtime resolves them):
 * - a registry host (`docker.io`, `ghcr.io`, `localhost:5000`: see `isRegistryHost`) allows every
 *   image from that registry, so `nginx` and `bitnami/nginx` are allowed by `docker.io`;
 * - an entry ending in `/` or `*` is a prefix (`ghcr.io/acme/*`, `docker.io/library/`);
 * - anything else names one repository, optionally with its tag or digest (`nginx` is
 *   `docker.io/library/nginx`).
 * An empty allowlist allows all.
 */
export function imageAllowed(image: string, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  const ref = parseImage(image);
  if (!ref) return false;
  const full = `${ref.registry}/${ref.repository}`;
  return allowlist.some((raw) => {
    if (isRegistryHost(raw)) return normaliseRegistry(raw) === ref.registry;
    const entry = raw.endsWith('*') ? raw.slice(0, -1) : raw;
    if (entry === '') return true;
    if (entry.endsWith('/')) return full.startsWith(entry) || `${full}/`.startsWith(entry);
    const e = parseImage(entry);
    if (!e) return false;
    const prefix = `${e.registry}/${e.repository}`;
    if (raw.endsWith('*')) return full.startsWith(prefix);
    // an exact repository, optionally with its tag or digest
    if (full !== prefix) return false;
    if (e.tag && e.tag !== ref.tag) return false;
    if (e.digest && e.digest !== ref.digest) return false;
    return true;
  });
}
