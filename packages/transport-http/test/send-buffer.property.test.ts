/**
 * SendBuffer (batching of outgoing chunks into one POST): any interleaving of appends, takes
 * with any cut size and releases delivers exactly the appended bytes, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendBuffer } from './exports.js';

const RUNS = process.env.RTMP_SLOW === '1' ? 10_000 : 300;

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 5000 }) }),
  fc.record({ kind: fc.constant('take' as const), max: fc.integer({ min: 1, max: 20_000 }) }),
);

describe('SendBuffer', () => {
  it('delivers every byte once, in order, across swaps and cuts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 1, max: 4096 }), (ops, initial) => {
        const buf = new SendBuffer(initial);
        const expected: number[] = [];
        const got: number[] = [];
        for (const op of ops) {
          if (op.kind === 'append') {
            buf.append(op.bytes);
            expected.push(...op.bytes);
          } else {
            const before = buf.length;
            const batch = buf.take(op.max);
            expect(batch.length).toBe(Math.min(before, op.max));
            expect(buf.length).toBe(before - batch.length);
            got.push(...batch);
            buf.release();
          }
        }
        got.push(...buf.take(Number.MAX_SAFE_INTEGER));
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps a taken batch intact while new bytes are appended', () => {
    const buf = new SendBuffer(4);
    buf.append(Uint8Array.of(1, 2, 3));
    const batch = buf.take(10);
    buf.append(Uint8Array.of(9, 9, 9, 9, 9, 9));
    expect([...batch]).toEqual([1, 2, 3]);
    buf.release();
    expect([...buf.take(10)]).toEqual([9, 9, 9, 9, 9, 9]);
  });
});
