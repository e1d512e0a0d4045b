import { KmsConfigError, loadOrCreateDevKeyring, parseKeyring, type Keyring } from '@kubeop/core';
import type { Logger } from 'pino';
import type { ManagerConfig } from './config.js';

/**
 * The KMS keyring: `KUBEOP_KMS_MASTER_KEY` / `KUBEOP_KMS_KEYS`, or in dev mode (the embedded
 * default or `KUBEOP_DEV_INSECURE=true`) a generated key persisted next to the embedded database,
 * so registered clusters still decrypt after a restart.
 */
export async function loadKeyring(config: ManagerConfig, logger: Logger): Promise<Keyring> {
  const configured = parseKeyring(config.env);
  if (configured) return configured;
  if (config.devInsecure || config.databaseUrl === undefined) {
    const ring = await loadOrCreateDevKeyring(config.dataDir);
    logger.warn(
      { dataDir: config.dataDir, keyId: ring.current.id },
      'KMS: using the dev key stored in the data directory; set KUBEOP_KMS_MASTER_KEY in production',
    );
    return ring;
  }
  throw new KmsConfigError(
    'KUBEOP_KMS_MASTER_KEY',
    'not set; it encrypts cluster kubeconfigs (or set KUBEOP_DEV_INSECURE=true to use a dev key kept under KUBEOP_DATA_DIR)',
  );
}
