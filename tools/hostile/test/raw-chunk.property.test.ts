// The hostile framer (written from RTMP spec 5.3.1) and @rtmp/chunk's decoder are independent
// implementations: whatever honest message the framer writes, the decoder must read back exactly,
// for every csid width, chunk size and extended timestamp (repeated on type-3, as the spec says;
// omitted, as librtmp <= 2.3 does — the decoder's `auto` mode must accept both).
import { ChunkDecoder } from '@rtmp/chunk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawChunks, rawControl } from '../src/index.js';

describe('raw-chunk framer against ChunkDecoder', () => {
  it('round-trips honest messages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 65_599 }),
        fc.integer({ min: 8, max: 22 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom('repeat' as const, 'omit' as const),
        fc.integer({ min: 1, max: 97 }),
        (csid, typeId, timestamp, payload, chunkSize, extendedOnType3, split) => {
          const decoder = new ChunkDecoder();
          const bytes = Buffer.concat([
            rawControl(1, chunkSize),
            rawChunks({ csid, typeId, streamId: 1, timestamp, payload, chunkSize, extendedOnType3 }),
          ]);
          const messages = [];
          for (let i = 0; i < bytes.length; i += split)
            messages.push(...decoder.push(bytes.subarray(i, i + split)));
          expect(messages.length).toBe(2);
          const m = messages[1];
          expect(m?.chunkStreamId).toBe(csid);
          expect(m?.typeId).toBe(typeId);
          expect(m?.timestamp).toBe(timestamp);
          expect(m?.streamId).toBe(1);
          expect(Buffer.from(m?.payload ?? [])).toEqual(Buffer.from(payload));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a golden vector from the spec: fmt 0 on csid 3, 4-byte payload, stream id little-endian', () => {
    const bytes = rawChunks({
      csid: 3,
      typeId: 20,
      streamId: 1,
      timestamp: 0x010203,
      payload: Uint8Array.of(1, 2, 3, 4),
    });
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '03' + '010203' + '000004' + '14' + '01000000' + '01020304',
    );
    const two = rawChunks({ csid: 64, typeId: 8, streamId: 0, timestamp: 0, payload: new Uint8Array(0) });
    expect(Buffer.from(two.subarray(0, 2)).toString('hex')).toBe('0000');
    const three = rawChunks({
      csid: 65_599,
      typeId: 8,
      streamId: 0,
      timestamp: 0,
      payload: new Uint8Array(0),
    });
    expect(Buffer.from(three.subarray(0, 3)).toString('hex')).toBe('01ffff');
  });
});
