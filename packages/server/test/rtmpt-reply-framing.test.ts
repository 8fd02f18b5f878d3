/**
 * RtmptReplyFraming (protocol.md §7): every reply head starts where a whole head plus the
 * interval byte fits in librtmp's 16383-byte buffer windows, counted from the last restart, for
 * any sequence of reply sizes; bodies are never longer than what is pending and never empty when
 * something is; the head length matches the headers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { httpHeadBytes, RtmptReplyFraming } from '../src/rtmpt/rtmpt-reply-framing.js';

const W = 16383;
const DATE = 'Fri, 04 Dec 2026 13:59:48 GMT';

describe('RtmptReplyFraming', () => {
  it('counts head bytes as Node writes them: status line, "name: value" lines, blank line', () => {
    expect(httpHeadBytes('HTTP/1.1 200 OK\r\n', {})).toBe(19);
    expect(httpHeadBytes('HTTP/1.1 200 OK\r\n', { A: 'b', 'Content-Length': '12' })).toBe(19 + 6 + 20);
  });

  it('ends a reply that crosses a window end on the last window end it reaches', () => {
    const f = new RtmptReplyFraming();
    const a = f.next(1024 * 1024, DATE);
    expect(a.headers['Content-Length']).toBe(String(a.body + 1));
    expect((a.headBytes + 1 + a.body) % W).toBe(0);
    expect(a.body).toBeGreaterThan(1024 * 1024 - W);
    expect(a.headers['X-Pad']).toBeUndefined();
  });

  it('sends a short reply whole, and pads the head when it would end near a window end', () => {
    const f = new RtmptReplyFraming();
    const short = f.next(1000, DATE);
    expect(short.body).toBe(1000);
    expect(short.headers['X-Pad']).toBeUndefined();
    // A reply that would end 100 bytes before the window end gets padded to end on it.
    const used = short.headBytes + 1 + short.body;
    const head5 = new RtmptReplyFraming().next(14_000, DATE).headBytes; // a 5-digit Content-Length
    const want = W - used - 100 - (head5 + 1);
    const near = f.next(want, DATE);
    expect(near.body).toBe(want);
    expect(near.headers['X-Pad']).toMatch(/^\.+$/);
    expect((used + near.headBytes + 1 + near.body) % W).toBe(0);
    expect(near.headBytes).toBe(httpHeadBytes('HTTP/1.1 200 OK\r\n', near.headers));
  });

  it('starts every head where it fits whole, whatever the reply sizes (property)', () => {
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 40_000 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 600 }) },
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 9_990, max: 10_010 }) },
      { weight: 1, arbitrary: fc.constant(-1) }, // an /idle: the client's buffer starts afresh
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300 }), (ops) => {
        const f = new RtmptReplyFraming();
        let at = 0; // bytes since the last restart
        for (const available of ops) {
          if (available < 0) {
            f.restart();
            at = 0;
            continue;
          }
          const plan = f.next(available, DATE);
          // The whole head and the interval byte lie in the window the head starts in.
          const fits = (at % W) + plan.headBytes + 1 <= W;
          const sized =
            plan.body <= available && plan.body > available - W && (available === 0 || plan.body > 0);
          const head =
            plan.headers['Content-Length'] === String(plan.body + 1) &&
            plan.headBytes === httpHeadBytes('HTTP/1.1 200 OK\r\n', plan.headers);
          if (!(fits && sized && head)) return false;
          at += plan.headBytes + 1 + plan.body;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
