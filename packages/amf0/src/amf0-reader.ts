/**
 * Amf0Reader: the cursor, limits and per-message state shared by the ergonomic and lossless
 * AMF0 decoders (AMF0 spec §2.1 markers, §2.2 UTF-8 strings, §2.9 reference table).
 *
 * Internal. One instance lives inside each `Amf0Decoder`; `begin()` clears the per-message state
 * so a decoder keeps working after it threw.
 */

import { Amf3Decoder, ShortStringCache } from '@rtmp/amf3';
import { decodeUtf8 } from '@rtmp/core';
import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';
import type { ResolvedAmf0DecodeOptions } from './amf0-options.js';

const EMPTY = new Uint8Array(0);

/** Shared decoding state. Internal; not exported from the package. */
export class Amf0Reader {
  bytes: Uint8Array = EMPTY;
  view: DataView = new DataView(EMPTY.buffer);
  pos = 0;
  end = 0;
  /** Values decoded in this message (for `maxElements`). */
  elements = 0;
  /** Reference table size (lossless view counts, ergonomic view also stores). */
  refCount = 0;
  /** Reference table of the ergonomic view. */
  refs: unknown[] = [];
  readonly options: ResolvedAmf0DecodeOptions;
  /** Copies of two options read for every value. */
  readonly maxElements: number;
  readonly maxDepth: number;
  readonly keys = new ShortStringCache();
  private amf3Decoder: Amf3Decoder | undefined;

  constructor(options: ResolvedAmf0DecodeOptions) {
    this.options = options;
    this.maxElements = options.maxElements;
    this.maxDepth = options.maxDepth;
  }

  /** Starts a new message (a new AMF0 context) over `bytes`. */
  begin(bytes: Uint8Array, offset: number): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.pos = offset;
    this.end = bytes.length;
    this.elements = 0;
    this.refCount = 0;
    if (this.refs.length > 0) this.refs.length = 0;
  }

  /** Drops references to the caller's buffer and values. */
  release(): void {
    this.bytes = EMPTY;
    this.view = new DataView(EMPTY.buffer);
    if (this.refs.length > 0) this.refs = [];
  }

  /** The AMF3 decoder for AVM+ switches, created on first use. */
  amf3(): Amf3Decoder {
    if (this.amf3Decoder === undefined) {
      const o = this.options;
      this.amf3Decoder = new Amf3Decoder({
        maxDepth: o.maxDepth,
        maxStringLength: o.maxStringLength,
        maxKeysPerObject: o.maxKeysPerObject,
        maxElements: o.maxElements,
        maxReferences: o.maxReferences,
        ...o.amf3,
      });
    }
    return this.amf3Decoder;
  }

  truncated(needed: number): Amf0Error {
    return new Amf0Error(
      Amf0ErrorCode.Truncated,
      `AMF0 input ends at offset ${this.end}, ${needed} more byte(s) needed at offset ${this.pos}`,
      { details: { offset: this.pos, needed, available: this.end - this.pos } },
    );
  }

  error(
    code: (typeof Amf0ErrorCode)[keyof typeof Amf0ErrorCode],
    message: string,
    details: object,
  ): Amf0Error {
    return new Amf0Error(code, message, { details: { offset: this.pos, ...details } });
  }

  /** Counts one value against `maxElements` and checks the nesting depth. */
  enter(depth: number): void {
    if (++this.elements <= this.maxElements && depth <= this.maxDepth) return;
    if (this.elements > this.options.maxElements) {
      throw this.error(Amf0ErrorCode.LimitExceeded, `more than ${this.options.maxElements} AMF0 values`, {
        limit: 'maxElements',
        max: this.options.maxElements,
      });
    }
    if (depth > this.options.maxDepth) {
      throw this.error(Amf0ErrorCode.DepthExceeded, `AMF0 nesting deeper than ${this.options.maxDepth}`, {
        max: this.options.maxDepth,
      });
    }
  }

  /** Registers one complex value in the reference table (AMF0 spec §2.9). */
  addReference(): number {
    if (this.refCount >= this.options.maxReferences) {
      throw this.error(
        Amf0ErrorCode.LimitExceeded,
        `more than ${this.options.maxReferences} AMF0 complex values`,
        {
          limit: 'maxReferences',
          max: this.options.maxReferences,
        },
      );
    }
    return this.refCount++;
  }

  /** Reads a U16 reference index and checks it against the table. */
  readReferenceIndex(): number {
    if (this.end - this.pos < 2) throw this.truncated(2);
    const index = this.view.getUint16(this.pos);
    if (index >= this.refCount) {
      throw this.error(
        Amf0ErrorCode.BadReference,
        `AMF0 reference ${index} but only ${this.refCount} complex values`,
        {
          index,
          tableSize: this.refCount,
        },
      );
    }
    this.pos += 2;
    return index;
  }

  u8(): number {
    if (this.pos >= this.end) throw this.truncated(1);
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    if (this.end - this.pos < 2) throw this.truncated(2);
    const b = this.bytes;
    const value = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return value;
  }

  u32(): number {
    if (this.end - this.pos < 4) throw this.truncated(4);
    const value = this.view.getUint32(this.pos);
    this.pos += 4;
    return value;
  }

  f64(): number {
    if (this.end - this.pos < 8) throw this.truncated(8);
    const value = this.view.getFloat64(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads `length` bytes of UTF-8 after a length prefix, bounded by `maxStringLength`. */
  text(length: number): string {
    if (length > this.options.maxStringLength) {
      throw this.error(Amf0ErrorCode.LimitExceeded, `AMF0 string of ${length} bytes over the limit`, {
        limit: 'maxStringLength',
        max: this.options.maxStringLength,
        length,
      });
    }
    if (this.end - this.pos < length) throw this.truncated(length);
    const value = decodeUtf8(this.bytes, this.pos, length);
    this.pos += length;
    return value;
  }

  /** Reads a short string body (key, class name, command name) through the key cache. */
  key(length: number): string {
    if (length > this.options.maxStringLength) return this.text(length);
    if (this.end - this.pos < length) throw this.truncated(length);
    const value = this.keys.decode(this.bytes, this.pos, length);
    this.pos += length;
    return value;
  }

  /**
   * Reads the next property key of an object body; returns `undefined` at the `00 00 09` end.
   * An empty key followed by anything but 0x09 is a property named "".
   */
  nextKey(): string | undefined {
    if (this.end - this.pos < 2) throw this.truncated(2);
    const b = this.bytes;
    const length = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    if (length === 0) {
      if (this.pos >= this.end) throw this.truncated(1);
      if (b[this.pos] === 0x09) {
        this.pos++;
        return undefined;
      }
      return '';
    }
    return this.key(length);
  }

  tooManyKeys(): Amf0Error {
    return this.error(Amf0ErrorCode.LimitExceeded, `more than ${this.options.maxKeysPerObject} properties`, {
      limit: 'maxKeysPerObject',
      max: this.options.maxKeysPerObject,
    });
  }

  badMarker(marker: number): Amf0Error {
    this.pos--;
    if (marker === 0x04 || marker === 0x0e) {
      return this.error(Amf0ErrorCode.ReservedMarker, `reserved AMF0 marker 0x${hex(marker)}`, { marker });
    }
    if (marker === 0x09) {
      return this.error(
        Amf0ErrorCode.UnexpectedObjectEnd,
        'AMF0 object-end marker where a value was expected',
        {
          marker,
        },
      );
    }
    return this.error(Amf0ErrorCode.UnknownMarker, `unknown AMF0 marker 0x${hex(marker)}`, { marker });
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
