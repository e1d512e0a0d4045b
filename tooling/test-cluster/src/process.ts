import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Component {
  name: string;
  pid: number;
  logPath: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string | null>;
  hasExited(): boolean;
}

/**
 * Starts `bin args…` in its own process group (so stop() can kill it and anything it forks),
 * with stdout+stderr appended to `<logDir>/<name>.log`.
 */
export function spawnComponent(name: string, bin: string, args: string[], logDir: string, cwd: string): Component {
  const logPath = join(logDir, `${name}.log`);
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(bin, args, { cwd, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, GOGC: process.env.GOGC ?? '100' } });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${name} (${bin})`);
  let done = false;
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal);
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  // Do not keep the parent's event loop alive just for the children; stop()/exit handlers kill them.
  child.unref();
  return { name, pid: child.pid, logPath, child, exited, hasExited: () => done };
}

/** True when `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return existsSync(`/proc/${pid}`);
  }
}

/** Sends `signal` to the process group `pid` (falls back to the single process). Never throws. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL and wait until the pid is gone. */
export async function terminate(pid: number, graceMs = 5_000, exited?: Promise<unknown>): Promise<void> {
  if (!isAlive(pid)) {
    signalGroup(pid, 'SIGKILL'); // stray members of the group, if any
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const gone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return true;
      await Promise.race([sleep(50), exited ?? sleep(50)]);
    }
    return !isAlive(pid);
  };
  if (!(await gone(graceMs))) {
    signalGroup(pid, 'SIGKILL');
    if (!(await gone(5_000))) throw new Error(`process ${pid} survived SIGKILL`);
  }
  signalGroup(pid, 'SIGKILL'); // stray members of the group, if any
  // our own child: wait until Node has reaped it, so no zombie is left when stop() resolves
  if (exited) await Promise.race([exited, sleep(2_000)]);
}

/** Last `lines` lines of a log file ('' when missing). */
export function tail(path: string, lines = 40): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** VmRSS of a process in bytes (0 when gone). */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
