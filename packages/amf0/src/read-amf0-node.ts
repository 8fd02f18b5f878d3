/**
 * readAmf0Node: decodes one AMF0 value into the lossless node model (AMF0 spec §2.2–§2.18,
 * protocol.md §4.1). Internal; used by `Amf0Decoder`.
 */

import { readAvmPlusNode } from './amf0-avmplus.js';
import type { Amf0Node, Amf0Property } from './amf0-node.js';
import type { Amf0Reader } from './amf0-reader.js';

function readProperties(r: Amf0Reader, depth: number): Amf0Property[] {
  const maxKeys = r.options.maxKeysPerObject;
  const properties: Amf0Property[] = [];
  for (;;) {
    const key = r.nextKey();
    if (key === undefined) return properties;
    if (properties.length >= maxKeys) throw r.tooManyKeys();
    properties.push({ key, value: readAmf0Node(r, depth) });
  }
}

/** Decodes the value at `r.pos`. Throws `Amf0Error` (all AMF0_* decode codes) and AMF3_* codes. */
export function readAmf0Node(r: Amf0Reader, depth: number): Amf0Node {
  r.enter(depth);
  if (r.pos >= r.end) throw r.truncated(1);
  const marker = r.bytes[r.pos++]!;
  switch (marker) {
    case 0x00:
      return { type: 'number', value: r.f64() };
    case 0x01: {
      const byte = r.u8();
      return byte > 1 ? { type: 'boolean', value: true, byte } : { type: 'boolean', value: byte === 1 };
    }
    case 0x02:
      return { type: 'string', value: r.key(r.u16()) };
    case 0x03:
      r.addReference();
      return { type: 'object', properties: readProperties(r, depth + 1) };
    case 0x05:
      return { type: 'null' };
    case 0x06:
      return { type: 'undefined' };
    case 0x07:
      return { type: 'reference', index: r.readReferenceIndex() };
    case 0x08: {
      const declaredCount = r.u32();
      r.addReference();
      return { type: 'ecma-array', entries: readProperties(r, depth + 1), declaredCount };
    }
    case 0x0a: {
      const count = r.u32();
      if (count > r.end - r.pos) throw r.truncated(count);
      r.addReference();
      const items: Amf0Node[] = [];
      for (let i = 0; i < count; i++) items.push(readAmf0Node(r, depth + 1));
      return { type: 'strict-array', items };
    }
    case 0x0b: {
      const value = r.f64();
      const raw = r.u16();
      return { type: 'date', value, timezone: raw >= 0x8000 ? raw - 0x10000 : raw };
    }
    case 0x0c:
      return { type: 'long-string', value: r.text(r.u32()) };
    case 0x0d:
      return { type: 'unsupported' };
    case 0x0f:
      return { type: 'xml-document', value: r.text(r.u32()) };
    case 0x10: {
      const className = r.key(r.u16());
      r.addReference();
      return { type: 'typed-object', className, properties: readProperties(r, depth + 1) };
    }
    case 0x11:
      return { type: 'avmplus', value: readAvmPlusNode(r, depth) };
    default:
      throw r.badMarker(marker);
  }
}
