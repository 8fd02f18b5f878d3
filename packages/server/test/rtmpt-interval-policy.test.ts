/**
 * The server's interval byte (protocol.md §7): Red5 replies `delay + 1`, the delay stepping
 * 0 → 1 → 2 → 4 → ... → 32 after more than 10 consecutive empty replies and resetting on data,
 * i.e. 0x01 ×10, then 11 each of 0x02, 0x03, 0x05, 0x09, 0x11, then 0x21 for good.
 */
import { describe, expect, it } from 'vitest';
import { parseRtmptPath, RtmptIntervalPolicy } from '../src/rtmpt/index.js';

describe('RtmptIntervalPolicy', () => {
  it('ramps 0x01..0x21 while idle', () => {
    const p = new RtmptIntervalPolicy();
    const seen = Array.from({ length: 10 + 11 * 5 + 20 }, () => p.next(false));
    const expected = [
      ...Array(10).fill(0x01),
      ...Array(11).fill(0x02),
      ...Array(11).fill(0x03),
      ...Array(11).fill(0x05),
      ...Array(11).fill(0x09),
      ...Array(11).fill(0x11),
      ...Array(20).fill(0x21),
    ];
    expect(seen).toEqual(expected);
  });

  it('resets to 0x01 on a reply with data', () => {
    const p = new RtmptIntervalPolicy();
    for (let i = 0; i < 40; i++) p.next(false);
    expect(p.next(false)).toBe(0x05);
    expect(p.next(true)).toBe(0x01);
    for (let i = 0; i < 10; i++) expect(p.next(false)).toBe(0x01);
    expect(p.next(false)).toBe(0x02);
  });
});

describe('parseRtmptPath', () => {
  it.each([
    ['/open/1', { command: 'open' }],
    ['/fcs/ident2', { command: 'ident' }],
    ['/send/abc123/0', { command: 'send', sessionId: 'abc123', seq: 0 }],
    ['/idle/abc123/17', { command: 'idle', sessionId: 'abc123', seq: 17 }],
    ['/close/Z9/4294967295', { command: 'close', sessionId: 'Z9', seq: 4294967295 }],
  ])('%s', (path, expected) => {
    expect(parseRtmptPath(path)).toEqual(expected);
  });

  it.each([
    '/',
    '/open/2',
    '/send/abc',
    '/send//0',
    '/send/a/-1',
    '/send/a/1x',
    '/foo/a/1',
    '/send/a/99999999999',
  ])('rejects %s', (path) => {
    expect(parseRtmptPath(path)).toBeNull();
  });
});
