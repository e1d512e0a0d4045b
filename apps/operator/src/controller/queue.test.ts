import { describe, expect, it, vi } from 'vitest';
import { runWorkers, WorkQueue } from './queue.js';

describe('WorkQueue', () => {
  it('deduplicates keys waiting in the queue', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands out a key being processed; re-adds it on done when added meanwhile', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const k = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(k!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('backs off exponentially per key, capped, and forget resets it', () => {
    const q = new WorkQueue<string>({ baseDelayMs: 10, maxDelayMs: 100 });
    expect([q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a')]).toEqual([
      10, 20, 40, 80, 100,
    ]);
    expect(q.addRateLimited('b')).toBe(10);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
    expect(q.nextDelay('a')).toBe(10);
    q.shutdown();
  });

  it('adds after a delay, keeping the earliest pending add of a key', async () => {
    vi.useFakeTimers();
    try {
      const q = new WorkQueue<string>();
      q.addAfter('a', 1000);
      q.addAfter('a', 50);
      q.addAfter('a', 5000);
      await vi.advanceTimersByTimeAsync(60);
      expect(q.len()).toBe(1);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(q.len()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('wakes a waiting get and ends it on shutdown', async () => {
    const q = new WorkQueue<string>();
    const waiting = q.get();
    q.add('x');
    expect(await waiting).toBe('x');
    const ended = q.get();
    q.shutdown();
    expect(await ended).toBeUndefined();
    q.add('y');
    expect(q.len()).toBe(0);
  });

  it('runWorkers retries failures with backoff until they succeed, one key at a time', async () => {
    const q = new WorkQueue<string>({ baseDelayMs: 1, maxDelayMs: 5 });
    const calls: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    let failuresLeft = 3;
    const done = runWorkers(q, 4, async (key) => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      calls.push(key);
      await new Promise((r) => setTimeout(r, 2));
      concurrent--;
      if (key === 'flaky' && failuresLeft-- > 0) throw new Error('boom');
    });
    q.add('flaky');
    await vi.waitFor(() => expect(calls.filter((c) => c === 'flaky')).toHaveLength(4));
    expect(q.numRequeues('flaky')).toBe(0);
    expect(maxConcurrent).toBe(1);
    q.shutdown();
    await done;
  });
});
