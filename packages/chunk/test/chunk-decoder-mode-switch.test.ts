/**
 * ChunkDecoder `payloadBuffers` as a getter/setter, switched between pushes (RTMP spec 5.3.1
 * reassembly; the chunk decoder's payload-lifetime contract). Vectors written by hand from the
 * spec (5.3.1.1 basic header, 5.3.1.2 type 0/1/3 message headers, 128-byte default chunks), each
 * split at every byte boundary, with the mode switched at the split:
 * - a message begun in reuse mode and completed in stable mode comes out right and is never
 *   overwritten by later pushes (it is copied out of the reused buffer);
 * - a message begun in stable mode and completed in reuse mode comes out right;
 * - in reuse mode, multi-chunk messages on one chunk stream share one buffer (valid only in the
 *   callback), while interleaved chunk streams keep separate buffers;
 * - payloads delivered in stable mode survive any number of later reuse-mode pushes.
 */
import { ChunkDecoder, type DecodedMessage } from '@rtmp/chunk';
import { describe, expect, it } from 'vitest';
import { concat, hex, ramp } from './helpers.js';

// Message A: 307-byte video (type 9) on csid 4, msid 1, ts 1000: chunks of 128 + 128 + 51.
const PA = ramp(307, 7);
const MSG_A = concat(
  hex('04 | 0003e8 | 000133 | 09 | 01000000'), // fmt 0 csid 4 | ts 1000 | len 307 | video | msid 1 LE
  PA.subarray(0, 128),
  hex('c4'), // fmt 3 csid 4: continuation
  PA.subarray(128, 256),
  hex('c4'),
  PA.subarray(256),
);
// Message B: 200-byte video on csid 4 after A: fmt 1 (delta 40, new length), chunks 128 + 72.
const PB = ramp(200, 0x90);
const MSG_B = concat(hex('44 | 000028 | 0000c8 | 09'), PB.subarray(0, 128), hex('c4'), PB.subarray(128));
// Message C: 150-byte audio (type 8) on csid 6, msid 1, ts 0: chunks 128 + 22.
const PC = ramp(150, 0x33);
const C_FIRST = concat(hex('06 | 000000 | 000096 | 08 | 01000000'), PC.subarray(0, 128));
const C_REST = concat(hex('c6'), PC.subarray(128));
// A and C interleaved chunk by chunk, as servers do with audio and video.
const A_AND_C = concat(
  hex('04 | 0003e8 | 000133 | 09 | 01000000'),
  PA.subarray(0, 128),
  C_FIRST,
  hex('c4'),
  PA.subarray(128, 256),
  C_REST,
  hex('c4'),
  PA.subarray(256),
);

const bytesOf = (m: DecodedMessage) => Array.from(m.payload);

describe('ChunkDecoder.payloadBuffers', () => {
  it('reads the option, and can be set', () => {
    expect(new ChunkDecoder().payloadBuffers).toBe('stable');
    const d = new ChunkDecoder({ payloadBuffers: 'reuse' });
    expect(d.payloadBuffers).toBe('reuse');
    d.payloadBuffers = 'stable';
    expect(d.payloadBuffers).toBe('stable');
    d.payloadBuffers = 'reuse';
    expect(d.payloadBuffers).toBe('reuse');
  });

  it('begun in reuse, completed in stable (every split): right bytes, never overwritten later', () => {
    for (let split = 1; split < MSG_A.length; split++) {
      for (const finish of ['pushEach', 'push'] as const) {
        const d = new ChunkDecoder({ payloadBuffers: 'reuse' });
        const early: DecodedMessage[] = [];
        d.pushEach(MSG_A.subarray(0, split), (m) => early.push(m));
        expect(early).toEqual([]);
        d.payloadBuffers = 'stable';
        const done: DecodedMessage[] = [];
        if (finish === 'push') done.push(...d.push(MSG_A.subarray(split)));
        else d.pushEach(MSG_A.subarray(split), (m) => done.push(m));
        expect(done.length, `split ${split}`).toBe(1);
        const [a] = done as [DecodedMessage];
        expect(a).toMatchObject({ typeId: 9, streamId: 1, timestamp: 1000, chunkStreamId: 4 });
        expect(bytesOf(a), `split ${split}`).toEqual(Array.from(PA));
        // Back to reuse: more messages on csid 4 go through its reused buffer; A must not change.
        d.payloadBuffers = 'reuse';
        const later: number[][] = [];
        d.pushEach(MSG_B, (m) => later.push(bytesOf(m)));
        d.pushEach(MSG_A, (m) => later.push(bytesOf(m)));
        d.pushEach(MSG_B, (m) => later.push(bytesOf(m)));
        expect(later).toEqual([Array.from(PB), Array.from(PA), Array.from(PB)]);
        expect(bytesOf(a), `split ${split} after later pushes`).toEqual(Array.from(PA));
      }
    }
  });

  it('begun in stable, completed in reuse (every split): right bytes in the callback', () => {
    for (let split = 1; split < MSG_A.length; split++) {
      const d = new ChunkDecoder();
      d.pushEach(MSG_A.subarray(0, split), () => {
        throw new Error('nothing is complete yet');
      });
      d.payloadBuffers = 'reuse';
      const seen: Array<{ typeId: number; timestamp: number; bytes: number[] }> = [];
      d.pushEach(concat(MSG_A.subarray(split), MSG_B), (m) =>
        seen.push({ typeId: m.typeId, timestamp: m.timestamp, bytes: bytesOf(m) }),
      );
      expect(seen, `split ${split}`).toEqual([
        { typeId: 9, timestamp: 1000, bytes: Array.from(PA) },
        { typeId: 9, timestamp: 1040, bytes: Array.from(PB) },
      ]);
    }
  });

  it('reuse: one buffer per chunk stream, shared by its messages and valid only in the callback', () => {
    const d = new ChunkDecoder({ payloadBuffers: 'reuse' });
    const held: Record<number, DecodedMessage[]> = { 4: [], 6: [] };
    const copies: Record<number, number[][]> = { 4: [], 6: [] };
    // Split inside chunks so every message is assembled (none lies whole within one push).
    const stream = concat(A_AND_C, MSG_B);
    for (let at = 0; at < stream.length; at += 100) {
      d.pushEach(stream.subarray(at, at + 100), (m) => {
        held[m.chunkStreamId]?.push(m);
        copies[m.chunkStreamId]?.push(bytesOf(m));
      });
    }
    expect(copies[4]).toEqual([Array.from(PA), Array.from(PB)]);
    expect(copies[6]).toEqual([Array.from(PC)]);
    const [a, b] = held[4] as [DecodedMessage, DecodedMessage];
    const [c] = held[6] as [DecodedMessage];
    expect(b.payload.buffer).toBe(a.payload.buffer);
    expect(c.payload.buffer).not.toBe(a.payload.buffer);
    // A's view now shows B's bytes (then what is left of A's): the memory was reused.
    expect(bytesOf(a).slice(0, 200)).toEqual(Array.from(PB));
    expect(bytesOf(c)).toEqual(Array.from(PC)); // nothing else went through csid 6
  });

  it('the same interleaved stream split at every byte, switching mode at the split', () => {
    for (let split = 1; split < A_AND_C.length; split++) {
      for (const [first, second] of [
        ['reuse', 'stable'],
        ['stable', 'reuse'],
      ] as const) {
        const d = new ChunkDecoder({ payloadBuffers: first });
        const seen: Array<[number, number[]]> = [];
        const record = (m: DecodedMessage) => seen.push([m.chunkStreamId, bytesOf(m)]);
        d.pushEach(A_AND_C.subarray(0, split), record);
        d.payloadBuffers = second;
        d.pushEach(A_AND_C.subarray(split), record);
        expect(seen, `${first}→${second} at ${split}`).toEqual([
          [6, Array.from(PC)],
          [4, Array.from(PA)],
        ]);
      }
    }
  });

  it('payloads delivered in stable mode survive later reuse-mode pushes on the same chunk streams', () => {
    const d = new ChunkDecoder({ payloadBuffers: 'reuse' });
    // Warm up csid 4's reusable buffer so a later stable message could wrongly land in it.
    d.pushEach(MSG_A.subarray(0, 200), () => {});
    d.pushEach(MSG_A.subarray(200), () => {});
    d.payloadBuffers = 'stable';
    const kept: DecodedMessage[] = [];
    const stream = concat(A_AND_C, MSG_B);
    for (let at = 0; at < stream.length; at += 77)
      d.pushEach(stream.subarray(at, at + 77), (m) => kept.push(m));
    expect(kept.map(bytesOf)).toEqual([Array.from(PC), Array.from(PA), Array.from(PB)]);
    d.payloadBuffers = 'reuse';
    for (let i = 0; i < 5; i++)
      for (let at = 0; at < stream.length; at += 50) d.pushEach(stream.subarray(at, at + 50), () => {});
    expect(kept.map(bytesOf)).toEqual([Array.from(PC), Array.from(PA), Array.from(PB)]);
  });
});
