/**
 * Protocol control (RTMP spec 5.4) and user control (6.2, protocol.md 3.2) golden vectors both
 * ways; byte layouts from the spec tables, values as seen from nginx-rtmp in the lab captures
 * (Window Ack Size 5 000 000, Set Peer Bandwidth 5 000 000 dynamic, SetBufferLength 36 000 000).
 */
import {
  ChunkErrorCode,
  decodeProtocolControl,
  decodeUserControl,
  encodeProtocolControl,
  encodeUserControl,
  isProtocolControlType,
  PeerBandwidthLimit,
  type ProtocolControl,
  type UserControlEvent,
  UserControlEventType,
} from '@rtmp/chunk';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { concat, hex, ramp } from './helpers.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(RtmpError.is(error)).toBe(true);
    return (error as RtmpError).code;
  }
  throw new Error('expected a throw');
}

const PROTOCOL: [string, ProtocolControl, number, string][] = [
  ['Set Chunk Size 4096', { type: 'setChunkSize', chunkSize: 4096 }, 1, '00001000'],
  ['Set Chunk Size max', { type: 'setChunkSize', chunkSize: 0x7fffffff }, 1, '7fffffff'],
  ['Abort csid 4', { type: 'abort', chunkStreamId: 4 }, 2, '00000004'],
  ['Acknowledgement', { type: 'acknowledgement', sequenceNumber: 0xfedcba98 }, 3, 'fedcba98'],
  ['Window Ack Size 5000000', { type: 'windowAckSize', windowSize: 5_000_000 }, 5, '004c4b40'],
  [
    'Set Peer Bandwidth 5000000 dynamic',
    { type: 'setPeerBandwidth', windowSize: 5_000_000, limitType: PeerBandwidthLimit.Dynamic },
    6,
    '004c4b40 02',
  ],
  [
    'Set Peer Bandwidth hard',
    { type: 'setPeerBandwidth', windowSize: 2_500_000, limitType: 0 },
    6,
    '002625a0 00',
  ],
];

describe('protocol control messages (5.4)', () => {
  for (const [name, value, typeId, body] of PROTOCOL) {
    it(`${name}: encode and decode`, () => {
      const message = encodeProtocolControl(value);
      expect(message).toEqual({ typeId, streamId: 0, timestamp: 0, payload: hex(body) });
      expect(decodeProtocolControl({ typeId, streamId: 0, timestamp: 0, payload: hex(body) })).toEqual(value);
      expect(isProtocolControlType(typeId)).toBe(true);
    });
  }

  it('ignores trailing bytes, rejects short bodies and other types', () => {
    expect(
      decodeProtocolControl({ typeId: 5, streamId: 0, timestamp: 0, payload: hex('00000400 ff') }),
    ).toEqual({
      type: 'windowAckSize',
      windowSize: 1024,
    });
    expect(
      codeOf(() => decodeProtocolControl({ typeId: 6, streamId: 0, timestamp: 0, payload: hex('00000400') })),
    ).toBe(ChunkErrorCode.InvalidControlMessage);
    expect(
      codeOf(() => decodeProtocolControl({ typeId: 4, streamId: 0, timestamp: 0, payload: hex('00000400') })),
    ).toBe(ChunkErrorCode.InvalidControlMessage);
    expect(isProtocolControlType(4)).toBe(false);
  });

  it('rejects out-of-range values when encoding', () => {
    expect(codeOf(() => encodeProtocolControl({ type: 'setChunkSize', chunkSize: 0 }))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
    expect(codeOf(() => encodeProtocolControl({ type: 'acknowledgement', sequenceNumber: 2 ** 32 }))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
    expect(
      codeOf(() => encodeProtocolControl({ type: 'setPeerBandwidth', windowSize: 1, limitType: 256 })),
    ).toBe(ChunkErrorCode.InvalidControlMessage);
  });
});

const SWF_RESPONSE = concat(hex('0101 00001000 00001000'), ramp(32, 0xa0)); // 42 bytes (protocol.md 6.4)
const USER: [string, UserControlEvent, string][] = [
  ['StreamBegin 1', { type: 'streamBegin', streamId: 1 }, '0000 00000001'],
  ['StreamEOF 1', { type: 'streamEof', streamId: 1 }, '0001 00000001'],
  ['StreamDry 1', { type: 'streamDry', streamId: 1 }, '0002 00000001'],
  [
    'SetBufferLength 1 36000000',
    { type: 'setBufferLength', streamId: 1, bufferLength: 36_000_000 },
    '0003 00000001 02255100',
  ],
  ['StreamIsRecorded 1', { type: 'streamIsRecorded', streamId: 1 }, '0004 00000001'],
  ['PingRequest', { type: 'pingRequest', timestamp: 0x01020304 }, '0006 01020304'],
  ['PingResponse', { type: 'pingResponse', timestamp: 0x01020304 }, '0007 01020304'],
  ['SWFVerify request', { type: 'swfVerifyRequest', data: hex('00') }, '001a 00'],
  [
    'SWFVerify response',
    { type: 'swfVerifyResponse', data: SWF_RESPONSE },
    `001b ${Buffer.from(SWF_RESPONSE).toString('hex')}`,
  ],
  ['BufferEmpty 1', { type: 'bufferEmpty', streamId: 1 }, '001f 00000001'],
  ['BufferReady 1', { type: 'bufferReady', streamId: 1 }, '0020 00000001'],
  ['unknown event 5', { type: 'unknown', eventType: 5, data: hex('abcd') }, '0005 abcd'],
];

describe('user control events (6.2)', () => {
  for (const [name, event, body] of USER) {
    it(`${name}: encode and decode`, () => {
      expect(encodeUserControl(event)).toEqual({ typeId: 4, streamId: 0, timestamp: 0, payload: hex(body) });
      expect(decodeUserControl(hex(body))).toEqual(event);
    });
  }

  it('event type numbers', () => {
    expect(UserControlEventType.PingResponse).toBe(7);
    expect(UserControlEventType.BufferReady).toBe(32);
  });

  it('rejects short bodies with CHUNK_INVALID_CONTROL_MESSAGE', () => {
    for (const body of ['', '00', '0000 000001', '0003 00000001 0000', '0006 00', '001b 0101']) {
      expect(
        codeOf(() => decodeUserControl(hex(body))),
        body,
      ).toBe(ChunkErrorCode.InvalidControlMessage);
    }
  });

  it('rejects out-of-range fields when encoding', () => {
    expect(codeOf(() => encodeUserControl({ type: 'streamBegin', streamId: -1 }))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
    expect(codeOf(() => encodeUserControl({ type: 'swfVerifyResponse', data: ramp(41) }))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
    expect(codeOf(() => encodeUserControl({ type: 'unknown', eventType: 0x10000, data: ramp(1) }))).toBe(
      ChunkErrorCode.InvalidControlMessage,
    );
  });

  it('takes a timestamp for the message', () => {
    expect(encodeUserControl({ type: 'pingResponse', timestamp: 5 }, 6).timestamp).toBe(6);
  });
});
