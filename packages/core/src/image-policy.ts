import type { Database } from '@kubeop/db';
import { imageAllowed, InvalidError, isRegistryHost, normaliseRegistry, parseImage } from '@kubeop/kube';
import { sql, type Kysely } from 'kysely';
import { isUuid } from './ids.js';

/**
 * The Manager-side image check of apps: an app's image must be allowed by the effective policy of
 * its tenant's cluster (its override, else the global policy; the global one for a tenant bound to
 * no cluster), by `imageAllowed` of @kubeop/kube — the same rule the cluster enforces. Checked before
 * anything is written; an unknown project or app is left to the write (its 404).
 */
export type ImageOwner = { projectId: string } | { appId: string };

async function allowlistFor(db: Kysely<Database>, owner: ImageOwner): Promise<string[] | null> {
  const id = 'projectId' in owner ? owner.projectId : owner.appId;
  if (!isUuid(id)) return null;
  const project =
    'projectId' in owner ? sql<string>`${owner.projectId}::uuid` : sql<string>`(select project_id from apps where id = ${owner.appId})`;
  const row = await db
    .selectFrom('projects as p')
    .innerJoin('tenants as t', 't.id', 'p.tenant_id')
    .leftJoin('policies as o', 'o.cluster_id', 't.cluster_id')
    .leftJoin('policies as g', (j) => j.on('g.scope', '=', 'global'))
    .select(sql<string[] | null>`coalesce(o.body, g.body) -> 'imageAllowlist'`.as('allowlist'))
    .where('p.id', '=', project)
    .executeTakeFirst();
  return row?.allowlist ?? null;
}

/** The registry an allowlist entry names (`ghcr.io/acme/*` → ghcr.io). */
function entryRegistry(entry: string): string {
  const first = entry.split('/')[0] ?? '';
  return isRegistryHost(first) ? normaliseRegistry(first) : '';
}

/** Why `image` is not allowed by `allowlist`, naming the registry when no entry is about it; null when allowed. */
export function imageRefusal(image: string, allowlist: readonly string[]): string | null {
  if (imageAllowed(image, allowlist)) return null;
  const list = allowlist.join(', ');
  const ref = parseImage(image);
  if (ref && !allowlist.some((e) => entryRegistry(e) === ref.registry)) {
    return `registry ${ref.registry} is not in the image allowlist (${list})`;
  }
  return `${image} is not allowed by the image allowlist (${list})`;
}

/** Throws InvalidError on `image` when the effective policy of the owner's cluster does not allow it. */
export async function assertImageAllowed(db: Kysely<Database>, image: string | null | undefined, owner: ImageOwner): Promise<void> {
  if (!image) return;
  const allowlist = await allowlistFor(db, owner);
  if (!allowlist) return;
  const refusal = imageRefusal(image, allowlist);
  if (refusal) throw InvalidError.field('image', refusal);
}
