// EventQueue property: any interleaving of pushes and reads, any high-water mark, yields every
// item exactly once and in order, and `full` tracks the queued count (RTMP_SLOW=1: more runs).
import { EventQueue } from '@rtmp/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

async function drain<T>(queue: EventQueue<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('EventQueue (property)', () => {
  it('property: any interleaving of pushes and reads yields each item once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant('push' as const), fc.constant('read' as const)), { maxLength: 300 }),
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
            } else if (queued > 0) {
              out.push((await queue.next()).value as number);
              queued--;
            }
            expect(queue.full).toBe(queued >= highWaterMark);
          }
          queue.end();
          out.push(...(await drain(queue)));
          expect(out).toEqual(Array.from({ length: pushed }, (_, i) => i));
        },
      ),
      { numRuns: process.env.RTMP_SLOW ? 2000 : 200 },
    );
  });
});
