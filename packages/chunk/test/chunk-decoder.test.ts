/**
 * ChunkDecoder golden vectors. Every vector is written by hand from the RTMP 1.0 spec (5.3.1
 * chunk format, 5.3.2 examples, 5.4 control messages) / protocol.md 2.1, annotated field by
 * field, and is decoded whole, split at every byte boundary and byte by byte.
 */
import { ChunkDecoder, ChunkErrorCode } from '@rtmp/chunk';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { concat, decodeCuts, feedings, hex, ramp, shape } from './helpers.js';

interface Expected {
  typeId: number;
  streamId: number;
  timestamp: number;
  payload: Uint8Array;
  csid: number;
}

function expectAllFeedings(
  bytes: Uint8Array,
  expected: Expected[],
  options?: ConstructorParameters<typeof ChunkDecoder>[0],
) {
  const want = expected.map((e) => ({ ...shape(e), chunkStreamId: e.csid }));
  for (const [name, cuts] of feedings(bytes)) {
    const got = decodeCuts(bytes, cuts, options).map((m) => ({
      ...shape(m),
      chunkStreamId: m.chunkStreamId,
    }));
    expect(got, name).toEqual(want);
  }
}

const P32 = [ramp(32, 0), ramp(32, 0x40), ramp(32, 0x80), ramp(32, 0xc0)] as const;
// Spec 5.3.2.1 Example 1: four 32-byte audio messages, csid 3, msid 12345, ts 1000 + 20 n.
const SPEC_EXAMPLE_1 = concat(
  hex('03 | 0003e8 | 000020 | 08 | 39300000'), // fmt 0 csid 3 | ts 1000 | len 32 | audio | msid 12345 LE
  P32[0],
  hex('83 | 000014'), // fmt 2 csid 3 | delta 20
  P32[1],
  hex('c3'), // fmt 3: new message, same delta
  P32[2],
  hex('c3'),
  P32[3],
);
const P307 = ramp(307, 7);
// Spec 5.3.2.2 Example 2: one 307-byte video message in 128-byte chunks, csid 4.
const SPEC_EXAMPLE_2 = concat(
  hex('04 | 0003e8 | 000133 | 09 | 39300000'),
  P307.subarray(0, 128),
  hex('c4'),
  P307.subarray(128, 256),
  hex('c4'),
  P307.subarray(256),
);

describe('ChunkDecoder: spec examples (5.3.2)', () => {
  it('decodes example 1 (type 0, 2, 3, 3 headers)', () => {
    expectAllFeedings(
      SPEC_EXAMPLE_1,
      [0, 1, 2, 3].map((n) => ({
        typeId: 8,
        streamId: 12345,
        timestamp: 1000 + 20 * n,
        payload: P32[n]!,
        csid: 3,
      })),
    );
  });

  it('decodes example 2 (a message split into type 3 continuation chunks)', () => {
    expectAllFeedings(SPEC_EXAMPLE_2, [
      { typeId: 9, streamId: 12345, timestamp: 1000, payload: P307, csid: 4 },
    ]);
  });
});

describe('ChunkDecoder: basic header forms (5.3.1.1)', () => {
  const cases: [string, string, number][] = [
    ['1 byte, csid 2', '02', 2],
    ['1 byte, csid 63', '3f', 63],
    ['2 bytes, csid 64', '00 00', 64],
    ['2 bytes, csid 319', '00 ff', 319],
    ['3 bytes, csid 320 (16-bit little-endian 256)', '01 00 01', 320],
    ['3 bytes, csid 65599', '01 ff ff', 65599],
    ['3 bytes carrying a 2-byte-range csid (100)', '01 24 00', 100],
  ];
  for (const [name, basic, csid] of cases) {
    it(name, () => {
      const b = hex(basic);
      const cont = Uint8Array.from(b);
      cont[0] = (cont[0] as number) | 0xc0; // same basic header with fmt 3
      const payload = ramp(150);
      const bytes = concat(
        b,
        hex('000005 000096 14 01000000'),
        payload.subarray(0, 128),
        cont,
        payload.subarray(128),
      );
      expectAllFeedings(bytes, [{ typeId: 20, streamId: 1, timestamp: 5, payload, csid }]);
    });
  }
});

describe('ChunkDecoder: extended timestamps (5.3.1.3)', () => {
  const payload = ramp(200, 3);
  const header0 = hex('04 | ffffff | 0000c8 | 09 | 01000000 | 12345678'); // ts in the extended field
  const repeated = concat(header0, payload.subarray(0, 128), hex('c4 | 12345678'), payload.subarray(128));
  const omitted = concat(header0, payload.subarray(0, 128), hex('c4'), payload.subarray(128));
  const want = [{ typeId: 9, streamId: 1, timestamp: 0x12345678, payload, csid: 4 }];

  it('type 0 with the extended field repeated on the type 3 continuation (spec, librtmp ≥ 2.4, FFmpeg)', () => {
    expectAllFeedings(repeated, want);
    expectAllFeedings(repeated, want, { extendedTimestampOnType3: 'always' });
  });

  it('type 0 with the extended field omitted on the continuation (old librtmp, some servers)', () => {
    expectAllFeedings(omitted, want);
    expectAllFeedings(omitted, want, { extendedTimestampOnType3: 'never' });
  });

  it('auto mode does not hold back a short last chunk whose bytes already differ from the field', () => {
    const p = ramp(130, 0x40); // last chunk: 2 bytes (0x..., 0x...), unlike 0x12345678
    const bytes = concat(
      hex('04 | ffffff | 000082 | 09 | 01000000 | 12345678'),
      p.subarray(0, 128),
      hex('c4'),
      p.subarray(128),
    );
    const got = new ChunkDecoder().push(bytes);
    expect(got.map(shape)).toEqual([shape({ typeId: 9, streamId: 1, timestamp: 0x12345678, payload: p })]);
    // but one that matches the field's first bytes so far must wait for more
    const q = concat(ramp(128), hex('1234'));
    const ambiguous = concat(
      hex('04 | ffffff | 000082 | 09 | 01000000 | 12345678'),
      q.subarray(0, 128),
      hex('c4'),
      q.subarray(128),
    );
    const d = new ChunkDecoder();
    expect(d.push(ambiguous)).toEqual([]);
    expect(d.push(hex('04 000000 000000 14 00000000')).map(shape)).toEqual([
      shape({ typeId: 9, streamId: 1, timestamp: 0x12345678, payload: q }),
      shape({ typeId: 20, streamId: 0, timestamp: 0, payload: new Uint8Array(0) }),
    ]);
  });

  it('auto mode reports what it saw', () => {
    const a = new ChunkDecoder();
    a.push(repeated);
    expect(a.peerRepeatsExtendedTimestamp).toBe(true);
    const b = new ChunkDecoder();
    b.push(omitted);
    expect(b.peerRepeatsExtendedTimestamp).toBe(false);
  });

  it('never mode reads a repeated field as payload (documents the choice)', () => {
    const got = decodeCuts(repeated.subarray(0, repeated.length - 4), [], {
      extendedTimestampOnType3: 'never',
    });
    expect(Array.from(got[0]!.payload.subarray(128, 132))).toEqual([0x12, 0x34, 0x56, 0x78]);
  });

  it('type 1 delta in the extended field, then a type 3 new message reapplying it', () => {
    const bytes = concat(
      hex('05 | 000000 | 000004 | 08 | 01000000'),
      ramp(4, 1),
      hex('45 | ffffff | 000004 | 08 | 01000000'), // fmt 1: delta 0x01000000 in the extended field
      ramp(4, 2),
      hex('c5 | 01000000'), // fmt 3 new message: extended field present, same delta
      ramp(4, 3),
    );
    expectAllFeedings(bytes, [
      { typeId: 8, streamId: 1, timestamp: 0, payload: ramp(4, 1), csid: 5 },
      { typeId: 8, streamId: 1, timestamp: 0x01000000, payload: ramp(4, 2), csid: 5 },
      { typeId: 8, streamId: 1, timestamp: 0x02000000, payload: ramp(4, 3), csid: 5 },
    ]);
  });

  it('0xFFFFFE fits the 24-bit field; 0xFFFFFF must use the extended field', () => {
    const bytes = concat(
      hex('07 | fffffe | 000001 | 08 | 00000000'),
      hex('aa'),
      hex('07 | ffffff | 000001 | 08 | 00000000 | 00ffffff'),
      hex('bb'),
    );
    expectAllFeedings(bytes, [
      { typeId: 8, streamId: 0, timestamp: 0xfffffe, payload: hex('aa'), csid: 7 },
      { typeId: 8, streamId: 0, timestamp: 0xffffff, payload: hex('bb'), csid: 7 },
    ]);
  });
});

describe('ChunkDecoder: timestamp deltas and wrap-around (5.3.1.2, 6.1.1)', () => {
  it('accumulates deltas per chunk stream across 2^32', () => {
    const bytes = concat(
      hex('06 | ffffff | 000002 | 08 | 01000000 | fffffff0'), // ts 0xFFFFFFF0 = 49 d 17 h
      hex('0102'),
      hex('86 | 000020'), // delta 0x20: wraps to 0x10
      hex('0304'),
      hex('c6'), // type 3 new message: + 0x20 again
      hex('0506'),
    );
    expectAllFeedings(bytes, [
      { typeId: 8, streamId: 1, timestamp: 0xfffffff0, payload: hex('0102'), csid: 6 },
      { typeId: 8, streamId: 1, timestamp: 0x10, payload: hex('0304'), csid: 6 },
      { typeId: 8, streamId: 1, timestamp: 0x30, payload: hex('0506'), csid: 6 },
    ]);
  });

  it('type 3 new message after a type 0 reapplies the absolute timestamp as delta (spec rule)', () => {
    const bytes = concat(hex('03 | 000064 | 000001 | 14 | 00000000'), hex('01'), hex('c3'), hex('02'));
    expectAllFeedings(bytes, [
      { typeId: 20, streamId: 0, timestamp: 100, payload: hex('01'), csid: 3 },
      { typeId: 20, streamId: 0, timestamp: 200, payload: hex('02'), csid: 3 },
    ]);
  });

  it('keeps separate timestamps per chunk stream and crosses 0xFFFFFF (4 h 39 min) with deltas', () => {
    const bytes = concat(
      hex('04 | fffff0 | 000001 | 08 | 01000000'),
      hex('01'),
      hex('06 | 000010 | 000001 | 09 | 01000000'),
      hex('02'),
      hex('84 | 000020'), // csid 4: 0xFFFFF0 + 0x20 = 0x1000010, past the 24-bit range
      hex('03'),
      hex('86 | 000021'),
      hex('04'),
    );
    expectAllFeedings(bytes, [
      { typeId: 8, streamId: 1, timestamp: 0xfffff0, payload: hex('01'), csid: 4 },
      { typeId: 9, streamId: 1, timestamp: 0x10, payload: hex('02'), csid: 6 },
      { typeId: 8, streamId: 1, timestamp: 0x1000010, payload: hex('03'), csid: 4 },
      { typeId: 9, streamId: 1, timestamp: 0x31, payload: hex('04'), csid: 6 },
    ]);
  });
});

describe('ChunkDecoder: interleaving, Set Chunk Size, Abort', () => {
  it('assembles messages interleaved at chunk granularity on two chunk streams', () => {
    const a = ramp(200, 1);
    const v = ramp(300, 9);
    const bytes = concat(
      hex('04 | 000000 | 0000c8 | 08 | 01000000'),
      a.subarray(0, 128),
      hex('06 | 000000 | 00012c | 09 | 01000000'),
      v.subarray(0, 128),
      hex('c4'),
      a.subarray(128),
      hex('c6'),
      v.subarray(128, 256),
      hex('c6'),
      v.subarray(256),
    );
    expectAllFeedings(bytes, [
      { typeId: 8, streamId: 1, timestamp: 0, payload: a, csid: 4 },
      { typeId: 9, streamId: 1, timestamp: 0, payload: v, csid: 6 },
    ]);
  });

  it('applies Set Chunk Size to the following chunks and still reports it', () => {
    const p = ramp(300);
    const bytes = concat(
      hex('02 | 000000 | 000004 | 01 | 00000000 | 00000100'), // Set Chunk Size 256
      hex('03 | 000000 | 00012c | 14 | 00000000'),
      p.subarray(0, 256),
      hex('c3'),
      p.subarray(256),
    );
    expectAllFeedings(bytes, [
      { typeId: 1, streamId: 0, timestamp: 0, payload: hex('00000100'), csid: 2 },
      { typeId: 20, streamId: 0, timestamp: 0, payload: p, csid: 3 },
    ]);
    const d = new ChunkDecoder();
    d.push(bytes);
    expect(d.chunkSize).toBe(256);
  });

  it('Abort discards the partial message; the next type 3 chunk starts a new one', () => {
    const p = ramp(200, 5);
    const bytes = concat(
      hex('04 | 000000 | 0000c8 | 09 | 01000000'),
      ramp(128, 0xee), // first chunk of a message that is then aborted
      hex('02 | 000000 | 000004 | 02 | 00000000 | 00000004'), // Abort csid 4
      hex('c4'),
      p.subarray(0, 128),
      hex('c4'),
      p.subarray(128),
    );
    expectAllFeedings(bytes, [
      { typeId: 2, streamId: 0, timestamp: 0, payload: hex('00000004'), csid: 2 },
      { typeId: 9, streamId: 1, timestamp: 0, payload: p, csid: 4 },
    ]);
    const d = new ChunkDecoder();
    d.push(bytes.subarray(0, 12 + 128 + 16));
    expect(d.bufferedBytes).toBe(0);
  });

  it('delivers zero-length messages at their header', () => {
    const bytes = concat(
      hex('03 | 000000 | 000000 | 14 | 00000000'),
      hex('03 | 000001 | 000001 | 14 | 00000000 | 7f'),
    );
    expectAllFeedings(bytes, [
      { typeId: 20, streamId: 0, timestamp: 0, payload: new Uint8Array(0), csid: 3 },
      { typeId: 20, streamId: 0, timestamp: 1, payload: hex('7f'), csid: 3 },
    ]);
  });

  it('tolerates a type 1 header on a new chunk stream (stream id 0), like librtmp and nginx', () => {
    expectAllFeedings(hex('45 | 00000a | 000001 | 08 | 55'), [
      { typeId: 8, streamId: 0, timestamp: 10, payload: hex('55'), csid: 5 },
    ]);
  });

  it('a new header in the middle of a message replaces the partial message', () => {
    const bytes = concat(
      hex('04 | 000000 | 0000c8 | 09 | 01000000'),
      ramp(128),
      hex('04 | 000005 | 000001 | 09 | 01000000 | 42'),
    );
    const d = new ChunkDecoder();
    expect(d.push(bytes).map(shape)).toEqual([
      shape({ typeId: 9, streamId: 1, timestamp: 5, payload: hex('42') }),
    ]);
    expect(d.bufferedBytes).toBe(0);
  });
});

describe('ChunkDecoder: payload ownership', () => {
  it('hands out a view of the input for a message within one chunk and one push', () => {
    const input = concat(hex('03 | 000000 | 000004 | 14 | 00000000'), hex('01020304'));
    const [m] = new ChunkDecoder().push(input);
    expect(m!.payload.buffer).toBe(input.buffer);
    expect(m!.payload.byteOffset).toBe(12);
  });

  it('copies a multi-chunk message once into a buffer of its declared length', () => {
    const [own] = new ChunkDecoder({ payloadSlabSize: 0 }).push(SPEC_EXAMPLE_2);
    expect(own!.payload.buffer).not.toBe(SPEC_EXAMPLE_2.buffer);
    expect(own!.payload.buffer.byteLength).toBe(307);
    // default: small messages are carved from a shared slab, never reused
    const d = new ChunkDecoder({ payloadSlabSize: 4096 });
    const [a] = d.push(SPEC_EXAMPLE_2);
    const [b] = d.push(SPEC_EXAMPLE_2);
    expect(a!.payload.buffer).toBe(b!.payload.buffer);
    expect(a!.payload.buffer.byteLength).toBe(4096);
    expect(b!.payload.byteOffset).toBeGreaterThanOrEqual(307);
    expect(Array.from(a!.payload)).toEqual(Array.from(P307));
    // a message above a quarter of the slab gets its own buffer
    const [big] = new ChunkDecoder({ payloadSlabSize: 1024 }).push(SPEC_EXAMPLE_2);
    expect(big!.payload.buffer.byteLength).toBe(307);
  });

  it('pushEach delivers the same messages through a callback', () => {
    const seen: unknown[] = [];
    new ChunkDecoder().pushEach(SPEC_EXAMPLE_1, (m) => seen.push(shape(m)));
    expect(seen).toEqual(new ChunkDecoder().push(SPEC_EXAMPLE_1).map(shape));
  });

  it("payloadBuffers 'reuse': one buffer per chunk stream, valid during the callback", () => {
    const d = new ChunkDecoder({ payloadBuffers: 'reuse' });
    const buffers: ArrayBufferLike[] = [];
    const copies: number[][] = [];
    for (let i = 0; i < 3; i++) {
      d.pushEach(SPEC_EXAMPLE_2, (m) => {
        buffers.push(m.payload.buffer);
        copies.push(Array.from(m.payload));
      });
    }
    expect(new Set(buffers).size).toBe(1);
    for (const c of copies) expect(c).toEqual(Array.from(P307));
    // a message begun in pushEach and finished by push() is copied out of the reused buffer
    d.pushEach(SPEC_EXAMPLE_2.subarray(0, 100), () => {});
    const [m] = d.push(SPEC_EXAMPLE_2.subarray(100));
    expect(m!.payload.buffer).not.toBe(buffers[0]);
    expect(Array.from(m!.payload)).toEqual(Array.from(P307));
  });

  it('an exception from the pushEach callback fails the decoder', () => {
    const d = new ChunkDecoder();
    expect(() =>
      d.pushEach(SPEC_EXAMPLE_1, () => {
        throw new Error('consumer');
      }),
    ).toThrow('consumer');
    expect(() => d.push(SPEC_EXAMPLE_1)).toThrow(RtmpError);
  });

  it('payloads stay valid after later pushes', () => {
    const d = new ChunkDecoder();
    const first = d.push(SPEC_EXAMPLE_1);
    const snapshot = first.map(shape);
    d.push(SPEC_EXAMPLE_1.slice());
    expect(first.map(shape)).toEqual(snapshot);
  });
});

describe('ChunkDecoder: acknowledgement byte count (5.4.3)', () => {
  it('counts every pushed byte and wraps at 2^32', () => {
    const d = new ChunkDecoder({ initialBytesReceived: 0xfffffff0 });
    d.push(SPEC_EXAMPLE_1.subarray(0, 10));
    expect(d.bytesReceived).toBe(0xfffffffa);
    d.push(SPEC_EXAMPLE_1.subarray(10, 40));
    expect(d.bytesReceived).toBe(0x18);
    expect(d.totalBytesReceived).toBe(0xfffffff0 + 40);
  });
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(RtmpError.is(error)).toBe(true);
    return (error as RtmpError).code;
  }
  throw new Error('expected a throw');
}

describe('ChunkDecoder: limits and malformed input', () => {
  const big = hex('04 | 000000 | 0000c8 | 09 | 01000000'); // declares 200 bytes
  it('CHUNK_MESSAGE_TOO_LARGE above maxMessageLength', () => {
    expect(codeOf(() => new ChunkDecoder({ maxMessageLength: 100 }).push(big))).toBe(
      ChunkErrorCode.MessageTooLarge,
    );
    expect(new ChunkDecoder({ maxMessageLength: 200 }).push(big)).toEqual([]);
  });
  it('CHUNK_BUFFER_LIMIT when incomplete messages would exceed maxBufferedBytes', () => {
    const d = new ChunkDecoder({ maxBufferedBytes: 300 });
    d.push(concat(big, ramp(128)));
    expect(d.bufferedBytes).toBe(200);
    const other = concat(hex('06 | 000000 | 0000c8 | 09 | 01000000'), ramp(1));
    expect(codeOf(() => d.push(other))).toBe(ChunkErrorCode.BufferLimit);
  });
  it('CHUNK_TOO_MANY_CHUNK_STREAMS above maxChunkStreams', () => {
    const d = new ChunkDecoder({ maxChunkStreams: 2 });
    const msg = (csid: number) =>
      concat(hex(csid.toString(16).padStart(2, '0')), hex('000000 000001 08 00000000 00'));
    d.push(concat(msg(3), msg(4), msg(3)));
    expect(d.chunkStreamCount).toBe(2);
    expect(codeOf(() => d.push(msg(5)))).toBe(ChunkErrorCode.TooManyChunkStreams);
  });
  it('CHUNK_MISSING_HEADER for type 2 or 3 on a chunk stream never started', () => {
    expect(codeOf(() => new ChunkDecoder().push(hex('84 000001')))).toBe(ChunkErrorCode.MissingHeader);
    expect(codeOf(() => new ChunkDecoder().push(hex('c4')))).toBe(ChunkErrorCode.MissingHeader);
  });
  it('CHUNK_INVALID_CHUNK_SIZE for Set Chunk Size 0 or with bit 31 set', () => {
    const scs = (v: string) => hex(`02 000000 000004 01 00000000 ${v}`);
    expect(codeOf(() => new ChunkDecoder().push(scs('00000000')))).toBe(ChunkErrorCode.InvalidChunkSize);
    expect(codeOf(() => new ChunkDecoder().push(scs('80000000')))).toBe(ChunkErrorCode.InvalidChunkSize);
    expect(codeOf(() => new ChunkDecoder({ maxChunkSize: 65536 }).push(scs('00010001')))).toBe(
      ChunkErrorCode.ChunkSizeTooLarge,
    );
    const d = new ChunkDecoder();
    d.push(scs('7fffffff'));
    expect(d.chunkSize).toBe(0x7fffffff);
  });
  it('CHUNK_INVALID_CONTROL_MESSAGE for a short Set Chunk Size body', () => {
    expect(codeOf(() => new ChunkDecoder().push(hex('02 000000 000003 01 00000000 000100')))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
  });
  it('CHUNK_DECODER_FAILED after an error; the cause is kept', () => {
    const d = new ChunkDecoder();
    expect(codeOf(() => d.push(hex('c4')))).toBe(ChunkErrorCode.MissingHeader);
    let error: unknown;
    try {
      d.push(SPEC_EXAMPLE_1);
    } catch (e) {
      error = e;
    }
    expect(RtmpError.hasCode(error, ChunkErrorCode.DecoderFailed)).toBe(true);
    expect(RtmpError.hasCode((error as Error).cause, ChunkErrorCode.MissingHeader)).toBe(true);
  });
  it('rejects invalid options', () => {
    expect(codeOf(() => new ChunkDecoder({ chunkSize: 0 }))).toBe(ChunkErrorCode.InvalidChunkSize);
  });
});
