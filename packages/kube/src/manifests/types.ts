/**
 * Wire-format Kubernetes objects. Builders type their output with the @kubernetes/client-node model
 * types where those spell fields exactly as the API does (everything but JSON schemas), intersected
 * with `KubeObject` so apiVersion/kind/name are always present. Objects are sent as plain JSON
 * (see ../kube.ts), never through client-node's ObjectSerializer.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** What the API server returns on top of the intent. */
export interface ServerObjectMeta extends ObjectMeta {
  resourceVersion?: string;
  uid?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** An object as read back from the API server (fields beyond the header are not typed). */
export interface LiveObject {
  apiVersion: string;
  kind: string;
  metadata: ServerObjectMeta;
  [field: string]: unknown;
}

/** A client-node model type made into a complete wire object. */
export type Manifest<T> = Omit<T, 'apiVersion' | 'kind' | 'metadata'> & KubeObject;

/** Identifies an object without its content. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * An object to prune. Only objects carrying kubeOP's managed-by label are ever deleted; `requireLabels`
 * narrows that further to objects that also carry these labels (the rest are left alone as `skipped`).
 */
export interface PruneRef extends ObjectRef {
  requireLabels?: Record<string, string>;
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
