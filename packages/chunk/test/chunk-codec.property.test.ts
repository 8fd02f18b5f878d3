/**
 * Property and fuzz tests (fast-check, bounded; RTMP_SLOW=1 runs them much longer):
 * - any message sequence, on any chunk stream ids, at any (changing) chunk size, encodes and
 *   decodes back to the same messages however the bytes are split;
 * - random and mutated input only ever raises typed CHUNK_* errors, never grows the decoder past
 *   its limits, and leaves it in its terminal failed state.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ChunkDecoder, ChunkEncoder, ChunkErrorCode, type DecodedMessage } from '@rtmp/chunk';
import { RtmpError, type RtmpMessage } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SLOW = process.env.RTMP_SLOW === '1';
const RUNS = SLOW ? 5000 : 150;

const csidArb = fc.oneof(
  fc.constantFrom(2, 3, 4, 5, 6, 8, 63, 64, 65, 319, 320, 321, 65598, 65599),
  fc.integer({ min: 2, max: 65599 }),
);
const deltaArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 100 }),
  fc.constantFrom(0xfffffe, 0xffffff, 0x1000000, 0x7fffffff),
  fc.integer({ min: 0, max: 0xffffffff }),
);
const messageArb = fc.record({
  typeId: fc.oneof(fc.constantFrom(3, 4, 5, 6, 8, 9, 18, 20, 22), fc.integer({ min: 3, max: 255 })),
  streamId: fc.oneof(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 0xffffffff })),
  delta: deltaArb,
  absolute: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { freq: 4 }),
  length: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(127, 128, 129, 256, 1000)),
  csid: csidArb,
  forceFullHeader: fc.boolean(),
  newChunkSize: fc.option(fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constantFrom(4096, 0x7fffffff)), {
    freq: 8,
  }),
});

interface Sent {
  message: RtmpMessage;
  csid: number;
}

function encodeAll(
  spec: fc.infer<typeof messageArb>[],
  chunkSize: number,
): { bytes: Uint8Array; sent: Sent[] } {
  const encoder = new ChunkEncoder({ chunkSize });
  const clock = new Map<number, number>();
  const parts: Uint8Array[] = [];
  const sent: Sent[] = [];
  let seq = 0;
  for (const s of spec) {
    if (s.newChunkSize !== null) {
      parts.push(encoder.encodeSetChunkSize(s.newChunkSize));
      sent.push({
        message: { typeId: 1, streamId: 0, timestamp: 0, payload: u32(s.newChunkSize) },
        csid: 2,
      });
    }
    const timestamp = s.absolute ?? ((clock.get(s.csid) ?? 0) + s.delta) >>> 0;
    clock.set(s.csid, timestamp);
    const payload = new Uint8Array(s.length);
    for (let i = 0; i < payload.length; i++) payload[i] = (seq * 31 + i * 7) & 0xff;
    seq++;
    const message = { typeId: s.typeId, streamId: s.streamId, timestamp, payload };
    parts.push(
      s.forceFullHeader
        ? encoder.encodeView(message, s.csid, { forceFullHeader: true }).slice()
        : encoder.encode(message, s.csid),
    );
    sent.push({ message, csid: s.csid });
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { bytes, sent };
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v);
  return b;
}

const view = (m: DecodedMessage) => ({
  typeId: m.typeId,
  streamId: m.streamId,
  timestamp: m.timestamp,
  payload: Array.from(m.payload),
  csid: m.chunkStreamId,
});

describe('encode → decode round trip (property)', () => {
  it('returns the same messages for any sequence, chunk size, csids and splits', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 20 }),
        (spec, chunkSize, pieces) => {
          const { bytes, sent } = encodeAll(spec, chunkSize);
          const decoder = new ChunkDecoder({ chunkSize });
          const got: DecodedMessage[] = [];
          let at = 0;
          let k = 0;
          while (at < bytes.length) {
            const n = pieces[k++ % pieces.length]!;
            got.push(...decoder.push(bytes.subarray(at, at + n)));
            at += n;
          }
          expect(got.map(view)).toEqual(
            sent.map((s) => ({ ...s.message, payload: Array.from(s.message.payload), csid: s.csid })),
          );
          expect(decoder.bufferedBytes).toBe(0);
          expect(decoder.bytesReceived).toBe(bytes.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const LIMITS = {
  maxMessageLength: 1 << 16,
  maxBufferedBytes: 1 << 17,
  maxChunkStreams: 8,
  maxChunkSize: 1 << 20,
};

function fuzzOnce(bytes: Uint8Array, pieces: number[]): void {
  const decoder = new ChunkDecoder(LIMITS);
  let at = 0;
  let k = 0;
  try {
    while (at < bytes.length) {
      const n = pieces[k++ % pieces.length]!;
      decoder.push(bytes.subarray(at, at + n));
      at += n;
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(LIMITS.maxBufferedBytes);
      expect(decoder.chunkStreamCount).toBeLessThanOrEqual(LIMITS.maxChunkStreams);
    }
  } catch (error) {
    if (!RtmpError.is(error) || !error.code.startsWith('CHUNK_')) throw error;
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(LIMITS.maxBufferedBytes);
    expect(() => decoder.push(new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: ChunkErrorCode.DecoderFailed }) as unknown as Error,
    );
  }
}

const fixture = new Uint8Array(
  readFileSync(fileURLToPath(new URL('./fixtures/nginx-128.s2c.bin', import.meta.url))).subarray(0, 8192),
);

describe('fuzz (typed errors only, bounded memory)', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        fuzzOnce,
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('mutated real traffic (byte flips, insertions, deletions)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: fixture.length - 1 }),
            kind: fc.constantFrom('flip', 'insert', 'delete'),
            value: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 }),
        (mutations, pieces) => {
          const bytes = Array.from(fixture);
          for (const m of mutations) {
            if (m.kind === 'flip') bytes[m.at % bytes.length] = m.value;
            else if (m.kind === 'insert') bytes.splice(m.at % bytes.length, 0, m.value);
            else bytes.splice(m.at % bytes.length, 1);
          }
          fuzzOnce(Uint8Array.from(bytes), pieces);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('huge declared lengths and many chunk streams stay within the limits', () => {
    const decoder = new ChunkDecoder({ maxBufferedBytes: 1 << 20 });
    let error: unknown;
    try {
      for (let csid = 3; csid < 60; csid++) {
        // each declares 0xFFFFFF bytes and sends one
        decoder.push(Uint8Array.from([csid, 0, 0, 0, 0xff, 0xff, 0xff, 9, 1, 0, 0, 0, 0x55]));
      }
    } catch (e) {
      error = e;
    }
    expect(RtmpError.hasCode(error, ChunkErrorCode.BufferLimit)).toBe(true);
    expect(decoder.bufferedBytes).toBe(0);
  });
});
