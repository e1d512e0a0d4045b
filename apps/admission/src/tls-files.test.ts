import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAdmissionTls } from '@kubeop/kube';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readTlsPair, TlsFileWatcher, type TlsPair } from './tls-files.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeop-tls-files-'));
const certFile = join(dir, 'tls.crt');
const keyFile = join(dir, 'tls.key');
const names = { dnsNames: ['kubeop-admission.kubeop-system.svc'], ipAddresses: ['127.0.0.1'] };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serving pair from files', () => {
  it('hands on a renewed pair, keeps the current one while the files are unusable', async () => {
    const first = await generateAdmissionTls(names);
    const second = await generateAdmissionTls(names);
    writeFileSync(certFile, first.cert);
    writeFileSync(keyFile, first.key);
    const initial = await readTlsPair(certFile, keyFile);
    const changes: TlsPair[] = [];
    const problems: string[] = [];
    const w = new TlsFileWatcher(
      certFile,
      keyFile,
      initial,
      (p) => changes.push(p),
      (e) => problems.push(e.message),
      60_000,
    );
    w.start();
    try {
      await w.check();
      expect(changes).toEqual([]); // nothing changed

      // half-way through a renewal: the new certificate with the old key
      writeFileSync(certFile, second.cert);
      await w.check();
      expect(changes).toEqual([]);
      expect(problems.at(-1)).toMatch(/are not a usable certificate and key/);
      expect(problems.at(-1)).not.toContain('PRIVATE KEY');

      writeFileSync(keyFile, second.key);
      // the directory's change notice alone picks it up (polling is a minute here)
      await vi.waitFor(() => expect(changes.map((c) => c.cert)).toEqual([second.cert]), { timeout: 5000, interval: 50 });
    } finally {
      w.stop();
    }
  });

  it('names a missing file without its content', async () => {
    await expect(readTlsPair(join(dir, 'nope.crt'), keyFile)).rejects.toThrow(/cannot read .*nope\.crt \(ENOENT\)/);
  });
});
