/**
 * readAmf0Value: decodes one AMF0 value into the ergonomic model (AMF0 spec §2.2–§2.18,
 * protocol.md §4.1). Internal; used by `Amf0Decoder`.
 *
 * Objects and ECMA arrays become null-prototype records: a key named `__proto__` or
 * `constructor` is an ordinary own property there (there is no inherited setter to reach), so
 * plain assignment cannot pollute any prototype. Complex values are registered in the reference
 * table when their marker is read, before their children, so nested references resolve.
 */

import { TypedObject, XmlDocument } from '@rtmp/amf3';
import { readAvmPlusValue } from './amf0-avmplus.js';
import type { Amf0Reader } from './amf0-reader.js';

/** Reads the properties of an object body up to `00 00 09` into `target`. */
function readProperties(r: Amf0Reader, target: Record<string, unknown>, depth: number): void {
  const maxKeys = r.options.maxKeysPerObject;
  let count = 0;
  for (;;) {
    const key = r.nextKey();
    if (key === undefined) return;
    if (++count > maxKeys) throw r.tooManyKeys();
    target[key] = readAmf0Value(r, depth);
  }
}

/** Decodes the value at `r.pos`. Throws `Amf0Error` (all AMF0_* decode codes) and AMF3_* codes. */
export function readAmf0Value(r: Amf0Reader, depth: number): unknown {
  r.enter(depth);
  if (r.pos >= r.end) throw r.truncated(1);
  const marker = r.bytes[r.pos++]!;
  switch (marker) {
    case 0x00:
      return r.f64();
    case 0x01:
      return r.u8() !== 0;
    case 0x02:
      return r.key(r.u16());
    case 0x03: {
      const object: Record<string, unknown> = { __proto__: null } as Record<string, unknown>;
      r.addReference();
      r.refs.push(object);
      readProperties(r, object, depth + 1);
      return object;
    }
    case 0x05:
      return null;
    case 0x06:
    case 0x0d:
      return undefined;
    case 0x07:
      return r.refs[r.readReferenceIndex()];
    case 0x08: {
      r.u32(); // associative count: a hint only (protocol.md §4.1)
      const object: Record<string, unknown> = { __proto__: null } as Record<string, unknown>;
      r.addReference();
      r.refs.push(object);
      readProperties(r, object, depth + 1);
      return object;
    }
    case 0x0a: {
      const count = r.u32();
      // Each element takes at least one byte: reject impossible counts before looping.
      if (count > r.end - r.pos) throw r.truncated(count);
      const items: unknown[] = [];
      r.addReference();
      r.refs.push(items);
      for (let i = 0; i < count; i++) items.push(readAmf0Value(r, depth + 1));
      return items;
    }
    case 0x0b: {
      const time = r.f64();
      r.u16(); // timezone: reserved, ignored on read
      return new Date(time);
    }
    case 0x0c:
      return r.text(r.u32());
    case 0x0f:
      return new XmlDocument(r.text(r.u32()));
    case 0x10: {
      const className = r.key(r.u16());
      const properties: Record<string, unknown> = { __proto__: null } as Record<string, unknown>;
      const typed = new TypedObject(className, properties);
      r.addReference();
      r.refs.push(typed);
      readProperties(r, properties, depth + 1);
      return typed;
    }
    case 0x11:
      return readAvmPlusValue(r, depth);
    default:
      throw r.badMarker(marker);
  }
}
