/**
 * U29 variable-length integers (AMF3 specification §1.3.1, protocol.md §4.2): 1–4 bytes; in the
 * first three the high bit means "more follows" and carries 7 bits, a fourth byte carries 8.
 */

import type { ByteWriter } from '@rtmp/core';
import { Amf3Error, Amf3ErrorCode } from './amf3-error.js';

/** Largest U29 value, 2^29 - 1. */
export const U29_MAX = 0x1fffffff;
/** Smallest AMF3 integer (marker 0x04), -2^28. */
export const INT29_MIN = -0x10000000;
/** Largest AMF3 integer (marker 0x04), 2^28 - 1. */
export const INT29_MAX = 0x0fffffff;

/** Writes `value` (0..2^29-1) as a U29. Throws `AMF3_U29_RANGE` outside that range. */
export function writeU29(w: ByteWriter, value: number): void {
  if (value >>> 0 !== value || value > U29_MAX) {
    throw new Amf3Error(Amf3ErrorCode.U29Range, `${value} is not a U29 (0..${U29_MAX})`, {
      details: { value },
    });
  }
  if (value < 0x80) {
    w.u8(value);
  } else if (value < 0x4000) {
    w.u8((value >>> 7) | 0x80).u8(value & 0x7f);
  } else if (value < 0x200000) {
    w.u8((value >>> 14) | 0x80)
      .u8(((value >>> 7) & 0x7f) | 0x80)
      .u8(value & 0x7f);
  } else {
    w.u8((value >>> 22) | 0x80)
      .u8(((value >>> 15) & 0x7f) | 0x80)
      .u8(((value >>> 8) & 0x7f) | 0x80)
      .u8(value & 0xff);
  }
}

/** Writes a signed 29-bit integer (-2^28..2^28-1) as a U29. Throws `AMF3_U29_RANGE` outside it. */
export function writeInt29(w: ByteWriter, value: number): void {
  if (value < INT29_MIN || value > INT29_MAX || !Number.isInteger(value)) {
    throw new Amf3Error(Amf3ErrorCode.U29Range, `${value} is not a 29-bit signed integer`, {
      details: { value },
    });
  }
  writeU29(w, value & U29_MAX);
}

/** Sign-extends a U29 read from the wire into -2^28..2^28-1. Throws nothing. */
export function int29FromU29(u29: number): number {
  return (u29 << 3) >> 3;
}

/**
 * Reads a U29 at `offset` of `bytes`. Returns the value and the offset after it.
 * Throws `AMF3_TRUNCATED` (with `details.offset`) when the input ends inside it.
 */
export function readU29(bytes: Uint8Array, offset: number): { value: number; offset: number } {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (offset >= bytes.length) {
      throw new Amf3Error(Amf3ErrorCode.Truncated, `AMF3 input ends inside a U29 at offset ${offset}`, {
        details: { offset, needed: 1, available: 0 },
      });
    }
    const byte = bytes[offset++]!;
    if (i === 3) return { value: ((value << 8) | byte) >>> 0, offset };
    value = (value << 7) | (byte & 0x7f);
    if (byte < 0x80) return { value, offset };
  }
  /* c8 ignore next */
  return { value, offset };
}
