/**
 * Amf3ValueWriter: encodes ergonomic values as AMF3 (AMF3 specification §3.2–§3.15; mapping in
 * amf3-values.ts) with the three reference tables: repeated strings, repeated objects (also
 * cycles) and repeated class layouts are written as references. Internal; used by
 * `Amf3Encoder` and by @rtmp/amf0 for values after an AVM+ switch.
 */

import { type ByteWriter, utf8Length } from '@rtmp/core';
import { Amf3Error, Amf3ErrorCode } from './amf3-error.js';
import { MixedArray, VectorObject } from './amf3-values.js';
import { TypedObject } from './typed-object.js';
import { INT29_MAX, INT29_MIN, U29_MAX, writeU29 } from './u29.js';
import { Xml, XmlDocument } from './xml-document.js';

const objectProto = Object.prototype;

/** Returns the AMF3 marker an object value is written with. */
function markerOf(value: object): number {
  const proto = Object.getPrototypeOf(value);
  if (proto === objectProto || proto === null) return 0x0a;
  if (Array.isArray(value) || value instanceof MixedArray) return 0x09;
  if (value instanceof Date) return 0x08;
  if (value instanceof Uint8Array) return 0x0c;
  if (value instanceof Int32Array) return 0x0d;
  if (value instanceof Uint32Array) return 0x0e;
  if (value instanceof Float64Array) return 0x0f;
  if (value instanceof VectorObject) return 0x10;
  if (value instanceof Map) return 0x11;
  if (value instanceof XmlDocument) return 0x07;
  if (value instanceof Xml) return 0x0b;
  return 0x0a;
}

/** Writes ergonomic values with per-message reference tables. Internal. */
export class Amf3ValueWriter {
  w: ByteWriter;
  readonly maxDepth: number;
  private readonly strings = new Map<string, number>();
  private readonly objects = new Map<object, number>();
  private readonly traits = new Map<string, number>();

  constructor(w: ByteWriter, maxDepth: number) {
    this.w = w;
    this.maxDepth = maxDepth;
  }

  /** Starts a new AMF3 context (clears the reference tables). */
  reset(): void {
    if (this.strings.size > 0) this.strings.clear();
    if (this.objects.size > 0) this.objects.clear();
    if (this.traits.size > 0) this.traits.clear();
  }

  /** Writes a string body (header + UTF-8, or a reference). */
  string(text: string): void {
    const w = this.w;
    if (text === '') {
      w.u8(0x01);
      return;
    }
    const index = this.strings.get(text);
    if (index !== undefined) {
      writeU29(w, index << 1);
      return;
    }
    this.strings.set(text, this.strings.size);
    this.text(text);
  }

  /** Writes a length-prefixed UTF-8 body without touching the string table. */
  private text(text: string): void {
    const length = utf8Length(text);
    if (length > U29_MAX >>> 1) {
      throw new Amf3Error(Amf3ErrorCode.U29Range, `AMF3 string of ${length} bytes is too long`, {
        details: { length },
      });
    }
    writeU29(this.w, (length << 1) | 1);
    this.w.utf8(text);
  }

  private key(key: string): void {
    if (key === '') {
      throw new Amf3Error(Amf3ErrorCode.Unencodable, 'AMF3 dynamic members and array keys cannot be ""', {
        details: {},
      });
    }
    this.string(key);
  }

  private members(record: Record<string, unknown>, depth: number): void {
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      this.key(key);
      this.value(record[key], depth);
    }
    this.w.u8(0x01);
  }

  /** Writes one value. Throws `AMF3_UNENCODABLE`, `AMF3_U29_RANGE`, `AMF3_DEPTH_EXCEEDED`, `CORE_BUFFER_LIMIT`. */
  value(value: unknown, depth: number): void {
    const w = this.w;
    switch (typeof value) {
      case 'number':
        if (Number.isInteger(value) && value >= INT29_MIN && value <= INT29_MAX && !Object.is(value, -0)) {
          w.u8(0x04);
          writeU29(w, value & U29_MAX);
        } else w.u8(0x05).f64(value);
        return;
      case 'string':
        w.u8(0x06);
        this.string(value);
        return;
      case 'boolean':
        w.u8(value ? 0x03 : 0x02);
        return;
      case 'undefined':
        w.u8(0x00);
        return;
      case 'object':
        if (value === null) {
          w.u8(0x01);
          return;
        }
        this.object(value, depth);
        return;
      default:
        throw new Amf3Error(Amf3ErrorCode.Unencodable, `AMF3 cannot encode a ${typeof value}`, {
          details: { type: typeof value },
        });
    }
  }

  private object(value: object, depth: number): void {
    const w = this.w;
    const marker = markerOf(value);
    w.u8(marker);
    const index = this.objects.get(value);
    if (index !== undefined) {
      writeU29(w, index << 1);
      return;
    }
    if (depth >= this.maxDepth) {
      throw new Amf3Error(Amf3ErrorCode.DepthExceeded, `value nested deeper than ${this.maxDepth}`, {
        details: { max: this.maxDepth },
      });
    }
    this.objects.set(value, this.objects.size);
    const next = depth + 1;
    switch (marker) {
      case 0x0a:
        if (value instanceof TypedObject) this.typed(value, next);
        else {
          const traitsIndex = this.traits.get('');
          if (traitsIndex !== undefined) writeU29(w, (traitsIndex << 2) | 1);
          else {
            this.traits.set('', this.traits.size);
            w.u8(0x0b).u8(0x01);
          }
          this.members(value as Record<string, unknown>, next);
        }
        return;
      case 0x09: {
        const mixed = value instanceof MixedArray;
        const dense = mixed ? value.dense : (value as unknown[]);
        writeU29(w, (dense.length << 1) | 1);
        if (mixed) this.members(value.associative, next);
        else w.u8(0x01);
        for (let i = 0; i < dense.length; i++) this.value(dense[i], next);
        return;
      }
      case 0x08:
        w.u8(0x01).f64((value as Date).getTime());
        return;
      case 0x0c:
        writeU29(w, ((value as Uint8Array).length << 1) | 1);
        w.bytes(value as Uint8Array);
        return;
      case 0x0d:
      case 0x0e:
      case 0x0f: {
        const items = value as Int32Array | Uint32Array | Float64Array;
        writeU29(w, (items.length << 1) | 1);
        w.u8(0);
        if (marker === 0x0d) for (let i = 0; i < items.length; i++) w.i32(items[i]!);
        else if (marker === 0x0e) for (let i = 0; i < items.length; i++) w.u32(items[i]!);
        else for (let i = 0; i < items.length; i++) w.f64(items[i]!);
        return;
      }
      case 0x10: {
        const vector = value as VectorObject;
        writeU29(w, (vector.items.length << 1) | 1);
        w.u8(vector.fixed ? 1 : 0);
        this.string(vector.className);
        for (let i = 0; i < vector.items.length; i++) this.value(vector.items[i], next);
        return;
      }
      case 0x11: {
        const map = value as Map<unknown, unknown>;
        writeU29(w, (map.size << 1) | 1);
        w.u8(0);
        for (const [key, item] of map) {
          this.value(key, next);
          this.value(item, next);
        }
        return;
      }
      default:
        this.text((value as Xml | XmlDocument).xml);
    }
  }

  private typed(value: TypedObject, depth: number): void {
    const w = this.w;
    const properties = value.properties;
    const sealed = Object.keys(properties);
    const signature = `${value.className}\u0000${sealed.join('\u0000')}`;
    const traitsIndex = this.traits.get(signature);
    if (traitsIndex !== undefined) writeU29(w, (traitsIndex << 2) | 1);
    else {
      this.traits.set(signature, this.traits.size);
      writeU29(w, (sealed.length << 4) | 0x03);
      this.string(value.className);
      for (let i = 0; i < sealed.length; i++) this.string(sealed[i]!);
    }
    for (let i = 0; i < sealed.length; i++) this.value(properties[sealed[i]!], depth);
  }
}
