/**
 * readAmf3Value: decodes one AMF3 value into the ergonomic model (AMF3 specification §3.2–§3.15;
 * see amf3-values.ts for the mapping). Internal; used by `Amf3Decoder` and by @rtmp/amf0's AVM+
 * switch through it.
 *
 * Objects become null-prototype records (or `TypedObject`s with such a record), so keys named
 * `__proto__` or `constructor` are plain own properties and pollute nothing. Complex values are
 * registered in the object table before their children are read.
 */

import { Amf3Error, Amf3ErrorCode } from './amf3-error.js';
import { ExternalInput } from './amf3-external-input.js';
import type { Amf3Reader, ReadTraits } from './amf3-reader.js';
import { MixedArray, VectorObject } from './amf3-values.js';
import { TypedObject } from './typed-object.js';
import { int29FromU29 } from './u29.js';
import { Xml, XmlDocument } from './xml-document.js';

/** Reads an object's traits after a header whose low bit is 1. Internal, shared with the lossless reader. */
export function readTraitsHeader(r: Amf3Reader, header: number): ReadTraits {
  if ((header & 2) === 0) return r.traitsAt(header >>> 2);
  let traits: ReadTraits;
  if ((header & 4) !== 0) {
    traits = { className: r.string(), dynamic: false, externalizable: true, sealed: [] };
  } else {
    const count = header >>> 4;
    if (count > r.options.maxKeysPerObject) throw r.limit('maxKeysPerObject', r.options.maxKeysPerObject);
    const className = r.string();
    r.expect(count, 1);
    const sealed: string[] = [];
    for (let i = 0; i < count; i++) sealed.push(r.string());
    traits = { className, dynamic: (header & 8) !== 0, externalizable: false, sealed };
  }
  r.addTraits(traits);
  return traits;
}

/** Finds the handler of an externalizable class or throws `AMF3_EXTERNALIZABLE`. */
export function externalHandler(r: Amf3Reader, className: string) {
  const handlers = r.options.externalizable;
  const handler = Object.hasOwn(handlers, className) ? handlers[className] : undefined;
  if (handler === undefined) {
    throw new Amf3Error(
      Amf3ErrorCode.Externalizable,
      `externalizable AMF3 class "${className}" has no registered handler (options.externalizable)`,
      { details: { offset: r.pos, className } },
    );
  }
  return handler;
}

function readObject(r: Amf3Reader, depth: number): unknown {
  const header = r.u29();
  if ((header & 1) === 0) return r.objectAt(header >>> 1);
  const traits = readTraitsHeader(r, header);
  if (traits.externalizable) {
    const handler = externalHandler(r, traits.className);
    const index = r.addObject(undefined);
    const value = handler.read(new ExternalInput(r, depth, false, readAmf3Value));
    r.objects[index] = value;
    return value;
  }
  const properties: Record<string, unknown> = { __proto__: null } as Record<string, unknown>;
  const result = traits.className === '' ? properties : new TypedObject(traits.className, properties);
  r.addObject(result);
  const sealed = traits.sealed;
  for (let i = 0; i < sealed.length; i++) properties[sealed[i]!] = readAmf3Value(r, depth);
  if (traits.dynamic) {
    const maxKeys = r.options.maxKeysPerObject;
    let count = sealed.length;
    for (;;) {
      const key = r.string();
      if (key === '') break;
      if (++count > maxKeys) throw r.limit('maxKeysPerObject', maxKeys);
      properties[key] = readAmf3Value(r, depth);
    }
  }
  return result;
}

function readArray(r: Amf3Reader, depth: number): unknown {
  const header = r.u29();
  if ((header & 1) === 0) return r.objectAt(header >>> 1);
  const count = header >>> 1;
  r.expect(count, 1);
  let key = r.string();
  const dense: unknown[] = [];
  let result: unknown = dense;
  if (key === '') {
    r.addObject(dense);
  } else {
    const associative: Record<string, unknown> = { __proto__: null } as Record<string, unknown>;
    result = new MixedArray(dense, associative);
    r.addObject(result);
    const maxKeys = r.options.maxKeysPerObject;
    let keys = 0;
    while (key !== '') {
      if (++keys > maxKeys) throw r.limit('maxKeysPerObject', maxKeys);
      associative[key] = readAmf3Value(r, depth);
      key = r.string();
    }
    r.expect(count, 1);
  }
  for (let i = 0; i < count; i++) dense.push(readAmf3Value(r, depth));
  return result;
}

function readNumericVector(r: Amf3Reader, marker: number): unknown {
  const header = r.u29();
  if ((header & 1) === 0) return r.objectAt(header >>> 1);
  const count = header >>> 1;
  r.u8(); // fixed flag: not kept in the ergonomic view
  const size = marker === 0x0f ? 8 : 4;
  r.expect(count, size);
  r.elements += count;
  if (r.elements > r.options.maxElements) throw r.limit('maxElements', r.options.maxElements);
  const view = r.view;
  let pos = r.pos;
  let result: Int32Array | Uint32Array | Float64Array;
  if (marker === 0x0d) {
    const items = new Int32Array(count);
    for (let i = 0; i < count; i++, pos += 4) items[i] = view.getInt32(pos);
    result = items;
  } else if (marker === 0x0e) {
    const items = new Uint32Array(count);
    for (let i = 0; i < count; i++, pos += 4) items[i] = view.getUint32(pos);
    result = items;
  } else {
    const items = new Float64Array(count);
    for (let i = 0; i < count; i++, pos += 8) items[i] = view.getFloat64(pos);
    result = items;
  }
  r.pos = pos;
  r.addObject(result);
  return result;
}

/** Decodes the AMF3 value at `r.pos`. Throws `Amf3Error` (every AMF3_* decode code). */
export function readAmf3Value(r: Amf3Reader, depth: number): unknown {
  r.enter(depth);
  if (r.pos >= r.end) throw r.truncated(1);
  const marker = r.bytes[r.pos++]!;
  switch (marker) {
    case 0x00:
      return undefined;
    case 0x01:
      return null;
    case 0x02:
      return false;
    case 0x03:
      return true;
    case 0x04:
      return int29FromU29(r.u29());
    case 0x05:
      return r.f64();
    case 0x06:
      return r.string();
    case 0x07:
    case 0x0b: {
      const header = r.u29();
      if ((header & 1) === 0) return r.objectAt(header >>> 1);
      const text = r.utf8(header >>> 1);
      const xml = marker === 0x07 ? new XmlDocument(text) : new Xml(text);
      r.addObject(xml);
      return xml;
    }
    case 0x08: {
      const header = r.u29();
      if ((header & 1) === 0) return r.objectAt(header >>> 1);
      const date = new Date(r.f64());
      r.addObject(date);
      return date;
    }
    case 0x09:
      return readArray(r, depth + 1);
    case 0x0a:
      return readObject(r, depth + 1);
    case 0x0c: {
      const header = r.u29();
      if ((header & 1) === 0) return r.objectAt(header >>> 1);
      const length = header >>> 1;
      r.checkLength(length);
      const bytes = r.bytes.slice(r.pos, r.pos + length);
      r.pos += length;
      r.addObject(bytes);
      return bytes;
    }
    case 0x0d:
    case 0x0e:
    case 0x0f:
      return readNumericVector(r, marker);
    case 0x10: {
      const header = r.u29();
      if ((header & 1) === 0) return r.objectAt(header >>> 1);
      const count = header >>> 1;
      const fixed = r.u8() !== 0;
      const className = r.string();
      r.expect(count, 1);
      const vector = new VectorObject(className, [], fixed);
      r.addObject(vector);
      for (let i = 0; i < count; i++) vector.items.push(readAmf3Value(r, depth + 1));
      return vector;
    }
    case 0x11: {
      const header = r.u29();
      if ((header & 1) === 0) return r.objectAt(header >>> 1);
      const count = header >>> 1;
      r.u8(); // weak keys: not kept in the ergonomic view
      if (count > r.options.maxKeysPerObject) throw r.limit('maxKeysPerObject', r.options.maxKeysPerObject);
      r.expect(count, 2);
      const map = new Map<unknown, unknown>();
      r.addObject(map);
      for (let i = 0; i < count; i++) {
        const key = readAmf3Value(r, depth + 1);
        map.set(key, readAmf3Value(r, depth + 1));
      }
      return map;
    }
    default:
      throw r.unknownMarker(marker);
  }
}
