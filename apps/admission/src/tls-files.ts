/**
 * The serving certificate and key, from files that a Secret mount replaces in place (the kubelet
 * swaps a `..data` symlink): re-read on a change notice of the directory and every `intervalMs`,
 * and handed on only when the pair loads (a half-written or mismatched pair keeps the old one), so a
 * renewed certificate is served to new connections without a restart.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

export interface TlsPair {
  cert: string;
  key: string;
}

/** Reads and checks a pair (throws naming the file, never quoting its content). */
export async function readTlsPair(certFile: string, keyFile: string): Promise<TlsPair> {
  const read = (f: string) =>
    readFile(f, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${f} (${e.code ?? 'error'})`);
    });
  const [cert, key] = await Promise.all([read(certFile), read(keyFile)]);
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new Error(`${certFile} and ${keyFile} are not a usable certificate and key (${(e as { code?: string }).code ?? 'invalid'})`);
  }
  return { cert, key };
}

export class TlsFileWatcher {
  private timer: NodeJS.Timeout | undefined;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly certFile: string,
    private readonly keyFile: string,
    private current: TlsPair,
    private readonly onChange: (pair: TlsPair) => void,
    private readonly onInvalid: (e: Error) => void,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
    for (const dir of new Set([dirname(this.certFile), dirname(this.keyFile)])) {
      try {
        const w = watch(dir, () => {
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.check(), 200);
          this.debounce.unref();
        });
        w.on('error', () => w.close());
        w.unref();
        this.watchers.push(w);
      } catch {
        // polling alone still picks the change up
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  /** Re-reads the files; calls onChange when they hold a different, usable pair. */
  check(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    let pair: TlsPair;
    try {
      pair = await readTlsPair(this.certFile, this.keyFile);
    } catch (e) {
      this.onInvalid(e as Error);
      return;
    }
    if (pair.cert === this.current.cert && pair.key === this.current.key) return;
    this.current = pair;
    this.onChange(pair);
  }
}
