/**
 * readAmf3Node: decodes one AMF3 value into the lossless node model (AMF3 specification
 * §3.2–§3.15). Internal; used by `Amf3Decoder` and @rtmp/amf0's AVM+ switch.
 */

import { ExternalInput } from './amf3-external-input.js';
import type { Amf3Member, Amf3Node, Amf3StringNode, Amf3Traits } from './amf3-node.js';
import type { Amf3Reader, ReadTraits } from './amf3-reader.js';
import { externalHandler } from './read-amf3-value.js';
import { int29FromU29 } from './u29.js';

const refOut = [-1];

function stringNode(r: Amf3Reader): Amf3StringNode {
  const value = r.string(refOut);
  const ref = refOut[0]!;
  return ref >= 0 ? { type: 'string', value, ref } : { type: 'string', value };
}

function plain(value: string): Amf3StringNode {
  return { type: 'string', value };
}

function traitsNode(t: ReadTraits): Amf3Traits {
  return {
    className: plain(t.className),
    dynamic: t.dynamic,
    externalizable: t.externalizable,
    sealed: t.sealed.map(plain),
  };
}

function readObjectNode(r: Amf3Reader, header: number, depth: number): Amf3Node {
  let read: ReadTraits;
  let traits: Amf3Traits;
  let traitsRef: number | undefined;
  if ((header & 2) === 0) {
    traitsRef = header >>> 2;
    read = r.traitsAt(traitsRef);
    traits = traitsNode(read);
  } else if ((header & 4) !== 0) {
    const className = stringNode(r);
    traits = { className, dynamic: false, externalizable: true, sealed: [] };
    read = { className: className.value, dynamic: false, externalizable: true, sealed: [] };
    r.addTraits(read);
  } else {
    const count = header >>> 4;
    if (count > r.options.maxKeysPerObject) throw r.limit('maxKeysPerObject', r.options.maxKeysPerObject);
    const className = stringNode(r);
    r.expect(count, 1);
    const sealed: Amf3StringNode[] = [];
    for (let i = 0; i < count; i++) sealed.push(stringNode(r));
    const dynamic = (header & 8) !== 0;
    traits = { className, dynamic, externalizable: false, sealed };
    read = { className: className.value, dynamic, externalizable: false, sealed: sealed.map((s) => s.value) };
    r.addTraits(read);
  }
  const withRef = <T extends object>(node: T): T => (traitsRef === undefined ? node : { ...node, traitsRef });
  if (read.externalizable) {
    const handler = externalHandler(r, read.className);
    r.addObject(undefined);
    const value = handler.read(new ExternalInput(r, depth, true, readAmf3Node));
    return withRef({ type: 'externalizable', traits, value });
  }
  r.addObject(undefined);
  const sealedValues: Amf3Node[] = [];
  for (let i = 0; i < read.sealed.length; i++) sealedValues.push(readAmf3Node(r, depth));
  const dynamicMembers: Amf3Member[] = [];
  if (read.dynamic) {
    const maxKeys = r.options.maxKeysPerObject;
    for (;;) {
      const key = stringNode(r);
      if (key.value === '') break;
      if (dynamicMembers.length + read.sealed.length >= maxKeys) throw r.limit('maxKeysPerObject', maxKeys);
      dynamicMembers.push({ key, value: readAmf3Node(r, depth) });
    }
  }
  return withRef({ type: 'object', traits, sealedValues, dynamicMembers });
}

function readCount(r: Amf3Reader, marker: number): number | Amf3Node {
  const header = r.u29();
  if ((header & 1) === 0) return { type: 'reference', index: r.checkObjectIndex(header >>> 1), marker };
  return header >>> 1;
}

/** Decodes the AMF3 value at `r.pos` into a node. Throws `Amf3Error` (every AMF3_* decode code). */
export function readAmf3Node(r: Amf3Reader, depth: number): Amf3Node {
  r.enter(depth);
  if (r.pos >= r.end) throw r.truncated(1);
  const marker = r.bytes[r.pos++]!;
  switch (marker) {
    case 0x00:
      return { type: 'undefined' };
    case 0x01:
      return { type: 'null' };
    case 0x02:
      return { type: 'boolean', value: false };
    case 0x03:
      return { type: 'boolean', value: true };
    case 0x04:
      return { type: 'integer', value: int29FromU29(r.u29()) };
    case 0x05:
      return { type: 'double', value: r.f64() };
    case 0x06:
      return stringNode(r);
    case 0x07:
    case 0x0b: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      const value = r.utf8(count);
      r.addObject(undefined);
      return { type: marker === 0x07 ? 'xml-document' : 'xml', value };
    }
    case 0x08: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      const value = r.f64();
      r.addObject(undefined);
      return { type: 'date', value };
    }
    case 0x09: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      r.expect(count, 1);
      r.addObject(undefined);
      const associative: Amf3Member[] = [];
      const maxKeys = r.options.maxKeysPerObject;
      for (;;) {
        const key = stringNode(r);
        if (key.value === '') break;
        if (associative.length >= maxKeys) throw r.limit('maxKeysPerObject', maxKeys);
        associative.push({ key, value: readAmf3Node(r, depth + 1) });
      }
      r.expect(count, 1);
      const dense: Amf3Node[] = [];
      for (let i = 0; i < count; i++) dense.push(readAmf3Node(r, depth + 1));
      return { type: 'array', associative, dense };
    }
    case 0x0a: {
      const header = r.u29();
      if ((header & 1) === 0) return { type: 'reference', index: r.checkObjectIndex(header >>> 1), marker };
      return readObjectNode(r, header, depth + 1);
    }
    case 0x0c: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      r.checkLength(count);
      const value = r.bytes.slice(r.pos, r.pos + count);
      r.pos += count;
      r.addObject(undefined);
      return { type: 'byte-array', value };
    }
    case 0x0d:
    case 0x0e:
    case 0x0f: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      const fixed = r.u8() !== 0;
      r.expect(count, marker === 0x0f ? 8 : 4);
      r.elements += count;
      if (r.elements > r.options.maxElements) throw r.limit('maxElements', r.options.maxElements);
      const items: number[] = [];
      if (marker === 0x0d) for (let i = 0; i < count; i++) items.push(r.i32());
      else if (marker === 0x0e) for (let i = 0; i < count; i++) items.push(r.u32());
      else for (let i = 0; i < count; i++) items.push(r.f64());
      r.addObject(undefined);
      const type = marker === 0x0d ? 'vector-int' : marker === 0x0e ? 'vector-uint' : 'vector-double';
      return { type, fixed, items };
    }
    case 0x10: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      const fixed = r.u8() !== 0;
      const className = stringNode(r);
      r.expect(count, 1);
      r.addObject(undefined);
      const items: Amf3Node[] = [];
      for (let i = 0; i < count; i++) items.push(readAmf3Node(r, depth + 1));
      return { type: 'vector-object', fixed, className, items };
    }
    case 0x11: {
      const count = readCount(r, marker);
      if (typeof count !== 'number') return count;
      const weakKeys = r.u8() !== 0;
      if (count > r.options.maxKeysPerObject) throw r.limit('maxKeysPerObject', r.options.maxKeysPerObject);
      r.expect(count, 2);
      r.addObject(undefined);
      const entries: { key: Amf3Node; value: Amf3Node }[] = [];
      for (let i = 0; i < count; i++) {
        const key = readAmf3Node(r, depth + 1);
        entries.push({ key, value: readAmf3Node(r, depth + 1) });
      }
      return { type: 'dictionary', weakKeys, entries };
    }
    default:
      throw r.unknownMarker(marker);
  }
}
