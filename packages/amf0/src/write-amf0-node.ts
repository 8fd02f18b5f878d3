/**
 * writeAmf0Node: encodes one lossless node byte-exact (AMF0 spec §2.2–§2.18). Internal; used by
 * `Amf0Encoder`.
 */

import type { ByteWriter } from '@rtmp/core';
import { writeAvmPlusNode } from './amf0-avmplus-writer.js';
import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';
import type { Amf0Node, Amf0Property } from './amf0-node.js';
import { writeObjectEnd, writeUtf8Long, writeUtf8Short } from './amf0-writer.js';

/** Per-message state of the lossless writer: the reference table size. */
export interface Amf0NodeWriterState {
  refCount: number;
  readonly maxDepth: number;
}

function writeProperties(
  w: ByteWriter,
  properties: readonly Amf0Property[],
  state: Amf0NodeWriterState,
  depth: number,
): void {
  for (let i = 0; i < properties.length; i++) {
    const property = properties[i]!;
    writeUtf8Short(w, property.key);
    writeAmf0Node(w, property.value, state, depth);
  }
  writeObjectEnd(w);
}

function unencodable(message: string, details: Record<string, unknown>): Amf0Error {
  return new Amf0Error(Amf0ErrorCode.Unencodable, message, { details });
}

/**
 * Encodes `node`. Throws `AMF0_UNENCODABLE` (unknown node type, string too long for a short
 * string, reference to a value not yet written), `AMF0_DEPTH_EXCEEDED`, `CORE_BUFFER_LIMIT`.
 */
export function writeAmf0Node(
  w: ByteWriter,
  node: Amf0Node,
  state: Amf0NodeWriterState,
  depth: number,
): void {
  if (depth > state.maxDepth) {
    throw new Amf0Error(Amf0ErrorCode.DepthExceeded, `node nested deeper than ${state.maxDepth}`, {
      details: { max: state.maxDepth },
    });
  }
  switch (node.type) {
    case 'number':
      w.u8(0x00).f64(node.value);
      return;
    case 'boolean':
      w.u8(0x01).u8(node.byte ?? (node.value ? 1 : 0));
      return;
    case 'string': {
      w.u8(0x02);
      writeUtf8Short(w, node.value);
      return;
    }
    case 'long-string':
      w.u8(0x0c);
      writeUtf8Long(w, node.value);
      return;
    case 'object':
      w.u8(0x03);
      state.refCount++;
      writeProperties(w, node.properties, state, depth + 1);
      return;
    case 'null':
      w.u8(0x05);
      return;
    case 'undefined':
      w.u8(0x06);
      return;
    case 'unsupported':
      w.u8(0x0d);
      return;
    case 'reference':
      if (!Number.isInteger(node.index) || node.index < 0 || node.index >= state.refCount) {
        throw unencodable(`reference ${node.index} to a value not yet written`, { index: node.index });
      }
      w.u8(0x07).u16(node.index);
      return;
    case 'ecma-array':
      w.u8(0x08).u32(node.declaredCount >>> 0);
      state.refCount++;
      writeProperties(w, node.entries, state, depth + 1);
      return;
    case 'strict-array': {
      const items = node.items;
      w.u8(0x0a).u32(items.length);
      state.refCount++;
      for (let i = 0; i < items.length; i++) writeAmf0Node(w, items[i]!, state, depth + 1);
      return;
    }
    case 'date':
      w.u8(0x0b).f64(node.value).i16(node.timezone);
      return;
    case 'xml-document':
      w.u8(0x0f);
      writeUtf8Long(w, node.value);
      return;
    case 'typed-object':
      w.u8(0x10);
      writeUtf8Short(w, node.className);
      state.refCount++;
      writeProperties(w, node.properties, state, depth + 1);
      return;
    case 'avmplus':
      w.u8(0x11);
      writeAvmPlusNode(w, node.value);
      return;
    default:
      throw unencodable(`unknown AMF0 node type ${String((node as { type?: unknown }).type)}`, {
        type: (node as { type?: unknown }).type,
      });
  }
}
