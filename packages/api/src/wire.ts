import { NAME_LIMITS, type App, type AppLiveStatus, type NamedKind, type Project, type SyncStatus, type Tenant } from '@kubeop/core';
import { z } from 'zod';

/**
 * The wire format. Requests use the upstream's camelCase keys (`tenantID`, matched
 * case-insensitively over REST); responses use its snake_case keys (`tenant_id`, `created_at`).
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function nameSchema(kind: NamedKind) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(NAME_LIMITS[kind], `must be at most ${NAME_LIMITS[kind]} characters`)
    .regex(DNS1123_LABEL, 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');
}

/** An id in a path: any string, so that an unknown or malformed id is a 404, never a 500. */
export const pathId = z.string().min(1).max(100).describe('Resource id (UUID)');
export const uuid = z.uuid({ message: 'must be a UUID' });
export const timestamp = z.iso.datetime({ offset: true });

export const pageInput = {
  limit: z.coerce.number().int().min(1).max(500).optional().describe('Page size, 1–500 (default 100)'),
  cursor: z.string().max(100).optional().describe('The X-Next-Cursor of the previous page'),
};

export const syncJson = z
  .object({
    state: z
      .enum(['none', 'pending', 'synced', 'error'])
      .describe('none: no cluster; pending: a write is on its way; error: the last attempt failed (retried)'),
    error: z.string().nullable(),
    generation: z.number().int().describe('Writes so far'),
    synced_generation: z.number().int().describe('The last generation applied to the cluster'),
    synced_at: timestamp.nullable(),
  })
  .meta({ id: 'SyncStatus' });

const syncToJson = (s: SyncStatus): z.infer<typeof syncJson> => ({
  state: s.state,
  error: s.error,
  generation: s.generation,
  synced_generation: s.syncedGeneration,
  synced_at: s.syncedAt ? s.syncedAt.toISOString() : null,
});

export const tenantJson = z
  .object({
    id: z.uuid(),
    name: z.string(),
    cluster_id: z.uuid().nullable(),
    sync: syncJson,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Tenant' });

export const projectJson = z
  .object({
    id: z.uuid(),
    tenant_id: z.uuid(),
    name: z.string(),
    namespace: z.string().describe('The namespace the project owns on its cluster (fixed at creation)'),
    sync: syncJson,
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Project' });

export const conditionJson = z
  .object({
    type: z.string().describe('Ready, Progressing or Degraded'),
    status: z.enum(['True', 'False', 'Unknown']),
    reason: z.string().optional(),
    message: z.string().optional(),
    lastTransitionTime: z.string().optional().describe('RFC 3339 time the status last changed'),
    observedGeneration: z.number().int().optional().describe("The App resource's generation the condition was set for"),
  })
  .meta({ id: 'Condition', description: "A condition of the App resource on its cluster, as it has it (Kubernetes' metav1.Condition)" });

export const appStatusJson = z
  .object({
    ready: z.boolean().describe('The Deployment of the current revision is rolled out and available'),
    revision: z.string().nullable().describe('The revision rolled out (a hash of the pod template; a new image is a new revision)'),
    available_replicas: z.number().int().nullable(),
    conditions: z.array(conditionJson),
    observed_at: timestamp.describe(
      'When the Manager last received the App resource from its cluster (it watches each cluster; while a cluster is unreachable the last observed status is kept, with its old time)',
    ),
  })
  .meta({ id: 'AppStatus' });

export const appJson = z
  .object({
    id: z.uuid(),
    project_id: z.uuid(),
    name: z.string(),
    image: z.string().nullable(),
    host: z.string().nullable(),
    sync: syncJson,
    status: appStatusJson
      .nullable()
      .describe(
        "The app's live state on its cluster, from the Manager's watch of App resources (no cluster round trip per request); null when the app is not bound to a cluster or its resource was not observed yet",
      ),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'App' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const tenantToJson = (t: Tenant): z.infer<typeof tenantJson> => ({
  id: t.id,
  name: t.name,
  cluster_id: t.clusterId,
  sync: syncToJson(t.sync),
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
});

export const projectToJson = (p: Project): z.infer<typeof projectJson> => ({
  id: p.id,
  tenant_id: p.tenantId,
  name: p.name,
  namespace: p.namespace,
  sync: syncToJson(p.sync),
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

const appStatusToJson = (s: AppLiveStatus): z.infer<typeof appStatusJson> => ({
  ready: s.ready,
  revision: s.revision,
  available_replicas: s.availableReplicas,
  conditions: s.conditions,
  observed_at: s.observedAt.toISOString(),
});

/** An app with its live status (null: not bound to a cluster, or not observed there yet). */
export const appToJson = (a: App, status: AppLiveStatus | null): z.infer<typeof appJson> => ({
  id: a.id,
  project_id: a.projectId,
  name: a.name,
  image: a.image,
  host: a.host,
  sync: syncToJson(a.sync),
  status: status ? appStatusToJson(status) : null,
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});
