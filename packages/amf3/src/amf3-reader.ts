/**
 * Amf3Reader: cursor, limits and the three reference tables (strings, objects, traits) of one
 * AMF3 context (AMF3 specification §2.2, §3.8–§3.12, protocol.md §4.2). Internal; shared by the
 * ergonomic and lossless AMF3 readers. `begin()` starts a fresh context.
 */

import { Amf3Error, Amf3ErrorCode, type Amf3ErrorCodeValue } from './amf3-error.js';
import type { ResolvedAmf3DecodeOptions } from './amf3-options.js';
import { ShortStringCache } from './short-string-cache.js';

const EMPTY = new Uint8Array(0);

/** Class layout as read from the wire (traits table entry). */
export interface ReadTraits {
  readonly className: string;
  readonly dynamic: boolean;
  readonly externalizable: boolean;
  readonly sealed: readonly string[];
}

/** Shared AMF3 decoding state. Internal; not exported from the package. */
export class Amf3Reader {
  bytes: Uint8Array = EMPTY;
  view: DataView = new DataView(EMPTY.buffer);
  pos = 0;
  end = 0;
  elements = 0;
  strings: string[] = [];
  objects: unknown[] = [];
  objectCount = 0;
  traits: ReadTraits[] = [];
  /** Where the last U29 started (reference errors point at their header). */
  headerOffset = 0;
  readonly options: ResolvedAmf3DecodeOptions;
  readonly cache = new ShortStringCache();

  constructor(options: ResolvedAmf3DecodeOptions) {
    this.options = options;
  }

  /** Starts a new AMF3 context over `bytes` at `offset`, reading up to `end`. */
  begin(bytes: Uint8Array, offset: number, end = bytes.length): void {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.pos = offset;
    this.end = end;
    this.elements = 0;
    this.objectCount = 0;
    if (this.strings.length > 0) this.strings.length = 0;
    if (this.objects.length > 0) this.objects.length = 0;
    if (this.traits.length > 0) this.traits.length = 0;
  }

  error(code: Amf3ErrorCodeValue, message: string, details: Record<string, unknown>): Amf3Error {
    return new Amf3Error(code, message, { details: { offset: this.pos, ...details } });
  }

  truncated(needed: number): Amf3Error {
    return this.error(
      Amf3ErrorCode.Truncated,
      `AMF3 input ends, ${needed} more byte(s) needed at ${this.pos}`,
      {
        needed,
        available: this.end - this.pos,
      },
    );
  }

  limit(name: string, max: number): Amf3Error {
    return this.error(Amf3ErrorCode.LimitExceeded, `AMF3 ${name} over its limit of ${max}`, {
      limit: name,
      max,
    });
  }

  /** Counts one value against `maxElements` and checks the nesting depth. */
  enter(depth: number): void {
    if (++this.elements > this.options.maxElements) throw this.limit('maxElements', this.options.maxElements);
    if (depth > this.options.maxDepth) {
      throw this.error(Amf3ErrorCode.DepthExceeded, `AMF3 nesting deeper than ${this.options.maxDepth}`, {
        max: this.options.maxDepth,
      });
    }
  }

  /** Checks that `count` items of at least `size` bytes each can still follow. */
  expect(count: number, size: number): void {
    if (count * size > this.end - this.pos) throw this.truncated(count * size);
  }

  u8(): number {
    if (this.pos >= this.end) throw this.truncated(1);
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    if (this.end - this.pos < 4) throw this.truncated(4);
    const value = this.view.getUint32(this.pos);
    this.pos += 4;
    return value;
  }

  i32(): number {
    if (this.end - this.pos < 4) throw this.truncated(4);
    const value = this.view.getInt32(this.pos);
    this.pos += 4;
    return value;
  }

  f64(): number {
    if (this.end - this.pos < 8) throw this.truncated(8);
    const value = this.view.getFloat64(this.pos);
    this.pos += 8;
    return value;
  }

  u29(): number {
    this.headerOffset = this.pos;
    const b = this.bytes;
    let value = 0;
    for (let i = 0; i < 3; i++) {
      if (this.pos >= this.end) throw this.truncated(1);
      const byte = b[this.pos++]!;
      value = (value << 7) | (byte & 0x7f);
      if (byte < 0x80) return value;
    }
    if (this.pos >= this.end) throw this.truncated(1);
    return ((value << 8) | b[this.pos++]!) >>> 0;
  }

  /** Checks a byte length against `maxStringLength` and the input. */
  checkLength(length: number): void {
    if (length > this.options.maxStringLength)
      throw this.limit('maxStringLength', this.options.maxStringLength);
    if (length > this.end - this.pos) throw this.truncated(length);
  }

  /** Reads `length` UTF-8 bytes, bounded by `maxStringLength` and the input. */
  utf8(length: number): string {
    this.checkLength(length);
    const value = this.cache.decode(this.bytes, this.pos, length);
    this.pos += length;
    return value;
  }

  /** Reads a string header + body (or reference); `refOut[0]` gets the reference index or -1. */
  string(refOut?: number[]): string {
    const header = this.u29();
    if ((header & 1) === 0) {
      const index = header >>> 1;
      if (index >= this.strings.length) throw this.badReference('string', index, this.strings.length);
      if (refOut !== undefined) refOut[0] = index;
      return this.strings[index]!;
    }
    if (refOut !== undefined) refOut[0] = -1;
    const length = header >>> 1;
    if (length === 0) return '';
    const value = this.utf8(length);
    if (this.strings.length >= this.options.maxReferences) {
      throw this.limit('maxReferences', this.options.maxReferences);
    }
    this.strings.push(value);
    return value;
  }

  badReference(table: string, index: number, size: number): Amf3Error {
    return new Amf3Error(
      Amf3ErrorCode.BadReference,
      `AMF3 ${table} reference ${index} but the table has ${size}`,
      {
        details: { offset: this.headerOffset, table, index, tableSize: size },
      },
    );
  }

  /** Registers a complex value in the object table; returns its index. */
  addObject(value: unknown): number {
    if (this.objectCount >= this.options.maxReferences)
      throw this.limit('maxReferences', this.options.maxReferences);
    this.objects.push(value);
    return this.objectCount++;
  }

  /** Resolves an object reference index (ergonomic view). */
  objectAt(index: number): unknown {
    if (index >= this.objectCount) throw this.badReference('object', index, this.objectCount);
    return this.objects[index];
  }

  /** Checks an object reference index (lossless view). */
  checkObjectIndex(index: number): number {
    if (index >= this.objectCount) throw this.badReference('object', index, this.objectCount);
    return index;
  }

  addTraits(traits: ReadTraits): void {
    if (this.traits.length >= this.options.maxReferences)
      throw this.limit('maxReferences', this.options.maxReferences);
    this.traits.push(traits);
  }

  traitsAt(index: number): ReadTraits {
    if (index >= this.traits.length) throw this.badReference('traits', index, this.traits.length);
    return this.traits[index]!;
  }

  unknownMarker(marker: number): Amf3Error {
    this.pos--;
    return this.error(Amf3ErrorCode.UnknownMarker, `unknown AMF3 marker 0x${marker.toString(16)}`, {
      marker,
    });
  }
}
