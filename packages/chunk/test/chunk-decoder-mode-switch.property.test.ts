/**
 * ChunkDecoder property (fast-check, bounded; RTMP_SLOW=1 for more runs): any message sequence
 * on any chunk streams at any chunk size, cut anywhere, with `payloadBuffers` switched at random
 * between pushes — every message arrives in order with its bytes right inside the pushEach
 * callback, and every payload delivered by a push in stable mode still holds its bytes after all
 * later pushes (reuse mode may only recycle memory it handed out in reuse mode).
 */
import { ChunkDecoder, ChunkEncoder } from '@rtmp/chunk';
import type { RtmpMessage } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = process.env.RTMP_SLOW === '1' ? 3000 : 150;

const messageArb = fc.record({
  csid: fc.constantFrom(3, 4, 5, 6, 8, 64, 320, 65599),
  typeId: fc.constantFrom(8, 9, 18),
  streamId: fc.constantFrom(0, 1, 7),
  delta: fc.integer({ min: 0, max: 50 }),
  length: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(1, 127, 128, 129, 256, 2000)),
  seed: fc.nat(255),
});

function payloadOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed + i * 7 + (i >> 8) * 13) & 0xff;
  return out;
}

describe('ChunkDecoder mode switches (property)', () => {
  it('right bytes in the callback; stable-mode payloads are never overwritten', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
        (specs, chunkSize, pieceSizes, modes) => {
          const encoder = new ChunkEncoder();
          const parts: Uint8Array[] = [encoder.encodeSetChunkSize(chunkSize)];
          const sent: RtmpMessage[] = [];
          let timestamp = 0;
          for (const spec of specs) {
            timestamp += spec.delta;
            const message = {
              typeId: spec.typeId,
              streamId: spec.streamId,
              timestamp,
              payload: payloadOf(spec.length, spec.seed),
            };
            sent.push(message);
            parts.push(encoder.encode(message, spec.csid));
          }
          const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of parts) {
            bytes.set(p, at);
            at += p.length;
          }
          const decoder = new ChunkDecoder();
          const stable: Array<{ payload: Uint8Array; expected: RtmpMessage }> = [];
          let index = 0;
          let offset = 0;
          for (let piece = 0; offset < bytes.length; piece++) {
            const size = pieceSizes[piece % pieceSizes.length] as number;
            const reuse = modes[piece % modes.length] as boolean;
            decoder.payloadBuffers = reuse ? 'reuse' : 'stable';
            decoder.pushEach(bytes.subarray(offset, offset + size), (m) => {
              if (m.typeId === 1) return; // the Set Chunk Size
              const expected = sent[index++] as RtmpMessage;
              expect(m.typeId).toBe(expected.typeId);
              expect(m.streamId).toBe(expected.streamId);
              expect(m.timestamp).toBe(expected.timestamp);
              expect(Array.from(m.payload)).toEqual(Array.from(expected.payload));
              if (!reuse) stable.push({ payload: m.payload, expected });
            });
            offset += size;
          }
          expect(index).toBe(sent.length);
          for (const { payload, expected } of stable)
            expect(Array.from(payload)).toEqual(Array.from(expected.payload));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
