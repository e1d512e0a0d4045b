/**
 * A pod's effective requests as the scheduler counts them (k8s.io/component-helpers resource
 * PodRequests, with KEP-753 sidecars), exactly: no I/O, quantities as rationals.
 */
import { parseQuantity, type Quantity } from './guardrails/quantities.js';

type Requests = Readonly<Record<string, string>>;

export interface ContainerRequestsLike {
  /** `Always` marks an init container as a restartable (sidecar) one. */
  restartPolicy?: string;
  resources?: { requests?: Requests };
}

export interface PodRequestsSpecLike {
  containers?: readonly ContainerRequestsLike[];
  initContainers?: readonly ContainerRequestsLike[];
  overhead?: Requests;
  /** Pod-level resources (PodLevelResources): when a resource is requested here, it is the pod's request. */
  resources?: { requests?: Requests };
}

export const ZERO_QUANTITY: Quantity = { num: 0n, den: 1n };

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return a.den === b.den ? { num: a.num + b.num, den: a.den } : { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return a.num * b.den >= b.num * a.den ? a : b;
}

/** A container's request of `resource`; absent, unparsable or negative (refused by the API server) counts as zero. */
function requestOf(requests: Requests | undefined, resource: string): Quantity {
  const text = requests?.[resource];
  const q = text === undefined ? null : parseQuantity(text);
  return q && q.num > 0n ? q : ZERO_QUANTITY;
}

/**
 * The pod's effective request of `resource` (e.g. `cpu`, `memory`):
 *
 *   max( Σ app containers + Σ restartable init containers,
 *        max over each non-restartable init container k of (k + Σ restartable init containers declared before k) )
 *   + pod overhead
 *
 * Init containers run one after another, each beside the sidecars started before it; sidecars keep
 * running beside the app containers. A pod-level request of the resource replaces the container sum.
 */
export function effectivePodRequest(spec: PodRequestsSpecLike | undefined, resource: string): Quantity {
  const overhead = requestOf(spec?.overhead, resource);
  const podLevel = spec?.resources?.requests?.[resource];
  if (podLevel !== undefined) return addQuantities(requestOf(spec?.resources?.requests, resource), overhead);
  let app = ZERO_QUANTITY;
  for (const c of spec?.containers ?? []) app = addQuantities(app, requestOf(c.resources?.requests, resource));
  let sidecars = ZERO_QUANTITY;
  let initPeak = ZERO_QUANTITY;
  for (const c of spec?.initContainers ?? []) {
    const own = requestOf(c.resources?.requests, resource);
    if (c.restartPolicy === 'Always') sidecars = addQuantities(sidecars, own);
    else initPeak = maxQuantity(initPeak, addQuantities(own, sidecars));
  }
  return addQuantities(maxQuantity(addQuantities(app, sidecars), initPeak), overhead);
}

/** The pod's effective CPU and memory requests (see `effectivePodRequest`). */
export function effectivePodRequests(spec: PodRequestsSpecLike | undefined): { cpu: Quantity; memory: Quantity } {
  return { cpu: effectivePodRequest(spec, 'cpu'), memory: effectivePodRequest(spec, 'memory') };
}
