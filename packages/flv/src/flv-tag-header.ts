/**
 * The 11-byte FLV tag header (FLV 10.1 spec E.4.1; protocol.md §8.1): U8 type (low 5 bits; bit 5
 * Filter; bits 6-7 reserved), U24 DataSize, U24 Timestamp + U8 TimestampExtended (the high byte of
 * a 32-bit millisecond timestamp), U24 StreamID (always 0).
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { FLV_MAX_DATA_SIZE, FLV_TAG_HEADER_SIZE } from './flv-tag-type.js';

/** A decoded tag header. */
export interface FlvTagHeader {
  /** Tag type: the low 5 bits of the first byte (8 audio, 9 video, 18 script, 15 AMF3 script). */
  type: number;
  /** Bit 5 of the first byte: the payload is filtered/encrypted. */
  filter: boolean;
  /** Bits 6-7 of the first byte (0 in valid files). */
  reserved: number;
  /** Bytes of data after the 11-byte header. */
  dataSize: number;
  /** 32-bit timestamp in ms: `TimestampExtended << 24 | Timestamp`. */
  timestamp: number;
  /** StreamID (0 in valid files). */
  streamId: number;
}

/**
 * Decodes a tag header at `offset`.
 * @throws {FlvError} FLV_TRUNCATED — fewer than 11 bytes at `offset`.
 */
export function decodeFlvTagHeader(bytes: Uint8Array, offset = 0): FlvTagHeader {
  if (bytes.length - offset < FLV_TAG_HEADER_SIZE) {
    throw new FlvError(FlvErrorCode.Truncated, 'FLV tag header needs 11 bytes', {
      details: { offset, available: bytes.length - offset },
    });
  }
  const b0 = bytes[offset]!;
  return {
    type: b0 & 0x1f,
    filter: (b0 & 0x20) !== 0,
    reserved: b0 >>> 6,
    dataSize: readU24(bytes, offset + 1),
    timestamp: (bytes[offset + 7]! * 0x1000000 + readU24(bytes, offset + 4)) >>> 0,
    streamId: readU24(bytes, offset + 8),
  };
}

/**
 * Writes an 11-byte tag header into `target` at `offset` (StreamID 0). `typeByte` is written as is
 * (so the Filter bit may be set); `timestamp` is taken modulo 2^32.
 * @throws {FlvError} FLV_INVALID_ARGUMENT — `typeByte` not a byte or `dataSize` above 0xFFFFFF.
 */
export function writeFlvTagHeader(
  target: Uint8Array,
  offset: number,
  typeByte: number,
  dataSize: number,
  timestamp: number,
): void {
  if (!(typeByte >= 0 && typeByte <= 0xff) || !(dataSize >= 0 && dataSize <= FLV_MAX_DATA_SIZE)) {
    throw new FlvError(
      FlvErrorCode.InvalidArgument,
      `tag type ${typeByte} / size ${dataSize} do not fit an FLV tag`,
      {
        details: { typeByte, dataSize },
      },
    );
  }
  const ts = timestamp >>> 0;
  target[offset] = typeByte;
  target[offset + 1] = dataSize >>> 16;
  target[offset + 2] = dataSize >>> 8;
  target[offset + 3] = dataSize;
  target[offset + 4] = ts >>> 16;
  target[offset + 5] = ts >>> 8;
  target[offset + 6] = ts;
  target[offset + 7] = ts >>> 24;
  target[offset + 8] = 0;
  target[offset + 9] = 0;
  target[offset + 10] = 0;
}

/** Writes a big-endian U32 (a PreviousTagSize) into `target` at `offset`. Throws nothing. */
export function writeU32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = value >>> 16;
  target[offset + 2] = value >>> 8;
  target[offset + 3] = value;
}

/** Reads a big-endian U32 at `offset` (no bounds check: callers check). Throws nothing. */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! * 0x1000000 +
      ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!)) >>>
    0
  );
}

/** Reads a big-endian U24 at `offset` (no bounds check). Throws nothing. */
export function readU24(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
}
