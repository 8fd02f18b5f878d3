/** Fuzz: only RtmpError escapes, the decoder keeps working. 20,000 inputs; 1,000,000 with RTMP_SLOW=1. */
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import {
  Amf3Decoder,
  encodeAmf3,
  flexExternalizableHandlers,
  mixedArray,
  TypedObject,
} from '../src/index.js';

const RUNS = process.env.RTMP_SLOW === '1' ? 1_000_000 : 20_000;

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const shared = { k: 'v' };
const seeds = [
  encodeAmf3([
    { a: 1, b: 'two', c: [shared, shared], d: new Date(5), e: Uint8Array.of(1, 2) },
    new TypedObject('T', Object.assign(Object.create(null), { x: 1.5, y: 'two' })),
    mixedArray([1], { k: 2 }),
    new Map([['m', Int32Array.of(1, -1)]]),
  ] as never),
  Uint8Array.from(Buffer.from('0a07430000', 'hex')),
];
const good = seeds[0]!;

describe('AMF3 fuzz', () => {
  it(`only RtmpError escapes over ${RUNS} inputs, and the decoder keeps working`, () => {
    const random = rng(0xa3f3);
    const decoder = new Amf3Decoder({ maxElements: 10_000, externalizable: flexExternalizableHandlers });
    const expected = decoder.decode(good);
    const codes = new Map<string, number>();
    for (let run = 0; run < RUNS; run++) {
      let input: Uint8Array;
      if (run % 3 === 0) {
        input = new Uint8Array(1 + Math.floor(random() * 40));
        for (let i = 0; i < input.length; i++)
          input[i] = random() < 0.5 ? Math.floor(random() * 0x13) : random() * 256;
      } else {
        const seed = seeds[run % seeds.length]!;
        input = seed.slice(0, 1 + Math.floor(random() * seed.length));
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++)
          input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      }
      try {
        decoder.decode(input);
        decoder.decodeLossless(input);
      } catch (error) {
        if (!RtmpError.is(error)) throw error;
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      }
      if (run % 997 === 0) expect(decoder.decode(good)).toEqual(expected);
    }
    expect(decoder.decode(good)).toEqual(expected);
    expect(codes.get('AMF3_TRUNCATED')).toBeGreaterThan(0);
    expect(codes.get('AMF3_BAD_REFERENCE')).toBeGreaterThan(0);
  });
});
