/**
 * User control messages (RTMP spec 6.2 and 7.1.7, message type 4): a U16 event type then event
 * data. Events 0–7 from the spec; SWFVerify request/response (26/27) and BufferEmpty/BufferReady
 * (31/32) as librtmp and FMS use them. protocol.md 3.2.
 */

import { RtmpError, type RtmpMessage } from '@rtmp/core';
import { ChunkErrorCode } from './chunk-error-code.js';
import { readU32 } from './read-u32.js';

/** User control event type numbers. */
export const UserControlEventType = {
  StreamBegin: 0,
  StreamEof: 1,
  StreamDry: 2,
  SetBufferLength: 3,
  StreamIsRecorded: 4,
  PingRequest: 6,
  PingResponse: 7,
  SwfVerifyRequest: 26,
  SwfVerifyResponse: 27,
  BufferEmpty: 31,
  BufferReady: 32,
} as const;

/** A decoded user control event (typed union on `type`). */
export type UserControlEvent =
  | {
      type: 'streamBegin' | 'streamEof' | 'streamDry' | 'streamIsRecorded' | 'bufferEmpty' | 'bufferReady';
      streamId: number;
    }
  | { type: 'setBufferLength'; streamId: number; bufferLength: number }
  | { type: 'pingRequest' | 'pingResponse'; timestamp: number }
  /** `data`: the request's body after the event type (librtmp sees one byte; > 1 = unsupported). */
  | { type: 'swfVerifyRequest'; data: Uint8Array }
  /** `data`: 42 bytes: 0x01 0x01, SWF size twice (U32), HMAC-SHA256 (protocol.md 6.4). */
  | { type: 'swfVerifyResponse'; data: Uint8Array }
  | { type: 'unknown'; eventType: number; data: Uint8Array };

const STREAM_EVENTS = {
  streamBegin: 0,
  streamEof: 1,
  streamDry: 2,
  streamIsRecorded: 4,
  bufferEmpty: 31,
  bufferReady: 32,
} as const;
const STREAM_EVENT_NAMES: Record<number, keyof typeof STREAM_EVENTS> = {
  0: 'streamBegin',
  1: 'streamEof',
  2: 'streamDry',
  4: 'streamIsRecorded',
  31: 'bufferEmpty',
  32: 'bufferReady',
};

/**
 * Builds the type-4 message (stream 0) for an event. Sizes are librtmp's: 6 bytes for stream and
 * ping events, 10 for SetBufferLength, 2 + data for SWFVerify and unknown events.
 * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — a field out of range, or a SWFVerify
 *   response whose data is not 42 bytes.
 */
export function encodeUserControl(event: UserControlEvent, timestamp = 0): RtmpMessage {
  let payload: Uint8Array;
  let view: DataView;
  switch (event.type) {
    case 'setBufferLength':
      payload = new Uint8Array(10);
      view = new DataView(payload.buffer);
      view.setUint16(0, 3);
      view.setUint32(2, u32(event.streamId, 'stream id'));
      view.setUint32(6, u32(event.bufferLength, 'buffer length'));
      break;
    case 'pingRequest':
    case 'pingResponse':
      payload = new Uint8Array(6);
      view = new DataView(payload.buffer);
      view.setUint16(0, event.type === 'pingRequest' ? 6 : 7);
      view.setUint32(2, u32(event.timestamp, 'timestamp'));
      break;
    case 'swfVerifyRequest':
    case 'swfVerifyResponse':
    case 'unknown': {
      const eventType =
        event.type === 'unknown' ? event.eventType : event.type === 'swfVerifyRequest' ? 26 : 27;
      if (!Number.isInteger(eventType) || eventType < 0 || eventType > 0xffff)
        throw invalid('event type', eventType);
      if (event.type === 'swfVerifyResponse' && event.data.length !== 42)
        throw invalid('SWFVerify response length', event.data.length);
      payload = new Uint8Array(2 + event.data.length);
      payload[0] = eventType >>> 8;
      payload[1] = eventType;
      payload.set(event.data, 2);
      break;
    }
    default:
      payload = new Uint8Array(6);
      view = new DataView(payload.buffer);
      view.setUint16(0, STREAM_EVENTS[event.type]);
      view.setUint32(2, u32(event.streamId, 'stream id'));
  }
  return { typeId: 4, streamId: 0, timestamp: u32(timestamp, 'timestamp'), payload };
}

/**
 * Decodes the body of a type-4 message. Unknown event types decode to `{type: 'unknown'}`; data
 * beyond the event's fields is ignored. `data` fields are views into `payload`.
 * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — body shorter than the event needs.
 */
export function decodeUserControl(payload: Uint8Array): UserControlEvent {
  if (payload.length < 2) throw short(-1, payload.length, 2);
  const eventType = ((payload[0] as number) << 8) | (payload[1] as number);
  const data = payload.subarray(2);
  const name = STREAM_EVENT_NAMES[eventType];
  if (name !== undefined) {
    if (data.length < 4) throw short(eventType, payload.length, 6);
    return { type: name, streamId: readU32(data, 0) };
  }
  switch (eventType) {
    case 3:
      if (data.length < 8) throw short(eventType, payload.length, 10);
      return { type: 'setBufferLength', streamId: readU32(data, 0), bufferLength: readU32(data, 4) };
    case 6:
    case 7:
      if (data.length < 4) throw short(eventType, payload.length, 6);
      return { type: eventType === 6 ? 'pingRequest' : 'pingResponse', timestamp: readU32(data, 0) };
    case 26:
      return { type: 'swfVerifyRequest', data };
    case 27:
      if (data.length < 42) throw short(eventType, payload.length, 44);
      return { type: 'swfVerifyResponse', data: data.subarray(0, 42) };
    default:
      return { type: 'unknown', eventType, data };
  }
}

function u32(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw invalid(field, value);
  return value;
}

function invalid(field: string, value: number): RtmpError {
  return new RtmpError(
    ChunkErrorCode.InvalidControlMessage,
    `user control ${field} ${value} is out of range`,
    {
      details: { field, value },
    },
  );
}

function short(eventType: number, length: number, needed: number): RtmpError {
  return new RtmpError(
    ChunkErrorCode.InvalidControlMessage,
    `user control event ${eventType} body has ${length} bytes, needs ${needed}`,
    { details: { eventType, length, needed } },
  );
}
