/**
 * writeAmf0Value: encodes one ergonomic value (see amf0-value.ts for the mapping) as AMF0
 * (AMF0 spec §2.2–§2.18). Internal; used by `Amf0Encoder`. Never writes references: shared
 * sub-objects are written again, and cycles hit `maxDepth`.
 */

import { isAmf3OnlyValue, TypedObject, Xml, XmlDocument } from '@rtmp/amf3';
import type { ByteWriter } from '@rtmp/core';
import { writeAvmPlusValue } from './amf0-avmplus-writer.js';
import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';
import { writeObjectEnd, writeStringValue, writeUtf8Long, writeUtf8Short } from './amf0-writer.js';
import { EcmaArray } from './ecma-array.js';

const objectProto = Object.prototype;

function writeProperties(
  w: ByteWriter,
  record: Record<string, unknown>,
  depth: number,
  maxDepth: number,
): void {
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    writeUtf8Short(w, key);
    writeAmf0Value(w, record[key], depth, maxDepth);
  }
  writeObjectEnd(w);
}

/** Encodes `value`. Throws `AMF0_DEPTH_EXCEEDED`, `AMF0_UNENCODABLE`, `CORE_BUFFER_LIMIT`. */
export function writeAmf0Value(w: ByteWriter, value: unknown, depth: number, maxDepth: number): void {
  switch (typeof value) {
    case 'number':
      w.u8(0x00).f64(value);
      return;
    case 'string':
      writeStringValue(w, value);
      return;
    case 'boolean':
      w.u8(0x01).u8(value ? 1 : 0);
      return;
    case 'undefined':
      w.u8(0x06);
      return;
    case 'object':
      break;
    default:
      throw new Amf0Error(Amf0ErrorCode.Unencodable, `AMF0 cannot encode a ${typeof value}`, {
        details: { type: typeof value },
      });
  }
  if (value === null) {
    w.u8(0x05);
    return;
  }
  if (depth >= maxDepth) {
    throw new Amf0Error(Amf0ErrorCode.DepthExceeded, `value nested deeper than ${maxDepth} (or cyclic)`, {
      details: { max: maxDepth },
    });
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === objectProto || proto === null) {
    w.u8(0x03);
    writeProperties(w, value as Record<string, unknown>, depth + 1, maxDepth);
    return;
  }
  if (Array.isArray(value)) {
    const length = value.length;
    w.u8(0x0a).u32(length);
    for (let i = 0; i < length; i++) writeAmf0Value(w, value[i], depth + 1, maxDepth);
    return;
  }
  if (value instanceof EcmaArray) {
    const record = value.properties;
    w.u8(0x08).u32(Object.keys(record).length);
    writeProperties(w, record, depth + 1, maxDepth);
    return;
  }
  if (value instanceof TypedObject) {
    w.u8(0x10);
    writeUtf8Short(w, value.className);
    writeProperties(w, value.properties, depth + 1, maxDepth);
    return;
  }
  if (value instanceof Date) {
    w.u8(0x0b).f64(value.getTime()).i16(0);
    return;
  }
  if (value instanceof XmlDocument || value instanceof Xml) {
    w.u8(0x0f);
    writeUtf8Long(w, value.xml);
    return;
  }
  if (isAmf3OnlyValue(value)) {
    writeAvmPlusValue(w, value);
    return;
  }
  // Any other object (class instances included): its own enumerable properties, as an object.
  w.u8(0x03);
  writeProperties(w, value as Record<string, unknown>, depth + 1, maxDepth);
}
