/**
 * ByteWriter: a growable, reusable output buffer with a DataView (network byte order by default).
 *
 * One preallocated buffer that doubles when full, so encoders never concatenate. `finish()`
 * returns a view of the written bytes; `reset()` reuses the same memory for the next message,
 * which invalidates views returned before it — use `finishCopy()` when the result must outlive
 * the next encode.
 */

import { CoreErrorCode, RtmpError } from './rtmp-error.js';
import { encodeUtf8Into, maxUtf8Length } from './utf8.js';

/** Options for {@link ByteWriter}. */
export interface ByteWriterOptions {
  /** Initial capacity in bytes (default 4096). */
  initialSize?: number;
  /** Largest size the buffer may grow to (default 64 MiB); `CORE_BUFFER_LIMIT` past it. */
  maxSize?: number;
}

/** A growable output buffer. Throws `CORE_BUFFER_LIMIT` and `CORE_VALUE_OUT_OF_RANGE`. */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private readonly maxSize: number;
  /** Number of bytes written so far (the write cursor). */
  length = 0;

  constructor(options: ByteWriterOptions = {}) {
    this.maxSize = options.maxSize ?? 64 * 1024 * 1024;
    this.buffer = new Uint8Array(Math.min(options.initialSize ?? 4096, this.maxSize));
    this.view = new DataView(this.buffer.buffer);
  }

  /** Makes room for `count` more bytes, doubling the buffer as needed. */
  ensure(count: number): void {
    const needed = this.length + count;
    if (needed <= this.buffer.length) return;
    if (needed > this.maxSize) {
      throw new RtmpError(
        CoreErrorCode.BufferLimit,
        `output would reach ${needed} bytes, limit is ${this.maxSize}`,
        {
          details: { needed, limit: this.maxSize },
        },
      );
    }
    let size = this.buffer.length * 2 || 64;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(Math.min(size, this.maxSize));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(value: number): this {
    this.ensure(1);
    this.buffer[this.length++] = value;
    return this;
  }

  u16(value: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
    return this;
  }

  u16le(value: number): this {
    this.ensure(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
    return this;
  }

  u24(value: number): this {
    if (value < 0 || value > 0xffffff) throw rangeError('u24', value);
    this.ensure(3);
    const b = this.buffer;
    b[this.length] = value >>> 16;
    b[this.length + 1] = value >>> 8;
    b[this.length + 2] = value;
    this.length += 3;
    return this;
  }

  u24le(value: number): this {
    if (value < 0 || value > 0xffffff) throw rangeError('u24', value);
    this.ensure(3);
    const b = this.buffer;
    b[this.length] = value;
    b[this.length + 1] = value >>> 8;
    b[this.length + 2] = value >>> 16;
    this.length += 3;
    return this;
  }

  u32(value: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
    return this;
  }

  u32le(value: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  i16(value: number): this {
    this.ensure(2);
    this.view.setInt16(this.length, value);
    this.length += 2;
    return this;
  }

  i32(value: number): this {
    this.ensure(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
    return this;
  }

  f64(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.length, value);
    this.length += 8;
    return this;
  }

  bytes(source: Uint8Array): this {
    this.ensure(source.length);
    this.buffer.set(source, this.length);
    this.length += source.length;
    return this;
  }

  /** Writes `text` as UTF-8 (no length prefix) and returns the number of bytes written. */
  utf8(text: string): number {
    this.ensure(maxUtf8Length(text));
    const written = encodeUtf8Into(text, this.buffer, this.length);
    this.length += written;
    return written;
  }

  /** Overwrites a big-endian u16 at an earlier position (for length prefixes). */
  patchU16(position: number, value: number): void {
    this.view.setUint16(position, value);
  }

  /** Overwrites a big-endian u32 at an earlier position (for length prefixes and counts). */
  patchU32(position: number, value: number): void {
    this.view.setUint32(position, value);
  }

  /** A view of the bytes written so far; invalidated by the next `reset()` or growth. */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far, safe to keep. */
  finishCopy(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** Starts over, keeping the allocated memory. */
  reset(): this {
    this.length = 0;
    return this;
  }
}

function rangeError(field: string, value: number): RtmpError {
  return new RtmpError(CoreErrorCode.ValueOutOfRange, `${value} does not fit in ${field}`, {
    details: { field, value },
  });
}
