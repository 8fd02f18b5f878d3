/**
 * ChunkEncoder golden vectors: the expected bytes are written by hand from the RTMP 1.0 spec
 * (5.3.1 chunk format, 5.3.2 examples) and protocol.md 2.2, never produced by our encoder.
 */
import { ChunkEncoder, ChunkErrorCode } from '@rtmp/chunk';
import { RtmpError, type RtmpMessage } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { concat, hex, ramp } from './helpers.js';

const msg = (typeId: number, streamId: number, timestamp: number, payload: Uint8Array): RtmpMessage => ({
  typeId,
  streamId,
  timestamp,
  payload,
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

describe('ChunkEncoder: spec examples (5.3.2)', () => {
  it('example 1: four audio messages compress to type 0, 2, 3, 3', () => {
    const enc = new ChunkEncoder();
    const p = [ramp(32, 0), ramp(32, 0x40), ramp(32, 0x80), ramp(32, 0xc0)];
    const out = concat(...p.map((payload, n) => enc.encode(msg(8, 12345, 1000 + 20 * n, payload), 3)));
    expect(out).toEqual(
      concat(
        hex('03 | 0003e8 | 000020 | 08 | 39300000'),
        p[0]!,
        hex('83 | 000014'),
        p[1]!,
        hex('c3'),
        p[2]!,
        hex('c3'),
        p[3]!,
      ),
    );
  });

  it('example 2: a 307-byte message in 128-byte chunks', () => {
    const p = ramp(307, 7);
    expect(new ChunkEncoder().encode(msg(9, 12345, 1000, p), 4)).toEqual(
      concat(
        hex('04 | 0003e8 | 000133 | 09 | 39300000'),
        p.subarray(0, 128),
        hex('c4'),
        p.subarray(128, 256),
        hex('c4'),
        p.subarray(256),
      ),
    );
  });
});

describe('ChunkEncoder: header choice (protocol.md 2.2)', () => {
  it('type 1 when length or type changes, type 2 when only the delta is new', () => {
    const enc = new ChunkEncoder();
    expect(enc.encode(msg(8, 1, 0, hex('01')), 4)).toEqual(hex('04 000000 000001 08 01000000 01'));
    expect(enc.encode(msg(8, 1, 10, hex('0203')), 4)).toEqual(hex('44 00000a 000002 08 0203'));
    expect(enc.encode(msg(9, 1, 20, hex('0405')), 4)).toEqual(hex('44 00000a 000002 09 0405'));
    expect(enc.encode(msg(9, 1, 35, hex('0607')), 4)).toEqual(hex('84 00000f 0607'));
    expect(enc.encode(msg(9, 1, 50, hex('0809')), 4)).toEqual(hex('c4 0809'));
  });

  it('type 0 on a new message stream id, a backwards timestamp, or when forced', () => {
    const enc = new ChunkEncoder();
    enc.encode(msg(20, 0, 100, hex('01')), 3);
    expect(enc.encode(msg(20, 1, 100, hex('02')), 3)).toEqual(hex('03 000064 000001 14 01000000 02'));
    expect(enc.encode(msg(20, 1, 50, hex('03')), 3)).toEqual(hex('03 000032 000001 14 01000000 03'));
    expect(enc.encode(msg(20, 1, 50, hex('04')), 3, { forceFullHeader: true })).toEqual(
      hex('03 000032 000001 14 01000000 04'),
    );
  });

  it('after a type 0 with a non-zero timestamp, sends type 2 rather than an ambiguous type 3', () => {
    const enc = new ChunkEncoder();
    enc.encode(msg(8, 1, 40, hex('01')), 4);
    expect(enc.encode(msg(8, 1, 80, hex('02')), 4)).toEqual(hex('84 000028 02'));
    expect(enc.encode(msg(8, 1, 120, hex('03')), 4)).toEqual(hex('c4 03'));
  });

  it('same-timestamp commands after a type 0 at 0 use type 3 (as librtmp)', () => {
    const enc = new ChunkEncoder();
    enc.encode(msg(20, 0, 0, hex('01')), 3);
    expect(enc.encode(msg(20, 0, 0, hex('02')), 3)).toEqual(hex('c3 02'));
  });

  it('a forward step across 2^32 is a small delta, not a type 0', () => {
    const enc = new ChunkEncoder();
    expect(enc.encode(msg(8, 1, 0xfffffff0, hex('01')), 6)).toEqual(
      hex('06 ffffff 000001 08 01000000 fffffff0 01'),
    );
    expect(enc.encode(msg(8, 1, 0x10, hex('02')), 6)).toEqual(hex('86 000020 02'));
  });
});

describe('ChunkEncoder: extended timestamps (5.3.1.3)', () => {
  it('writes the extended field after the header and on every type 3 continuation', () => {
    const p = ramp(200, 3);
    expect(new ChunkEncoder().encode(msg(9, 1, 0x12345678, p), 4)).toEqual(
      concat(
        hex('04 | ffffff | 0000c8 | 09 | 01000000 | 12345678'),
        p.subarray(0, 128),
        hex('c4 | 12345678'),
        p.subarray(128),
      ),
    );
  });

  it('0xFFFFFE stays in the 24-bit field; 0xFFFFFF goes to the extended field', () => {
    const enc = new ChunkEncoder();
    expect(enc.encode(msg(8, 0, 0xfffffe, hex('aa')), 7)).toEqual(hex('07 fffffe 000001 08 00000000 aa'));
    expect(enc.encode(msg(8, 0, 0xfffffe + 0xffffff, hex('bb')), 7)).toEqual(hex('87 ffffff 00ffffff bb'));
    // type 3 new message with the same extended delta carries the extended field too
    expect(enc.encode(msg(8, 0, 0xfffffe + 2 * 0xffffff, hex('cc')), 7)).toEqual(hex('c7 00ffffff cc'));
  });
});

describe('ChunkEncoder: basic header forms and chunk size', () => {
  const cases: [number, string][] = [
    [2, '02'],
    [63, '3f'],
    [64, '00 00'],
    [319, '00 ff'],
    [320, '01 00 01'],
    [65599, '01 ff ff'],
  ];
  for (const [csid, basic] of cases) {
    it(`csid ${csid} uses the shortest form: ${basic}`, () => {
      const p = ramp(130);
      const b = hex(basic);
      const cont = Uint8Array.from(b);
      cont[0] = (cont[0] as number) | 0xc0;
      expect(new ChunkEncoder().encode(msg(20, 0, 0, p), csid)).toEqual(
        concat(b, hex('000000 000082 14 00000000'), p.subarray(0, 128), cont, p.subarray(128)),
      );
    });
  }

  it('encodeSetChunkSize sends at the old size, then splits by the new one', () => {
    const enc = new ChunkEncoder();
    expect(enc.encodeSetChunkSize(4096)).toEqual(hex('02 000000 000004 01 00000000 00001000'));
    expect(enc.chunkSize).toBe(4096);
    const p = ramp(5000);
    expect(enc.encode(msg(9, 1, 0, p), 6)).toEqual(
      concat(hex('06 000000 001388 09 01000000'), p.subarray(0, 4096), hex('c6'), p.subarray(4096)),
    );
  });

  it('zero-length message is a header alone', () => {
    expect(new ChunkEncoder().encode(msg(20, 0, 0, new Uint8Array(0)), 3)).toEqual(
      hex('03 000000 000000 14 00000000'),
    );
  });

  it('encodeView returns the same bytes in a reused buffer', () => {
    const a = new ChunkEncoder({ initialBufferSize: 16 });
    const b = new ChunkEncoder();
    for (let n = 0; n < 5; n++) {
      const m = msg(9, 1, n * 33, ramp(300 + n * 100, n));
      const view = a.encodeView(m, 6);
      expect(view).toEqual(b.encode(m, 6));
    }
    const first = a.encodeView(msg(8, 1, 0, ramp(10)), 4);
    const second = a.encodeView(msg(8, 1, 0, ramp(10, 50)), 5);
    expect(first.buffer).toBe(second.buffer);
  });

  it('reset forgets previous headers', () => {
    const enc = new ChunkEncoder();
    enc.encode(msg(8, 1, 0, hex('01')), 4);
    enc.reset();
    expect(enc.encode(msg(8, 1, 0, hex('01')), 4)).toEqual(hex('04 000000 000001 08 01000000 01'));
  });
});

describe('ChunkEncoder: errors', () => {
  const enc = new ChunkEncoder();
  it('CHUNK_INVALID_CHUNK_STREAM_ID outside 2..65599', () => {
    for (const csid of [0, 1, 65600, 2.5]) {
      expect(codeOf(() => enc.encode(msg(8, 1, 0, hex('00')), csid))).toBe(
        ChunkErrorCode.InvalidChunkStreamId,
      );
    }
  });
  it('CHUNK_MESSAGE_TOO_LARGE above 0xFFFFFF bytes', () => {
    expect(codeOf(() => enc.encode(msg(9, 1, 0, new Uint8Array(0x1000000)), 6))).toBe(
      ChunkErrorCode.MessageTooLarge,
    );
  });
  it('CHUNK_INVALID_MESSAGE for out-of-range fields', () => {
    expect(codeOf(() => enc.encode(msg(256, 1, 0, hex('00')), 6))).toBe(ChunkErrorCode.InvalidMessage);
    expect(codeOf(() => enc.encode(msg(8, -1, 0, hex('00')), 6))).toBe(ChunkErrorCode.InvalidMessage);
    expect(codeOf(() => enc.encode(msg(8, 1, 2 ** 32, hex('00')), 6))).toBe(ChunkErrorCode.InvalidMessage);
  });
  it('CHUNK_INVALID_CHUNK_SIZE for 0 and 2^31', () => {
    expect(codeOf(() => enc.setChunkSize(0))).toBe(ChunkErrorCode.InvalidChunkSize);
    expect(codeOf(() => enc.encodeSetChunkSize(0x80000000))).toBe(ChunkErrorCode.InvalidChunkSize);
    expect(codeOf(() => new ChunkEncoder({ chunkSize: -1 }))).toBe(ChunkErrorCode.InvalidChunkSize);
  });
});
