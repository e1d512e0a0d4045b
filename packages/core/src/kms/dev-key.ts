import { randomBytes } from 'node:crypto';
import { link, mkdir, open as openFile, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KmsConfigError } from './errors.js';
import { KEY_BYTES, Keyring, keyIdFor } from './keyring.js';
import { decodeMasterKey } from './parse-keyring.js';

export const DEV_KEY_FILE = 'kms-dev.key';

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

async function readKey(path: string): Promise<Buffer> {
  const text = await readFile(path, 'utf8');
  const decoded = decodeMasterKey(text);
  if ('problem' in decoded) {
    throw new KmsConfigError(
      path,
      `the dev key file is damaged (${decoded.problem}); restore it from a backup — deleting it makes every secret stored in dev mode unreadable`,
    );
  }
  return decoded.key;
}

/** Writes `text` to a new file at `path` (mode 0600); fails with EEXIST if the file exists. */
async function writeNew(path: string, text: string): Promise<void> {
  const handle = await openFile(path, 'wx', 0o600);
  try {
    await handle.chmod(0o600); // whatever the umask
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `path` with `text` atomically: the content is written to a private temporary file which is
 * then hard-linked into place, so the file never exists half-written and, when two processes race, exactly
 * one link succeeds (the other gets EEXIST). Returns false if the file already existed.
 */
export async function createExclusively(path: string, text: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeNew(temp, text);
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    if (errorCode(e) !== 'EPERM' && errorCode(e) !== 'ENOTSUP' && errorCode(e) !== 'ENOSYS') throw e;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  // A file system without hard links: exclusive create in place (a reader may briefly see it empty).
  try {
    await writeNew(path, text);
    return true;
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Dev mode: the master key in `<dataDir>/kms-dev.key` (standard base64, mode 0600), generated on first
 * use and reused on every later start, so secrets stored in dev mode still open after a restart. Never
 * a throwaway key. The key's id is `keyIdFor(key)`, so the file's content can later be set as
 * `KUBEOP_KMS_MASTER_KEY` (or listed in `KUBEOP_KMS_KEYS`) and the blobs keep opening.
 */
export async function loadOrCreateDevKeyring(dataDir: string): Promise<Keyring> {
  const path = join(dataDir, DEV_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let key: Buffer;
  try {
    key = await readKey(path);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
    const fresh = randomBytes(KEY_BYTES);
    key = (await createExclusively(path, `${fresh.toString('base64')}\n`)) ? fresh : await readKey(path);
  }
  const id = keyIdFor(key);
  return new Keyring([{ id, key }], id);
}
