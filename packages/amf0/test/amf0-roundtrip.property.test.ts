import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAmf0, decodeAmf0Lossless, encodeAmf0, encodeAmf0Lossless } from '../src/index.js';
import { node, valuePair } from './fixtures/arbitraries.js';
import { canon } from './fixtures/canon.js';

describe('AMF0 round trips (fast-check)', () => {
  it('ergonomic: decode(encode(values)) gives the values back', () => {
    fc.assert(
      fc.property(fc.array(valuePair, { maxLength: 4 }), (pairs) => {
        const bytes = encodeAmf0(pairs.map((p) => p[0]) as never);
        expect(canon(decodeAmf0(bytes))).toEqual(canon(pairs.map((p) => p[1])));
      }),
      { numRuns: 500 },
    );
  });

  it('lossless: decode(encode(nodes)) gives the nodes back, and re-encoding is byte-exact', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 4 }), (nodes) => {
        const bytes = encodeAmf0Lossless(nodes);
        const decoded = decodeAmf0Lossless(bytes);
        expect(canon(decoded, false)).toEqual(canon(nodes, false));
        expect(encodeAmf0Lossless(decoded)).toStrictEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('ergonomic bytes survive the lossless view byte-exact', () => {
    fc.assert(
      fc.property(fc.array(valuePair, { maxLength: 4 }), (pairs) => {
        const bytes = encodeAmf0(pairs.map((p) => p[0]) as never);
        expect(encodeAmf0Lossless(decodeAmf0Lossless(bytes))).toStrictEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });
});
