/**
 * ChunkEncoder: sans-IO writer of the RTMP chunk stream (RTMP spec 5.3.1 chunk format, 5.3.2
 * examples; header compression of librtmp `RTMP_SendPacket` / FFmpeg `ff_rtmp_packet_write`,
 * protocol.md 2.2).
 *
 * Header choice per message, from the previous message on the same chunk stream:
 * - type 0 for the first message, a different message stream id, a timestamp that goes backwards
 *   (serial-number arithmetic, so the 2^32 wrap counts as forwards), or when forced;
 * - type 1 when type or length changed; type 2 when only the timestamp delta must be sent;
 * - type 3 when the delta equals the one the receiver reapplies (the previous header's raw
 *   timestamp field). librtmp instead compares absolute timestamps, which is only exact for a
 *   zero delta; we never send type 3 right after a type 0 with a non-zero timestamp, because
 *   receivers disagree on the delta a type 0 header leaves behind.
 * Timestamps/deltas ≥ 0xFFFFFF go in the extended field, repeated on every type-3 chunk of the
 * message (spec; accepted by every current peer).
 */

import { RtmpError, type RtmpMessage } from '@rtmp/core';
import { ChunkErrorCode, invalidChunkSize } from './chunk-error-code.js';
import { MAX_CHUNK_STREAM_ID, MIN_CHUNK_STREAM_ID } from './chunk-stream-id.js';

/** Options of {@link ChunkEncoder}. */
export interface ChunkEncoderOptions {
  /** Outgoing chunk size before any {@link ChunkEncoder.setChunkSize} (default 128). */
  chunkSize?: number;
  /** Initial size of the reusable output buffer of {@link ChunkEncoder.encodeView} (default 64 KiB). */
  initialBufferSize?: number;
}

/** Per-message options of {@link ChunkEncoder.encode}. */
export interface EncodeOptions {
  /** Send a type-0 (full) header whatever the previous message on the chunk stream was. */
  forceFullHeader?: boolean;
}

interface OutState {
  timestamp: number;
  /** Raw timestamp field of the last header (absolute for type 0). */
  field: number;
  length: number;
  typeId: number;
  streamId: number;
  lastFormat: number;
}

const MESSAGE_HEADER_LENGTH = [11, 7, 3, 0] as const;

/**
 * Splits messages into chunks with compressed headers. Keeps, per chunk stream, the previous
 * header it wrote; use one encoder per connection direction.
 */
export class ChunkEncoder {
  private outChunkSize: number;
  private readonly streams = new Map<number, OutState>();
  /** encodeView's buffer, allocated on its first use (a connection that never calls it keeps none). */
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly initialBufferSize: number;

  /** @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — `chunkSize` outside 1..0x7FFFFFFF. */
  constructor(options: ChunkEncoderOptions = {}) {
    this.outChunkSize = 128;
    this.setChunkSize(options.chunkSize ?? 128);
    this.initialBufferSize = Math.max(1, options.initialBufferSize ?? 65536);
  }

  /** The outgoing chunk size in force. */
  get chunkSize(): number {
    return this.outChunkSize;
  }

  /**
   * Changes the outgoing chunk size for later messages. Send a Set Chunk Size message first (see
   * {@link ChunkEncoder.encodeSetChunkSize}, which does both).
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — outside 1..0x7FFFFFFF.
   */
  setChunkSize(size: number): void {
    if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) throw invalidChunkSize(size);
    this.outChunkSize = size;
  }

  /**
   * Encodes a Set Chunk Size message (csid 2, at the current chunk size), then switches to `size`.
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — outside 1..0x7FFFFFFF.
   */
  encodeSetChunkSize(size: number): Uint8Array {
    if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) throw invalidChunkSize(size);
    const payload = new Uint8Array(4);
    new DataView(payload.buffer).setUint32(0, size);
    const bytes = this.encode({ typeId: 1, streamId: 0, timestamp: 0, payload }, 2);
    this.setChunkSize(size);
    return bytes;
  }

  /** Forgets every chunk stream's previous header (the next message on each gets a type-0 header). */
  reset(): void {
    this.streams.clear();
  }

  /**
   * Encodes one message on chunk stream `csid` into a new array (safe to keep or queue).
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_STREAM_ID — `csid` outside 2..65599.
   * @throws {RtmpError} CHUNK_MESSAGE_TOO_LARGE — payload longer than 0xFFFFFF bytes.
   * @throws {RtmpError} CHUNK_INVALID_MESSAGE — type id, stream id or timestamp out of range.
   */
  encode(message: RtmpMessage, csid: number, options?: EncodeOptions): Uint8Array {
    const plan = this.plan(message, csid, options);
    const out = new Uint8Array(plan);
    this.write(message, csid, out, 0);
    return out;
  }

  /**
   * Like {@link ChunkEncoder.encode} but writes into the encoder's reusable buffer and returns a
   * view of it, valid only until the next `encodeView` call: write it out (or copy it) at once.
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_STREAM_ID — `csid` outside 2..65599.
   * @throws {RtmpError} CHUNK_MESSAGE_TOO_LARGE — payload longer than 0xFFFFFF bytes.
   * @throws {RtmpError} CHUNK_INVALID_MESSAGE — type id, stream id or timestamp out of range.
   */
  encodeView(message: RtmpMessage, csid: number, options?: EncodeOptions): Uint8Array {
    const size = this.plan(message, csid, options);
    if (size > this.buffer.length) {
      let grown = Math.max(this.buffer.length * 2, this.initialBufferSize);
      while (grown < size) grown *= 2;
      this.buffer = new Uint8Array(grown);
    }
    const out = this.buffer.subarray(0, size);
    this.write(message, csid, out, 0);
    return out;
  }

  /**
   * Encodes one message into `target` at `offset`, for callers that batch several messages into
   * one buffer of their own (one socket write per batch, no allocation per message). Returns the
   * offset just after the message, or -1 when it does not fit in `target` from `offset`: then
   * nothing is written and the encoder's state is unchanged, so the caller can flush its batch
   * and retry (or fall back to {@link ChunkEncoder.encode} for a message larger than its buffer).
   * The bytes are the same as {@link ChunkEncoder.encode} would return for the same sequence of
   * calls.
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_STREAM_ID — `csid` outside 2..65599.
   * @throws {RtmpError} CHUNK_MESSAGE_TOO_LARGE — payload longer than 0xFFFFFF bytes.
   * @throws {RtmpError} CHUNK_INVALID_MESSAGE — type id, stream id or timestamp out of range.
   */
  encodeInto(
    message: RtmpMessage,
    csid: number,
    target: Uint8Array,
    offset: number,
    options?: EncodeOptions,
  ): number {
    const size = this.plan(message, csid, options);
    const end = offset + size;
    if (!Number.isInteger(offset) || offset < 0 || end > target.length) return -1;
    this.write(message, csid, target, offset);
    return end;
  }

  // The header decision of the pending message, computed by plan() and consumed by write().
  private fmt = 0;
  private field = 0;
  private extended = false;
  private basic = 1;

  /** Validates, chooses the header and returns the encoded size. */
  private plan(message: RtmpMessage, csid: number, options: EncodeOptions | undefined): number {
    if (!Number.isInteger(csid) || csid < MIN_CHUNK_STREAM_ID || csid > MAX_CHUNK_STREAM_ID) {
      throw new RtmpError(
        ChunkErrorCode.InvalidChunkStreamId,
        `chunk stream id ${csid} is outside 2..65599`,
        {
          details: { csid },
        },
      );
    }
    const { typeId, streamId, timestamp } = message;
    const length = message.payload.length;
    if (length > 0xffffff) {
      throw new RtmpError(
        ChunkErrorCode.MessageTooLarge,
        `a ${length}-byte payload does not fit the 24-bit length`,
        {
          details: { length, limit: 0xffffff },
        },
      );
    }
    if (!isUint(typeId, 0xff) || !isUint(streamId, 0xffffffff) || !isUint(timestamp, 0xffffffff)) {
      throw new RtmpError(ChunkErrorCode.InvalidMessage, 'type id, stream id or timestamp out of range', {
        details: { typeId, streamId, timestamp },
      });
    }
    const prev = this.streams.get(csid);
    let fmt = 0;
    let field = timestamp;
    if (prev !== undefined && options?.forceFullHeader !== true && prev.streamId === streamId) {
      const delta = (timestamp - prev.timestamp) >>> 0;
      if (delta < 0x80000000) {
        field = delta;
        if (prev.typeId !== typeId || prev.length !== length) fmt = 1;
        else if (delta === prev.field && (prev.lastFormat !== 0 || delta === 0)) fmt = 3;
        else fmt = 2;
      }
    }
    const basic = csid < 64 ? 1 : csid < 320 ? 2 : 3;
    const extended = field >= 0xffffff;
    this.fmt = fmt;
    this.field = field;
    this.extended = extended;
    this.basic = basic;
    const chunkSize = this.outChunkSize;
    const chunks = length === 0 ? 1 : Math.ceil(length / chunkSize);
    const ext = extended ? 4 : 0;
    return basic + MESSAGE_HEADER_LENGTH[fmt as 0 | 1 | 2 | 3] + ext + (chunks - 1) * (basic + ext) + length;
  }

  /** Writes the planned message into `out` at `start` (room checked by the caller) and records the header. */
  private write(message: RtmpMessage, csid: number, out: Uint8Array, start: number): void {
    const { fmt, field, extended, basic } = this;
    const payload = message.payload;
    const length = payload.length;
    let p = writeBasicHeader(out, start, fmt, csid, basic);
    if (fmt < 3) {
      const f24 = extended ? 0xffffff : field;
      out[p] = f24 >>> 16;
      out[p + 1] = f24 >>> 8;
      out[p + 2] = f24;
      p += 3;
      if (fmt < 2) {
        out[p] = length >>> 16;
        out[p + 1] = length >>> 8;
        out[p + 2] = length;
        out[p + 3] = message.typeId;
        p += 4;
        if (fmt === 0) {
          const sid = message.streamId;
          out[p] = sid;
          out[p + 1] = sid >>> 8;
          out[p + 2] = sid >>> 16;
          out[p + 3] = sid >>> 24;
          p += 4;
        }
      }
    }
    if (extended) p = writeU32(out, p, field);
    const chunkSize = this.outChunkSize;
    let offset = 0;
    while (true) {
      const n = Math.min(length - offset, chunkSize);
      out.set(n === length ? payload : payload.subarray(offset, offset + n), p);
      p += n;
      offset += n;
      if (offset >= length) break;
      p = writeBasicHeader(out, p, 3, csid, basic);
      if (extended) p = writeU32(out, p, field);
    }
    const state = this.streams.get(csid);
    if (state === undefined) {
      this.streams.set(csid, {
        timestamp: message.timestamp,
        field,
        length,
        typeId: message.typeId,
        streamId: message.streamId,
        lastFormat: fmt,
      });
    } else {
      state.timestamp = message.timestamp;
      state.field = field;
      state.length = length;
      state.typeId = message.typeId;
      state.streamId = message.streamId;
      state.lastFormat = fmt === 3 ? state.lastFormat : fmt;
    }
  }
}

function isUint(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function writeU32(out: Uint8Array, p: number, value: number): number {
  out[p] = value >>> 24;
  out[p + 1] = value >>> 16;
  out[p + 2] = value >>> 8;
  out[p + 3] = value;
  return p + 4;
}

/** Basic header (5.3.1.1): 1 byte for csid < 64, 2 for < 320, else 3 (16-bit little-endian). */
function writeBasicHeader(out: Uint8Array, p: number, fmt: number, csid: number, basic: number): number {
  if (basic === 1) {
    out[p] = (fmt << 6) | csid;
    return p + 1;
  }
  const rest = csid - 64;
  if (basic === 2) {
    out[p] = fmt << 6;
    out[p + 1] = rest;
    return p + 2;
  }
  out[p] = (fmt << 6) | 1;
  out[p + 1] = rest & 0xff;
  out[p + 2] = rest >>> 8;
  return p + 3;
}
