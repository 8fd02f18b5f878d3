/**
 * ChunkEncoder.encodeInto: batching messages into a caller's buffer must give exactly the bytes
 * of per-message `encode` (same header compression), whatever the batch size and however often
 * a message does not fit. Golden bytes are the hand-written spec vectors of chunk-encoder.test.ts.
 */
import { ChunkEncoder, ChunkErrorCode } from '@rtmp/chunk';
import { RtmpError, type RtmpMessage } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat, hex, ramp } from './helpers.js';

const RUNS = process.env.RTMP_SLOW === '1' ? 3000 : 150;

const msg = (typeId: number, streamId: number, timestamp: number, payload: Uint8Array): RtmpMessage => ({
  typeId,
  streamId,
  timestamp,
  payload,
});

describe('ChunkEncoder.encodeInto', () => {
  it('spec example 1 (5.3.2) batched into one buffer at an offset: type 0, 2, 3, 3', () => {
    const enc = new ChunkEncoder();
    const p = [ramp(32, 0), ramp(32, 0x40), ramp(32, 0x80), ramp(32, 0xc0)];
    const target = new Uint8Array(200).fill(0xee);
    let at = 5;
    for (let n = 0; n < 4; n++) at = enc.encodeInto(msg(8, 12345, 1000 + 20 * n, p[n]!), 3, target, at);
    const expected = concat(
      hex('03 | 0003e8 | 000020 | 08 | 39300000'),
      p[0]!,
      hex('83 | 000014'),
      p[1]!,
      hex('c3'),
      p[2]!,
      hex('c3'),
      p[3]!,
    );
    expect(at).toBe(5 + expected.length);
    expect(target.subarray(5, at)).toEqual(expected);
    // Nothing outside the message's range is touched.
    expect([...target.subarray(0, 5), ...target.subarray(at)].every((b) => b === 0xee)).toBe(true);
  });

  it('spec example 2 (5.3.2): a 307-byte message in 128-byte chunks, exact fit', () => {
    const p = ramp(307, 7);
    const expected = concat(
      hex('04 | 0003e8 | 000133 | 09 | 39300000'),
      p.subarray(0, 128),
      hex('c4'),
      p.subarray(128, 256),
      hex('c4'),
      p.subarray(256),
    );
    const target = new Uint8Array(expected.length);
    expect(new ChunkEncoder().encodeInto(msg(9, 12345, 1000, p), 4, target, 0)).toBe(expected.length);
    expect(target).toEqual(expected);
  });

  it('returns -1 without writing or changing state when the message does not fit', () => {
    const a = new ChunkEncoder();
    const b = new ChunkEncoder();
    const small = new Uint8Array(20).fill(0xee);
    const m1 = msg(8, 1, 0, ramp(10));
    const m2 = msg(8, 1, 20, ramp(10, 9));
    expect(a.encodeInto(m1, 4, small, 0)).toBe(-1); // 12 + 10 > 20
    expect(a.encodeInto(m1, 4, new Uint8Array(30), 9)).toBe(-1); // 9 + 22 > 30
    expect(a.encodeInto(m1, 4, new Uint8Array(30), -1)).toBe(-1);
    expect(a.encodeInto(m1, 4, new Uint8Array(30), 0.5)).toBe(-1);
    expect(small.every((x) => x === 0xee)).toBe(true);
    // Still the first message on csid 4: a type-0 header, as from a fresh encoder.
    const big = new Uint8Array(100);
    const end1 = a.encodeInto(m1, 4, big, 0);
    const end2 = a.encodeInto(m2, 4, big, end1);
    expect(big.subarray(0, end2)).toEqual(concat(b.encode(m1, 4), b.encode(m2, 4)));
  });

  it('throws the same typed errors as encode', () => {
    const enc = new ChunkEncoder();
    const target = new Uint8Array(64);
    const codeOf = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        expect(RtmpError.is(error)).toBe(true);
        return (error as RtmpError).code;
      }
      throw new Error('expected a throw');
    };
    expect(codeOf(() => enc.encodeInto(msg(8, 1, 0, hex('00')), 1, target, 0))).toBe(
      ChunkErrorCode.InvalidChunkStreamId,
    );
    expect(codeOf(() => enc.encodeInto(msg(9, 1, 0, new Uint8Array(0x1000000)), 6, target, 0))).toBe(
      ChunkErrorCode.MessageTooLarge,
    );
    expect(codeOf(() => enc.encodeInto(msg(256, 1, 0, hex('00')), 6, target, 0))).toBe(
      ChunkErrorCode.InvalidMessage,
    );
  });

  const stepArb = fc.record({
    typeId: fc.constantFrom(8, 9, 18, 20),
    streamId: fc.constantFrom(0, 1, 7),
    delta: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 100 }),
      fc.constantFrom(0xfffffe, 0xffffff, 0x1000000),
      fc.integer({ min: 0, max: 0xffffffff }),
    ),
    length: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(127, 128, 129, 4096, 5000)),
    csid: fc.constantFrom(2, 3, 4, 6, 63, 64, 319, 320, 65599),
    forceFullHeader: fc.boolean(),
    newChunkSize: fc.option(fc.constantFrom(7, 60, 128, 4096), { freq: 10 }),
  });

  it('batches of any size give the bytes of per-message encode (property)', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 40 }),
        (steps, batchSize, startOffset) => {
          const reference = new ChunkEncoder();
          const batched = new ChunkEncoder();
          const expected: Uint8Array[] = [];
          const got: Uint8Array[] = [];
          const batch = new Uint8Array(startOffset + batchSize);
          let at = startOffset;
          const flush = () => {
            got.push(batch.slice(startOffset, at));
            at = startOffset;
          };
          const clock = new Map<number, number>();
          steps.forEach((s, n) => {
            if (s.newChunkSize !== null) {
              // Set Chunk Size goes out on its own, after what is batched (as a session does).
              flush();
              expected.push(reference.encodeSetChunkSize(s.newChunkSize));
              got.push(batched.encodeSetChunkSize(s.newChunkSize));
            }
            const timestamp = ((clock.get(s.csid) ?? 0) + s.delta) >>> 0;
            clock.set(s.csid, timestamp);
            const m = msg(s.typeId, s.streamId, timestamp, ramp(s.length, n));
            const options = { forceFullHeader: s.forceFullHeader };
            expected.push(reference.encode(m, s.csid, options));
            let end = batched.encodeInto(m, s.csid, batch, at, options);
            if (end < 0) {
              flush();
              end = batched.encodeInto(m, s.csid, batch, at, options);
            }
            if (end < 0)
              got.push(batched.encode(m, s.csid, options)); // larger than the batch
            else at = end;
          });
          flush();
          // Compared as Buffers: vitest's element-wise toEqual is slow on long arrays.
          const a = Buffer.from(concat(...got));
          const b = Buffer.from(concat(...expected));
          if (!a.equals(b)) expect(a.toString('hex')).toBe(b.toString('hex'));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
