// EventQueue: order, the high-water mark and whenWritable(), end/fail/discard, iterator return.
import { EventQueue } from '@rtmp/client';
import { describe, expect, it } from 'vitest';

async function drain<T>(queue: EventQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('EventQueue', () => {
  it('yields items in push order and ends after end()', async () => {
    const queue = new EventQueue<number>();
    for (let i = 0; i < 5; i++) queue.push(i);
    queue.end();
    expect(await drain(queue)).toEqual([0, 1, 2, 3, 4]);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('a waiting reader wakes on push and on end', async () => {
    const queue = new EventQueue<string>();
    const first = queue.next();
    queue.push('a');
    expect(await first).toEqual({ value: 'a', done: false });
    const second = queue.next();
    queue.end();
    expect(await second).toEqual({ value: undefined, done: true });
  });

  it('full at the high-water mark; whenWritable resolves once the reader takes one', async () => {
    const queue = new EventQueue<number>({ highWaterMark: 3 });
    queue.push(1);
    queue.push(2);
    expect(queue.full).toBe(false);
    await queue.whenWritable(); // not full: resolves at once
    queue.push(3);
    expect(queue.full).toBe(true);
    let writable = false;
    const waiting = queue.whenWritable().then(() => {
      writable = true;
    });
    await Promise.resolve();
    expect(writable).toBe(false);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await waiting;
    expect(writable).toBe(true);
    expect(queue.full).toBe(false);
  });

  it('sizeOf counts bytes against the high-water mark', async () => {
    const queue = new EventQueue<Uint8Array>({ highWaterMark: 100, sizeOf: (b) => b.length });
    queue.push(new Uint8Array(60));
    expect(queue.full).toBe(false);
    queue.push(new Uint8Array(40));
    expect(queue.full).toBe(true);
    await queue.next();
    expect(queue.full).toBe(false);
  });

  it('pushes over the mark are kept (the producer is told, not refused)', async () => {
    const queue = new EventQueue<number>({ highWaterMark: 1 });
    for (let i = 0; i < 4; i++) queue.push(i);
    queue.end();
    expect(await drain(queue)).toEqual([0, 1, 2, 3]);
  });

  it('fail(): queued items first, then the error; later pushes are ignored', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    const error = new Error('boom');
    queue.fail(error);
    queue.push(2);
    queue.fail(new Error('second'));
    expect(queue.closed).toBe(true);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toBe(error);
    await expect(queue.next()).rejects.toBe(error);
  });

  it('fail() and end() wake a waiting writer', async () => {
    for (const close of [
      (q: EventQueue<number>) => q.fail(new Error('x')),
      (q: EventQueue<number>) => q.end(),
    ]) {
      const queue = new EventQueue<number>({ highWaterMark: 1 });
      queue.push(1);
      const waiting = queue.whenWritable();
      close(queue);
      await waiting;
      await expect(queue.whenWritable()).resolves.toBeUndefined();
    }
  });

  it('discard() drops what is queued and ends', async () => {
    const queue = new EventQueue<number>({ highWaterMark: 2 });
    queue.push(1);
    queue.push(2);
    const waiting = queue.whenWritable();
    queue.discard();
    await waiting;
    expect(queue.full).toBe(false);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('breaking out of for-await (iterator return) discards the rest', async () => {
    const queue = new EventQueue<number>();
    for (let i = 0; i < 10; i++) queue.push(i);
    const seen: number[] = [];
    for await (const item of queue) {
      seen.push(item);
      if (item === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(queue.closed).toBe(true);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps order across the internal compaction (thousands of items)', async () => {
    const queue = new EventQueue<number>({ highWaterMark: 10_000 });
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(i);
      if (i % 3 === 0) out.push((await queue.next()).value as number);
    }
    queue.end();
    out.push(...(await drain(queue)));
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });
});
