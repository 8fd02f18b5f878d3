/**
 * ByteReader: a bounds-checked cursor over a `Uint8Array` (network byte order by default).
 *
 * Used by every decoder in the project. Reads never copy: `bytes(n)` returns a `subarray` view,
 * valid as long as the caller does not overwrite the underlying buffer.
 */

import { CoreErrorCode, RtmpError } from './rtmp-error.js';
import { decodeUtf8 } from './utf8.js';

/** A read cursor over a byte array. Throws `CORE_OUT_OF_BOUNDS` on any read past the end. */
export class ByteReader {
  /** The bytes being read (a view; never copied). */
  readonly bytes: Uint8Array;
  /** A DataView over exactly {@link bytes}. */
  readonly view: DataView;
  /** Current offset, relative to the start of {@link bytes}. */
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Throws `CORE_OUT_OF_BOUNDS` unless `count` more bytes can be read. */
  need(count: number): void {
    if (count > this.bytes.length - this.offset || count < 0) {
      throw new RtmpError(
        CoreErrorCode.OutOfBounds,
        `need ${count} byte(s) at offset ${this.offset}, only ${this.bytes.length - this.offset} left`,
        { details: { offset: this.offset, needed: count, available: this.bytes.length - this.offset } },
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  u16le(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  u24(): number {
    this.need(3);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 3;
    return (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
  }

  u24le(): number {
    this.need(3);
    const b = this.bytes;
    const o = this.offset;
    this.offset += 3;
    return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  u32le(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  i16(): number {
    this.need(2);
    const value = this.view.getInt16(this.offset);
    this.offset += 2;
    return value;
  }

  i32(): number {
    this.need(4);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset);
    this.offset += 8;
    return value;
  }

  /** A view of the next `count` bytes (no copy). */
  bytesView(count: number): Uint8Array {
    this.need(count);
    const start = this.offset;
    this.offset += count;
    return this.bytes.subarray(start, start + count);
  }

  /** The next `count` bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
  utf8(count: number): string {
    this.need(count);
    const value = decodeUtf8(this.bytes, this.offset, count);
    this.offset += count;
    return value;
  }

  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }
}
