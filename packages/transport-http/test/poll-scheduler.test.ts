/**
 * Poll pacing with a fake clock (protocol.md §7 "Interval byte", "Client polling"): immediate
 * polls while data flows, exponential backoff on empty replies capped by the server's interval
 * byte times 50 ms and by maxDelayMs, reset on the first reply with data.
 */
import { describe, expect, it } from 'vitest';
import { PollScheduler } from './exports.js';

function fakeClock(start = 1000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('PollScheduler', () => {
  it('polls at once before any reply and while replies carry data', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    expect(s.delayMs(false)).toBe(0);
    s.recordReply(1, 500);
    expect(s.delayMs(false)).toBe(0);
    expect(s.emptyStreak).toBe(0);
  });

  it('backs off 10, 20, 40 ms then stops at the hint 1 × 50 ms', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      s.recordReply(1, 0);
      delays.push(s.delayMs(false));
    }
    expect(delays).toEqual([10, 20, 40, 50, 50, 50]);
  });

  it('follows the Red5/FMS idle ramp 0x01..0x21 up to 33 × 50 ms, capped at maxDelayMs', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    for (let i = 0; i < 12; i++) s.recordReply(1, 0);
    expect(s.delayMs(false)).toBe(50);
    s.recordReply(0x09, 0);
    expect(s.delayMs(false)).toBe(450);
    s.recordReply(0x21, 0);
    expect(s.delayMs(false)).toBe(1650);
    const capped = new PollScheduler({ clock: t.clock, maxDelayMs: 1000 });
    for (let i = 0; i < 20; i++) capped.recordReply(0x21, 0);
    expect(capped.delayMs(false)).toBe(1000);
  });

  it('counts the delay from the reply, not from the question', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    s.recordReply(1, 0);
    s.recordReply(1, 0); // due 20 ms after this reply
    t.advance(15);
    expect(s.delayMs(false)).toBe(5);
    t.advance(100);
    expect(s.delayMs(false)).toBe(0);
  });

  it('sends at once when data is queued, whatever the backoff', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    for (let i = 0; i < 30; i++) s.recordReply(0x21, 0);
    expect(s.delayMs(true)).toBe(0);
  });

  it('snaps back to immediate polling on the first reply with data', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock });
    for (let i = 0; i < 30; i++) s.recordReply(0x21, 0);
    expect(s.delayMs(false)).toBeGreaterThan(1000);
    s.recordReply(1, 1);
    expect(s.delayMs(false)).toBe(0);
    s.recordReply(1, 0);
    expect(s.delayMs(false)).toBe(10);
  });

  it('treats interval byte 0 like 1 and honours custom units', () => {
    const t = fakeClock();
    const s = new PollScheduler({ clock: t.clock, unitMs: 100, initialBackoffMs: 30 });
    for (let i = 0; i < 10; i++) s.recordReply(0, 0);
    expect(s.hintCeilingMs()).toBe(100);
    expect(s.delayMs(false)).toBe(100);
  });
});
