/**
 * Where pod specs live in the objects that carry them, with their field paths, so a rule can name
 * the exact field it refuses (`spec.template.spec.containers[0].image`). Objects arrive from an
 * AdmissionReview as untyped JSON: nothing here trusts a shape, missing or odd fields yield nothing.
 */

/** The parts of a container the guardrails look at (wire format). */
export interface ContainerLike {
  name?: unknown;
  image?: unknown;
  ports?: unknown;
  securityContext?: unknown;
}

/** The parts of a pod spec the guardrails look at (wire format). */
export interface PodSpecLike {
  containers?: unknown;
  initContainers?: unknown;
  ephemeralContainers?: unknown;
  volumes?: unknown;
  hostNetwork?: unknown;
  hostPID?: unknown;
  hostIPC?: unknown;
}

/** A pod spec found in an object, and the path of that spec (`spec`, `spec.template.spec`, …). */
export interface FoundPodSpec {
  path: string;
  spec: PodSpecLike;
}

/** A container of a pod spec with its path (`spec.initContainers[1]`). */
export interface FoundContainer {
  path: string;
  container: ContainerLike;
}

/** Where each kind keeps its pod spec (group-less kind names: the API groups are checked by the webhook rules). */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Kinds that carry a pod spec. */
export const POD_SPEC_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pod spec of `object` (of kind `kind`), or null when the kind has none or the object lacks it. */
export function podSpecOf(kind: string, object: unknown): FoundPodSpec | null {
  const path = POD_SPEC_PATHS[kind];
  if (!path) return null;
  let cur: unknown = object;
  for (const key of path) {
    if (!isRecord(cur)) return null;
    cur = cur[key];
  }
  return isRecord(cur) ? { path: path.join('.'), spec: cur } : null;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Every container, init container and ephemeral container of a pod spec, in that order. */
export function containersOf(found: FoundPodSpec): FoundContainer[] {
  const out: FoundContainer[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = found.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c: unknown, i) => {
      if (isRecord(c)) out.push({ path: `${found.path}.${list}[${i}]`, container: c });
    });
  }
  return out;
}
