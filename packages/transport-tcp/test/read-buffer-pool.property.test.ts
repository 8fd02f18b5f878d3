// ReadBufferPool property: random read sizes, random release order, random mode switches, with a
// consumer that respects `exhausted` (as SocketTransport does) or ignores it. After every step:
// every chunk the consumer still holds keeps its bytes (ring chunks until released, stable chunks
// forever), the buffer Node would read into next overlaps none of them, `exhausted` says exactly
// "no ring region free beyond the reserved one", and no read is offered more than maxRead.
// Bounded runs (RTMP_SLOW=1 for many more).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReadBufferPool } from '../src/read-buffer-pool.js';
import { type HeldChunk, intact, NodeReadSimulator, overlaps } from './support/pool-driver.js';

const slow = process.env.RTMP_SLOW === '1';

type Step =
  | { kind: 'read'; size: number }
  | { kind: 'release'; pick: number }
  | { kind: 'mode'; reuse: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('read' as const), size: readSize() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mode' as const), reuse: fc.boolean() }) },
);

function readSize(): fc.Arbitrary<number> {
  // Small reads, reads around the 16 KiB minimum, and reads that fill what they are offered.
  return fc.oneof(
    fc.integer({ min: 1, max: 64 }),
    fc.integer({ min: 16_000, max: 17_000 }),
    fc.integer({ min: 1, max: 300_000 }),
    fc.constant(1 << 30),
  );
}

describe('ReadBufferPool (property)', () => {
  it('held chunks keep their bytes, Node never reads into held memory, exhausted is exact', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: 400_000 }),
        fc.boolean(),
        fc.boolean(),
        (steps, maxReadAsked, respectExhausted, startReusing) => {
          const maxRead = Math.min(256 * 1024, Math.max(16 * 1024, maxReadAsked));
          const pool = new ReadBufferPool(maxReadAsked);
          const node = new NodeReadSimulator(pool);
          let reuse = startReusing;
          pool.setReuse(reuse);
          const ringHeld: HeldChunk[] = [];
          const stable: HeldChunk[] = [];
          let ring: ArrayBufferLike | undefined;
          for (const s of steps) {
            if (s.kind === 'mode') {
              reuse = s.reuse;
              pool.setReuse(reuse);
            } else if (s.kind === 'release') {
              if (ringHeld.length > 0) {
                const [chunk] = ringHeld.splice(s.pick % ringHeld.length, 1) as [HeldChunk];
                pool.release(chunk.region);
              }
            } else if (!(respectExhausted && pool.exhausted)) {
              const offeredLength = node.held.length;
              const chunk = node.read(s.size);
              expect(chunk.bytes.length).toBe(Math.max(1, Math.min(s.size, offeredLength)));
              if (chunk.region >= 0) {
                expect(reuse).toBe(true);
                ring ??= chunk.bytes.buffer;
                expect(chunk.bytes.buffer).toBe(ring);
                expect(ringHeld.some((h) => h.region === chunk.region)).toBe(false);
                ringHeld.push(chunk);
              } else {
                if (ring !== undefined) expect(chunk.bytes.buffer).not.toBe(ring);
                stable.push(chunk);
              }
            }
            // What the consumer holds is intact and out of Node's reach.
            for (const chunk of ringHeld) {
              expect(intact(chunk)).toBe(true);
              expect(overlaps(node.held, chunk.bytes)).toBe(false);
            }
            for (const chunk of stable) {
              expect(intact(chunk)).toBe(true);
              expect(overlaps(node.held, chunk.bytes)).toBe(false);
            }
            expect(node.held.length).toBeGreaterThanOrEqual(1);
            expect(node.held.length).toBeLessThanOrEqual(maxRead);
            const offeredIsRing = ring !== undefined && node.held.buffer === ring;
            expect(pool.exhausted).toBe(reuse && ringHeld.length + (offeredIsRing ? 1 : 0) >= 4);
            if (respectExhausted) expect(ringHeld.length).toBeLessThanOrEqual(3);
          }
        },
      ),
      { numRuns: slow ? 3000 : 200 },
    );
  });
});
