/**
 * Fuzz: random and mutated inputs. Only RtmpError may escape, nothing hangs, and the decoder
 * still decodes a good message afterwards. 20,000 inputs by default, 1,000,000 with RTMP_SLOW=1.
 */
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { Amf0Decoder, ecmaArray, encodeAmf0 } from '../src/index.js';

const slow = process.env.RTMP_SLOW === '1';
const RUNS = slow ? 1_000_000 : 20_000;

/** xorshift32: deterministic, seedable. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const seeds = [
  encodeAmf0([
    'connect',
    1,
    { app: 'live', tcUrl: 'rtmp://h/live', fpad: false, caps: [1, 2, { x: null }], when: new Date(0) },
  ]),
  encodeAmf0([
    'onMetaData',
    ecmaArray({ duration: 2.5, width: 640, keyframes: { times: [0, 1], pos: [9, 99] } }),
  ]),
  Uint8Array.from([0x03, 0x00, 0x01, 0x61, 0x07, 0x00, 0x00, 0x00, 0x00, 0x09, 0x11, 0x0a, 0x0b, 0x01, 0x01]),
];
const good = seeds[0]!;

describe('AMF0 fuzz', () => {
  it(`only RtmpError escapes over ${RUNS} inputs, and the decoder keeps working`, () => {
    const random = rng(0x5eed);
    const decoder = new Amf0Decoder({ maxElements: 10_000 });
    const expected = decoder.decode(good);
    const codes = new Map<string, number>();
    let ok = 0;
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
        ok++;
      } catch (error) {
        if (!RtmpError.is(error)) throw error;
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
        expect(typeof error.details.offset === 'number' || error.code.startsWith('CORE_')).toBe(true);
      }
      if (run % 997 === 0) expect(decoder.decode(good)).toEqual(expected);
    }
    expect(decoder.decode(good)).toEqual(expected);
    expect(ok).toBeGreaterThan(0);
    expect(codes.get('AMF0_TRUNCATED')).toBeGreaterThan(0);
    expect(codes.get('AMF0_UNKNOWN_MARKER')).toBeGreaterThan(0);
  });
});
