import { revocationVersion, revokedTokenIds, type Database } from '@kubeop/core';
import type { Kysely } from 'kysely';

/**
 * The revoked tokens (by `jti`) every request is checked against, in memory. Each Manager re-reads
 * the database every `refreshMs` — first a cheap fingerprint (count and latest revocation), the list
 * itself only when that changed — so a token revoked through any replica is refused by all of them
 * within one refresh; the replica that revoked it refuses it at once.
 */
export class RevocationList {
  private revoked = new Set<string>();
  /** Revoked here but maybe not in the last list read (a refresh racing the revocation). */
  private local = new Set<string>();
  private version: string | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly refreshMs: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  /** Reads the list once, then keeps it fresh in the background. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(this.onError), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  has(jti: string): boolean {
    return this.revoked.has(jti) || this.local.has(jti);
  }

  add(jti: string): void {
    this.local.add(jti);
  }

  async refresh(): Promise<void> {
    const version = await revocationVersion(this.db);
    if (version === this.version) return;
    const ids = new Set(await revokedTokenIds(this.db));
    for (const jti of this.local) if (ids.has(jti)) this.local.delete(jti);
    this.revoked = ids;
    this.version = version;
  }
}
