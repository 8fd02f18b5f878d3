// EventQueue.takeQueued(): takes the next queued item without waiting (PlayStream.consume() uses
// it to hand over what was queued before it). Unit cases — undefined when empty or only ended,
// FIFO with next(), a waiting writer woken below the mark, items kept after end()/fail() — and a
// fast-check property over any interleaving of push / next / takeQueued (RTMP_SLOW=1: more runs).
import { EventQueue } from '@rtmp/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('EventQueue.takeQueued', () => {
  it('returns undefined when nothing is queued, also after end()', () => {
    const queue = new EventQueue<number>();
    expect(queue.takeQueued()).toBeUndefined();
    queue.end();
    expect(queue.takeQueued()).toBeUndefined();
  });

  it('takes items in order; what end() or fail() left queued can still be taken', async () => {
    const queue = new EventQueue<string>();
    queue.push('a');
    queue.push('b');
    queue.push('c');
    expect(queue.takeQueued()).toBe('a');
    expect((await queue.next()).value).toBe('b');
    queue.fail(new Error('x'));
    expect(queue.takeQueued()).toBe('c');
    expect(queue.takeQueued()).toBeUndefined();
    await expect(queue.next()).rejects.toThrow('x');
  });

  it('wakes a producer waiting for room once it drops below the mark', async () => {
    const queue = new EventQueue<number>({ highWaterMark: 2 });
    queue.push(1);
    queue.push(2);
    expect(queue.full).toBe(true);
    let woken = false;
    const writable = queue.whenWritable().then(() => {
      woken = true;
    });
    await Promise.resolve();
    expect(woken).toBe(false);
    expect(queue.takeQueued()).toBe(1);
    await writable;
    expect(woken).toBe(true);
    expect(queue.full).toBe(false);
  });

  it('counts sizes with sizeOf', () => {
    const queue = new EventQueue<Uint8Array>({ highWaterMark: 10, sizeOf: (b) => b.length });
    queue.push(new Uint8Array(6));
    queue.push(new Uint8Array(6));
    expect(queue.full).toBe(true);
    queue.takeQueued();
    expect(queue.full).toBe(false);
  });

  it('property: push / next / takeQueued in any order give each item once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('push' as const, 'next' as const, 'take' as const), { maxLength: 300 }),
        fc.integer({ min: 1, max: 20 }),
        async (steps, highWaterMark) => {
          const queue = new EventQueue<number>({ highWaterMark });
          const out: number[] = [];
          let pushed = 0;
          let queued = 0;
          for (const step of steps) {
            if (step === 'push') {
              queue.push(pushed++);
              queued++;
            } else if (step === 'take') {
              const item = queue.takeQueued();
              if (queued === 0) expect(item).toBeUndefined();
              else {
                out.push(item as number);
                queued--;
              }
            } else if (queued > 0) {
              out.push((await queue.next()).value as number);
              queued--;
            }
            expect(queue.full).toBe(queued >= highWaterMark);
          }
          queue.end();
          for (let item = queue.takeQueued(); item !== undefined; item = queue.takeQueued()) out.push(item);
          expect(out).toEqual(Array.from({ length: pushed }, (_, i) => i));
          expect((await queue.next()).done).toBe(true);
        },
      ),
      { numRuns: process.env.RTMP_SLOW ? 2000 : 200 },
    );
  });
});
