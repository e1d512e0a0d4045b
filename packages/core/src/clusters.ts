import { sql, type Kysely } from 'kysely';
import { auditedWrite, type Actor } from './audit.js';
import { translateDbError } from './pg-errors.js';
import type { BootstrapState, ClusterOptionsJson, ClusterRow, Database } from '@kubeop/db';
import {
  ConflictError,
  InvalidError,
  NotFoundError,
  UnavailableError,
  decodeKubeconfig,
  probeCluster,
  type ProbeResult,
  DEFAULT_OUTBOUND_POLICY,
  type OutboundPolicy,
  releaseConnection,
  parseKubeconfig,
  parsePublicEndpoint,
  type KubeConnection,
  assertValidName,
} from '@kubeop/kube';
import { isUuid, newId } from './ids.js';
import { aadFor, open, rotateAll, seal, type Keyring, type RotationResult } from './kms/index.js';
import { pageParams, toPage, type Page, type PageRequest } from './pagination.js';
import { policyOutboxForRegisteredCluster, queueClusterPolicy } from './sync-outbox.js';

export interface ClusterBootstrap {
  state: BootstrapState | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

/** A registered cluster. The kubeconfig is deliberately not part of it. */
export interface Cluster {
  id: string;
  name: string;
  apiServer: string | null;
  reachable: boolean;
  serverVersion: string | null;
  lastError: string | null;
  checkedAt: Date | null;
  options: ClusterOptionsJson;
  bootstrap: ClusterBootstrap;
  /** Server URL issued kubeconfigs carry instead of the registered one (null: the registered one). */
  publicServer: string | null;
  /** PEM CA bundle issued kubeconfigs carry instead of the registered one (null: the registered one). */
  publicCa: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegisterCluster {
  name: string;
  /** Base64 of a kubeconfig file. */
  kubeconfig: string;
  options: ClusterOptionsJson;
  /** Replace the kubeconfig of an existing cluster of the same name instead of answering 409. */
  replace?: boolean | undefined;
  /** https URL users reach the API server at, for issued kubeconfigs (default: the kubeconfig's server). */
  publicServer?: string | undefined;
  /** Base64 of the PEM CA bundle for issued kubeconfigs (default: the kubeconfig's CA). */
  publicCAData?: string | undefined;
}

/** The columns a Cluster is made of (not the sealed kubeconfig, not the policy sync bookkeeping). */
type ClusterColumns = Omit<ClusterRow, 'policy_synced_revision' | 'policy_sync_error' | 'policy_synced_at'>;

export function toCluster(row: ClusterColumns): Cluster {
  return {
    id: row.id,
    name: row.name,
    apiServer: row.api_server,
    reachable: row.reachable,
    serverVersion: row.server_version,
    lastError: row.last_error,
    checkedAt: row.checked_at,
    options: row.options,
    bootstrap: {
      state: row.bootstrap_state,
      startedAt: row.bootstrap_started_at,
      finishedAt: row.bootstrap_finished_at,
      error: row.bootstrap_error,
    },
    publicServer: row.public_server,
    publicCa: row.public_ca,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every column but the sealed kubeconfig. */
const PUBLIC_COLUMNS = [
  'id',
  'name',
  'api_server',
  'reachable',
  'server_version',
  'last_error',
  'checked_at',
  'options',
  'bootstrap_state',
  'bootstrap_started_at',
  'bootstrap_finished_at',
  'bootstrap_error',
  'public_server',
  'public_ca',
  'created_at',
  'updated_at',
] as const;

type PublicRow = Omit<ClusterColumns, 'kubeconfig_enc' | 'kms_key_id'>;
const fromPublic = (row: PublicRow): Cluster => toCluster({ ...row, kubeconfig_enc: null, kms_key_id: null });

export interface ClusterServiceOptions {
  /** Where cluster API servers may be (default: not link-local or cloud metadata addresses). */
  policy?: OutboundPolicy;
}

/**
 * The cluster registry: kubeconfigs are validated, probed and sealed with envelope encryption
 * bound to their row (a ciphertext copied to another row does not decrypt).
 */
export class ClusterService {
  /**
   * Loaded connections by cluster id, with the sealed bytes they came from. Status polls reuse one
   * connection (and so its keep-alive sockets and API discovery) instead of decrypting, parsing and
   * handshaking on every call; a replaced kubeconfig has other bytes and is loaded afresh. Entries
   * are dropped on delete, replace and key rotation.
   */
  private readonly loaded = new Map<string, { blob: Buffer; kc: KubeConnection }>();
  private static readonly MAX_LOADED = 256;
  private readonly policy: OutboundPolicy;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    options: ClusterServiceOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_OUTBOUND_POLICY;
  }

  async register(input: RegisterCluster, actor: Actor): Promise<{ cluster: Cluster; replaced: boolean }> {
    assertValidName('cluster', input.name);
    const parsed = decodeKubeconfig(input.kubeconfig, this.policy);
    const endpoint = parsePublicEndpoint({ publicServer: input.publicServer, publicCAData: input.publicCAData });
    const existing = await this.db.selectFrom('clusters').select('id').where('name', '=', input.name).executeTakeFirst();
    if (existing && !input.replace) {
      throw new ConflictError('a cluster with this name already exists; send "replace": true to replace its kubeconfig', [
        { path: 'name', message: 'a cluster with this name already exists' },
      ]);
    }
    const probe = await probeCluster(parsed.connection);
    releaseConnection(parsed.connection);
    const id = existing?.id ?? newId();
    const blob = seal(this.keyring, Buffer.from(parsed.normalized, 'utf8'), aadFor('cluster', id, 'kubeconfig'));
    const values = {
      kubeconfig_enc: blob,
      kms_key_id: this.keyring.current.id,
      api_server: parsed.connection.server,
      reachable: probe.reachable,
      server_version: probe.serverVersion,
      last_error: probe.error,
      checked_at: new Date(),
      options: JSON.stringify(input.options),
      public_server: endpoint.server,
      public_ca: endpoint.ca,
      updated_at: new Date(),
    };
    try {
      const [row] = existing
        ? await auditedWrite<PublicRow>(
            this.db,
            this.db.updateTable('clusters').set(values).where('id', '=', id).returning(PUBLIC_COLUMNS),
            {
              actor,
              action: 'update',
              resourceType: 'cluster',
              details: { replacedKubeconfig: true },
            },
            policyOutboxForRegisteredCluster(),
          )
        : await auditedWrite<PublicRow>(
            this.db,
            this.db
              .insertInto('clusters')
              .values({ id, name: input.name, ...values })
              .returning(PUBLIC_COLUMNS),
            { actor, action: 'create', resourceType: 'cluster' },
            policyOutboxForRegisteredCluster(),
          );
      this.forget(id);
      return { cluster: fromPublic(row!), replaced: Boolean(existing) };
    } catch (e) {
      return translateDbError(e);
    }
  }

  async get(id: string): Promise<Cluster> {
    if (!isUuid(id)) throw new NotFoundError('cluster', id);
    try {
      const row = await this.db.selectFrom('clusters').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('cluster', id);
      return fromPublic(row);
    } catch (e) {
      return translateDbError(e);
    }
  }

  async list(page: PageRequest = {}): Promise<Page<Cluster>> {
    const { limit, before } = pageParams(page);
    try {
      let q = this.db
        .selectFrom('clusters')
        .select(PUBLIC_COLUMNS)
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (before) q = q.where('id', '<', before);
      return toPage(await q.execute(), limit, fromPublic);
    } catch (e) {
      return translateDbError(e);
    }
  }

  /** Deletes a cluster no tenant is bound to. Nothing is removed from the cluster itself. */
  async delete(id: string, actor: Actor, options: { force?: boolean | undefined } = {}): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('cluster', id);
    try {
      const bound = await this.db
        .selectFrom('tenants')
        .select(sql<string>`count(*)`.as('n'))
        .where('cluster_id', '=', id)
        .executeTakeFirstOrThrow();
      if (Number(bound.n) > 0) {
        throw new ConflictError(`cluster is used by ${bound.n} tenant(s); delete them or bind them elsewhere first`);
      }
      // Deletions not yet applied would be forgotten with the cluster, leaving workloads running there.
      const pending = await this.db
        .selectFrom('sync_outbox')
        .select(sql<string>`count(*)`.as('n'))
        .where('cluster_id', '=', id)
        .where('op', '=', 'delete')
        .executeTakeFirstOrThrow();
      if (Number(pending.n) > 0 && !options.force) {
        throw new ConflictError(
          `${pending.n} deletion(s) are still being applied to this cluster; retry when they are done, or send force=true to forget the cluster anyway (what they would remove stays on it)`,
        );
      }
      const rows = await auditedWrite(this.db, this.db.deleteFrom('clusters').where('id', '=', id).returning(['id', 'name']), {
        actor,
        action: 'delete',
        resourceType: 'cluster',
      });
      if (rows.length === 0) throw new NotFoundError('cluster', id);
      this.forget(rows[0]!.id);
    } catch (e) {
      translateDbError(e);
    }
  }

  /**
   * The connection to a cluster, from its decrypted kubeconfig. Keep it in memory only. A stored
   * kubeconfig is checked again on every load, so rows written before a rule existed (an `exec`
   * plugin, say) are refused here too.
   */
  async connection(id: string): Promise<KubeConnection> {
    if (!isUuid(id)) throw new NotFoundError('cluster', id, 'clusterID');
    const row = await this.db
      .selectFrom('clusters')
      .select(['id', 'kubeconfig_enc'])
      .where('id', '=', id)
      .executeTakeFirst()
      .catch((e: unknown) => translateDbError(e));
    if (!row) throw new NotFoundError('cluster', id, 'clusterID');
    if (!row.kubeconfig_enc) throw new ConflictError('cluster has no kubeconfig; register it again');
    // the row's own spelling of the id: the authenticated data was bound to it
    const cached = this.loaded.get(row.id);
    if (cached?.blob.equals(row.kubeconfig_enc)) return cached.kc;
    let text: string;
    try {
      text = open(this.keyring, row.kubeconfig_enc, aadFor('cluster', row.id, 'kubeconfig')).toString('utf8');
    } catch (e) {
      throw new UnavailableError(`the kubeconfig of cluster ${row.id} cannot be decrypted with the configured KMS keys`, { cause: e });
    }
    let kc: KubeConnection;
    try {
      kc = parseKubeconfig(text, { policy: this.policy }).connection;
    } catch (e) {
      if (!(e instanceof InvalidError)) throw e;
      throw new ConflictError(
        `the stored kubeconfig of cluster ${row.id} is not accepted (${e.message}); register the cluster again with "replace": true`,
      );
    }
    this.forget(row.id);
    if (this.loaded.size >= ClusterService.MAX_LOADED) this.forget(this.loaded.keys().next().value!);
    this.loaded.set(row.id, { blob: row.kubeconfig_enc, kc });
    return kc;
  }

  /** Drops a loaded connection (its idle sockets are closed). */
  private forget(id: string): void {
    const entry = this.loaded.get(id);
    if (!entry) return;
    this.loaded.delete(id);
    releaseConnection(entry.kc);
  }

  /**
   * Records a fresh reachability probe. Frequent polls write only when something changed or the
   * last record is older than 30 s.
   */
  async recordProbe(id: string, probe: ProbeResult): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('cluster', id);
    await this.db
      .updateTable('clusters')
      .set({ reachable: probe.reachable, server_version: probe.serverVersion, last_error: probe.error, checked_at: new Date() })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('reachable', 'is distinct from', probe.reachable),
          eb('server_version', 'is distinct from', probe.serverVersion),
          eb('last_error', 'is distinct from', probe.error),
          eb('checked_at', 'is', null),
          eb('checked_at', '<', sql<Date>`now() - interval '30 seconds'`),
        ]),
      )
      .execute()
      .catch((e: unknown) => translateDbError(e));
  }

  async setBootstrapState(id: string, state: BootstrapState, error: string | null = null): Promise<void> {
    const now = new Date();
    await this.db
      .updateTable('clusters')
      .set({
        bootstrap_state: state,
        bootstrap_error: error,
        ...(state === 'running' ? { bootstrap_started_at: now, bootstrap_finished_at: null } : {}),
        ...(state === 'succeeded' || state === 'failed' ? { bootstrap_finished_at: now } : {}),
        ...(state === 'pending' ? { bootstrap_started_at: null, bootstrap_finished_at: null } : {}),
      })
      .where('id', '=', id)
      .execute();
    // the Policy CRD exists now: the cluster's policy is applied again (a retry may be backing off)
    if (state === 'succeeded') await queueClusterPolicy(this.db, id);
  }

  /** Re-wraps every sealed kubeconfig under the keyring's current key (data stays encrypted throughout). */
  async rotateKeys(): Promise<RotationResult> {
    for (const id of [...this.loaded.keys()]) this.forget(id);
    const db = this.db;
    const keyId = this.keyring.current.id;
    return rotateAll(this.keyring, {
      async *list() {
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          const rows = await db
            .selectFrom('clusters')
            .select(['id', 'kubeconfig_enc'])
            .where('id', '>', after)
            .where('kubeconfig_enc', 'is not', null)
            .orderBy('id')
            .limit(100)
            .execute();
          if (rows.length === 0) return;
          for (const r of rows) yield { id: r.id, aad: aadFor('cluster', r.id, 'kubeconfig'), blob: r.kubeconfig_enc! };
          after = rows[rows.length - 1]!.id;
        }
      },
      async update(id, blob, expected) {
        const r = await db
          .updateTable('clusters')
          .set({ kubeconfig_enc: blob, kms_key_id: keyId })
          .where('id', '=', id)
          .where('kubeconfig_enc', '=', expected)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1;
      },
    });
  }
}
