/**
 * Aggregate message unpacking (RTMP spec 7.1.6, protocol.md 3.3). The body is built by hand from
 * the FLV tag layout (FLV spec E.4.1: type, U24 size, U24 timestamp + U8 extension, U24 stream id,
 * data, U32 previous tag size).
 */
import { ChunkErrorCode, unpackAggregate } from '@rtmp/chunk';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { concat, hex, ramp, shape } from './helpers.js';

const body = concat(
  hex('09 | 000003 | 000064 00 | 000000'), // video, 3 bytes, ts 100
  hex('aabbcc'),
  hex('0000000e'), // back pointer 11 + 3
  hex('08 | 000002 | 000078 00 | 000000'), // audio, 2 bytes, ts 120
  hex('ddee'),
  hex('0000000d'),
  hex('09 | 000001 | 000000 01 | 000000'), // video, ts 0x01000000 (extension byte)
  hex('ff'),
  hex('0000000c'),
);

describe('unpackAggregate', () => {
  it('splits sub-tags and rebases timestamps on the aggregate timestamp', () => {
    const out = unpackAggregate({ typeId: 22, streamId: 1, timestamp: 1000, payload: body });
    expect(out.map(shape)).toEqual([
      shape({ typeId: 9, streamId: 1, timestamp: 1000, payload: hex('aabbcc') }),
      shape({ typeId: 8, streamId: 1, timestamp: 1020, payload: hex('ddee') }),
      shape({ typeId: 9, streamId: 1, timestamp: 1000 - 100 + 0x01000000, payload: hex('ff') }),
    ]);
    expect(out[0]!.payload.buffer).toBe(body.buffer);
  });

  it('rebases across 2^32', () => {
    const out = unpackAggregate({ typeId: 22, streamId: 1, timestamp: 0xfffffff0, payload: body });
    expect(out.map((m) => m.timestamp)).toEqual([0xfffffff0, 0x4, (0xfffffff0 - 100 + 0x01000000) >>> 0]);
  });

  it('stops at a sub-tag that overruns the body (lenient) or throws (strict)', () => {
    const cut = body.subarray(0, body.length - 6);
    expect(unpackAggregate({ typeId: 22, streamId: 1, timestamp: 0, payload: cut })).toHaveLength(2);
    expect(() =>
      unpackAggregate({ typeId: 22, streamId: 1, timestamp: 0, payload: cut }, { strict: true }),
    ).toThrow(RtmpError);
    const headerCut = body.subarray(0, 14 + 13 + 5);
    expect(unpackAggregate({ typeId: 22, streamId: 1, timestamp: 0, payload: headerCut })).toHaveLength(2);
  });

  it('tolerates a missing final back pointer and an empty body', () => {
    expect(
      unpackAggregate({ typeId: 22, streamId: 1, timestamp: 5, payload: body.subarray(0, 14) }),
    ).toHaveLength(1);
    expect(unpackAggregate({ typeId: 22, streamId: 1, timestamp: 5, payload: new Uint8Array(0) })).toEqual(
      [],
    );
  });

  it('rejects a non-aggregate message', () => {
    try {
      unpackAggregate({ typeId: 9, streamId: 1, timestamp: 0, payload: ramp(4) });
      expect.unreachable();
    } catch (error) {
      expect(RtmpError.hasCode(error, ChunkErrorCode.InvalidAggregate)).toBe(true);
    }
  });
});
