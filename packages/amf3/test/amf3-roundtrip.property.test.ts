import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAmf3, decodeAmf3Lossless, encodeAmf3, encodeAmf3Lossless } from '../src/index.js';
import { value } from './fixtures/arbitraries.js';
import { canon } from './fixtures/canon.js';

describe('AMF3 round trips (fast-check)', () => {
  it('ergonomic: decode(encode(values)) gives the values back', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (values) => {
        expect(canon(decodeAmf3(encodeAmf3(values as never)))).toEqual(canon(values));
      }),
      { numRuns: 500 },
    );
  });

  it('lossless: re-encoding decoded nodes is byte-exact (references, traits and string refs included)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (values) => {
        const bytes = encodeAmf3(values as never);
        expect(encodeAmf3Lossless(decodeAmf3Lossless(bytes))).toStrictEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('shared values are written once and decoded as the same object', () => {
    fc.assert(
      fc.property(value, (shared) => {
        if (typeof shared !== 'object' || shared === null) return;
        const [pair] = decodeAmf3(encodeAmf3([[shared, shared]] as never)) as [unknown[]];
        expect(pair[0]).toBe(pair[1]);
      }),
      { numRuns: 200 },
    );
  });
});
