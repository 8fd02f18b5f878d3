/**
 * Protocol control messages (RTMP spec 5.4): Set Chunk Size (5.4.1, type 1), Abort (5.4.2,
 * type 2), Acknowledgement (5.4.3, type 3), Window Acknowledgement Size (5.4.4, type 5) and Set
 * Peer Bandwidth (5.4.5, type 6). protocol.md 2.4.
 *
 * They always travel on message stream 0 with timestamp 0, normally on chunk stream 2
 * ({@link ChunkStreamId}.ProtocolControl).
 */

import { RtmpError, type RtmpMessage } from '@rtmp/core';
import { ChunkErrorCode } from './chunk-error-code.js';
import { readU32 } from './read-u32.js';

/** Set Peer Bandwidth limit types (spec 5.4.5). */
export const PeerBandwidthLimit = {
  /** Limit the output bandwidth to the window. */
  Hard: 0,
  /** Limit to the window or the limit already in effect, whichever is smaller. */
  Soft: 1,
  /** Hard if the previous limit type was hard, otherwise ignore the message. */
  Dynamic: 2,
} as const;

/** A decoded protocol control message (typed union on `type`). */
export type ProtocolControl =
  | { type: 'setChunkSize'; chunkSize: number }
  | { type: 'abort'; chunkStreamId: number }
  | { type: 'acknowledgement'; sequenceNumber: number }
  | { type: 'windowAckSize'; windowSize: number }
  | { type: 'setPeerBandwidth'; windowSize: number; limitType: number };

const TYPE_IDS = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  windowAckSize: 5,
  setPeerBandwidth: 6,
} as const;

/** True when `typeId` is a protocol control message type (1, 2, 3, 5, 6). */
export function isProtocolControlType(typeId: number): boolean {
  return typeId === 1 || typeId === 2 || typeId === 3 || typeId === 5 || typeId === 6;
}

/**
 * Builds the message (stream 0, timestamp 0) for a protocol control value.
 * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — a field is not an unsigned integer of its
 *   width, or a chunk size outside 1..0x7FFFFFFF.
 */
export function encodeProtocolControl(control: ProtocolControl): RtmpMessage {
  let value: number;
  switch (control.type) {
    case 'setChunkSize':
      value = control.chunkSize;
      if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff) throw invalid('chunk size', value);
      break;
    case 'abort':
      value = control.chunkStreamId;
      break;
    case 'acknowledgement':
      value = control.sequenceNumber;
      break;
    case 'windowAckSize':
    case 'setPeerBandwidth':
      value = control.windowSize;
      break;
  }
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw invalid(control.type, value);
  const payload = new Uint8Array(control.type === 'setPeerBandwidth' ? 5 : 4);
  const view = new DataView(payload.buffer);
  view.setUint32(0, value);
  if (control.type === 'setPeerBandwidth') {
    const limit = control.limitType;
    if (!Number.isInteger(limit) || limit < 0 || limit > 0xff) throw invalid('limit type', limit);
    payload[4] = limit;
  }
  return { typeId: TYPE_IDS[control.type], streamId: 0, timestamp: 0, payload };
}

/**
 * Decodes a protocol control message. Extra trailing bytes are ignored (as librtmp and FFmpeg do).
 * A Set Chunk Size value is returned as sent (the decoder validates it when applying it).
 * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — not type 1/2/3/5/6, or the body is too short.
 */
export function decodeProtocolControl(message: RtmpMessage): ProtocolControl {
  const { typeId, payload } = message;
  const needed = typeId === 6 ? 5 : 4;
  if (!isProtocolControlType(typeId) || payload.length < needed) {
    throw new RtmpError(
      ChunkErrorCode.InvalidControlMessage,
      isProtocolControlType(typeId)
        ? `protocol control type ${typeId} body has ${payload.length} bytes, needs ${needed}`
        : `message type ${typeId} is not a protocol control message`,
      { details: { typeId, length: payload.length } },
    );
  }
  const value = readU32(payload, 0);
  switch (typeId) {
    case 1:
      return { type: 'setChunkSize', chunkSize: value };
    case 2:
      return { type: 'abort', chunkStreamId: value };
    case 3:
      return { type: 'acknowledgement', sequenceNumber: value };
    case 5:
      return { type: 'windowAckSize', windowSize: value };
    default:
      return { type: 'setPeerBandwidth', windowSize: value, limitType: payload[4] as number };
  }
}

function invalid(field: string, value: number): RtmpError {
  return new RtmpError(ChunkErrorCode.InvalidControlMessage, `${field} ${value} is out of range`, {
    details: { field, value },
  });
}
