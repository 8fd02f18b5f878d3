import { addTimestamp, compareTimestamps, timestampDelta, toTimestamp, unwrapTimestamp } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('32-bit timestamps', () => {
  it('wrap at 2^32', () => {
    expect(addTimestamp(0xffff_fff0, 0x20)).toBe(0x10);
    expect(timestampDelta(0xffff_fff0, 0x10)).toBe(0x20);
    expect(toTimestamp(-1)).toBe(0xffff_ffff);
  });

  it('compare across the wrap by serial-number arithmetic', () => {
    expect(compareTimestamps(0xffff_fff0, 0x10)).toBe(0x20);
    expect(compareTimestamps(0x10, 0xffff_fff0)).toBe(-0x20);
    expect(compareTimestamps(5, 5)).toBe(0);
  });

  it('unwrap to a monotonic timeline (49 days 17 hours and beyond)', () => {
    let extended = 0;
    const seen: number[] = [];
    for (const t of [0, 0x7fff_ffff, 0xffff_ff00, 0x100, 0x8000_0000, 0xffff_ffff, 5]) {
      extended = unwrapTimestamp(extended, t);
      seen.push(extended);
    }
    expect(seen).toEqual([
      0, 0x7fff_ffff, 0xffff_ff00, 0x1_0000_0100, 0x1_8000_0000, 0x1_ffff_ffff, 0x2_0000_0005,
    ]);
  });

  it('unwrap tolerates small backward jumps without inventing a wrap', () => {
    expect(unwrapTimestamp(1000, 900)).toBe(900);
    expect(unwrapTimestamp(0x1_0000_0010, 0xffff_fff0)).toBe(0xffff_fff0);
  });

  it('property: delta then add is the identity', () => {
    fc.assert(
      fc.property(
        fc.nat(0xffff_ffff),
        fc.nat(0xffff_ffff),
        (a, b) => addTimestamp(a, timestampDelta(a, b)) === b,
      ),
    );
  });

  it('property: unwrap follows any walk of forward steps < 2^31', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0x7fff_ffff), { maxLength: 50 }), (steps) => {
        let truth = 0;
        let extended = 0;
        for (const step of steps) {
          truth += step;
          extended = unwrapTimestamp(extended, truth % 0x1_0000_0000);
          if (extended !== truth) return false;
        }
        return true;
      }),
    );
  });
});
