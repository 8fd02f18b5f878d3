/**
 * Properties of the poll pacing (fast-check, bounded; RTMP_SLOW=1 runs longer): for any
 * sequence of replies and clock steps the delay stays within [0, min(hint, maxDelayMs)], is 0
 * after a reply with data or when data is queued, and never shrinks while empty replies keep
 * the same hint and no time passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PollScheduler } from './exports.js';

const RUNS = process.env.RTMP_SLOW === '1' ? 20_000 : 300;

const replyArb = fc.record({
  interval: fc.integer({ min: 0, max: 255 }),
  data: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1 << 20 })),
  elapse: fc.integer({ min: 0, max: 5000 }),
});

describe('PollScheduler properties', () => {
  it('stays within its bounds', () => {
    fc.assert(
      fc.property(
        fc.array(replyArb, { maxLength: 80 }),
        fc.integer({ min: 1, max: 10_000 }),
        (replies, maxDelayMs) => {
          let now = 0;
          const s = new PollScheduler({ clock: () => now, maxDelayMs });
          for (const r of replies) {
            s.recordReply(r.interval, r.data);
            const d = s.delayMs(false);
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(Math.min(Math.max(r.interval, 1) * 50, maxDelayMs));
            if (r.data > 0) expect(d).toBe(0);
            expect(s.delayMs(true)).toBe(0);
            now += r.elapse;
            expect(s.delayMs(false)).toBe(Math.max(0, d - r.elapse));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never shrinks across consecutive empty replies with one hint', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 60 }), (interval, n) => {
        const s = new PollScheduler({ clock: () => 0 });
        let last = 0;
        for (let i = 0; i < n; i++) {
          s.recordReply(interval, 0);
          const d = s.delayMs(false);
          expect(d).toBeGreaterThanOrEqual(last);
          last = d;
        }
      }),
      { numRuns: RUNS },
    );
  });
});
