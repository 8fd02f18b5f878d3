/**
 * Amf3NodeWriter: encodes lossless AMF3 nodes byte-exact (AMF3 specification §3.2–§3.15):
 * strings, objects and traits are written by reference exactly where the node says so.
 * Internal; used by `Amf3Encoder` and by @rtmp/amf0's lossless AVM+ writer.
 */

import { type ByteWriter, utf8Length } from '@rtmp/core';
import { Amf3Error, Amf3ErrorCode } from './amf3-error.js';
import type { Amf3ExternalizableHandler, Amf3ExternalOutput } from './amf3-externalizable.js';
import type { Amf3Member, Amf3Node, Amf3StringNode, Amf3Traits } from './amf3-node.js';
import { U29_MAX, writeInt29, writeU29 } from './u29.js';

function unencodable(message: string, details: Record<string, unknown>): Amf3Error {
  return new Amf3Error(Amf3ErrorCode.Unencodable, message, { details });
}

/** Writes lossless nodes with per-message table counters. Internal. */
export class Amf3NodeWriter implements Amf3ExternalOutput {
  w: ByteWriter;
  private stringCount = 0;
  private objectCount = 0;
  private traitsCount = 0;
  private depth = 0;

  constructor(
    w: ByteWriter,
    private readonly maxDepth: number,
    private readonly handlers: Readonly<Record<string, Amf3ExternalizableHandler>>,
  ) {
    this.w = w;
  }

  /** Starts a new AMF3 context. */
  reset(): void {
    this.stringCount = 0;
    this.objectCount = 0;
    this.traitsCount = 0;
    this.depth = 0;
  }

  private ref(table: string, index: number, size: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw unencodable(`AMF3 ${table} reference ${index} to an entry not yet written`, {
        table,
        index,
        size,
      });
    }
    writeU29(this.w, index << 1);
  }

  private text(value: string): void {
    const length = utf8Length(value);
    if (length > U29_MAX >>> 1) throw unencodable('AMF3 string too long', { length });
    writeU29(this.w, (length << 1) | 1);
    this.w.utf8(value);
  }

  /** Writes a string slot: a reference when `node.ref` is set, else inline (added to the table). */
  string(node: Amf3StringNode): void {
    if (node.ref !== undefined) {
      this.ref('string', node.ref, this.stringCount);
      return;
    }
    if (node.value === '') {
      this.w.u8(0x01);
      return;
    }
    this.text(node.value);
    this.stringCount++;
  }

  private members(members: readonly Amf3Member[]): void {
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      if (member.key.value === '' && member.key.ref === undefined) throw unencodable('empty member key', {});
      this.string(member.key);
      this.node(member.value);
    }
    this.w.u8(0x01);
  }

  private traits(traits: Amf3Traits, traitsRef: number | undefined): void {
    if (traitsRef !== undefined) {
      if (!Number.isInteger(traitsRef) || traitsRef < 0 || traitsRef >= this.traitsCount) {
        throw unencodable(`AMF3 traits reference ${traitsRef} to traits not yet written`, { traitsRef });
      }
      writeU29(this.w, (traitsRef << 2) | 1);
      return;
    }
    this.traitsCount++;
    if (traits.externalizable) writeU29(this.w, 0x07);
    else writeU29(this.w, (traits.sealed.length << 4) | (traits.dynamic ? 0x0b : 0x03));
    this.string(traits.className);
    if (!traits.externalizable) for (const name of traits.sealed) this.string(name);
  }

  /** Writes one node. Throws `AMF3_UNENCODABLE`, `AMF3_U29_RANGE`, `AMF3_DEPTH_EXCEEDED`, `CORE_BUFFER_LIMIT`. */
  node(node: Amf3Node): void {
    if (++this.depth > this.maxDepth) {
      throw new Amf3Error(Amf3ErrorCode.DepthExceeded, `node nested deeper than ${this.maxDepth}`, {
        details: { max: this.maxDepth },
      });
    }
    try {
      this.body(node);
    } finally {
      this.depth--;
    }
  }

  private body(node: Amf3Node): void {
    const w = this.w;
    switch (node.type) {
      case 'undefined':
        w.u8(0x00);
        return;
      case 'null':
        w.u8(0x01);
        return;
      case 'boolean':
        w.u8(node.value ? 0x03 : 0x02);
        return;
      case 'integer':
        w.u8(0x04);
        writeInt29(w, node.value);
        return;
      case 'double':
        w.u8(0x05).f64(node.value);
        return;
      case 'string':
        w.u8(0x06);
        this.string(node);
        return;
      case 'reference':
        if (node.marker < 0x07 || node.marker > 0x11) {
          throw unencodable(`AMF3 marker 0x${node.marker.toString(16)} cannot carry a reference`, {
            marker: node.marker,
          });
        }
        w.u8(node.marker);
        this.ref('object', node.index, this.objectCount);
        return;
      case 'xml-document':
      case 'xml':
        w.u8(node.type === 'xml' ? 0x0b : 0x07);
        this.objectCount++;
        this.text(node.value);
        return;
      case 'date':
        w.u8(0x08).u8(0x01).f64(node.value);
        this.objectCount++;
        return;
      case 'array':
        w.u8(0x09);
        writeU29(w, (node.dense.length << 1) | 1);
        this.objectCount++;
        this.members(node.associative);
        for (const item of node.dense) this.node(item);
        return;
      case 'object':
        w.u8(0x0a);
        this.traits(node.traits, node.traitsRef);
        this.objectCount++;
        for (const value of node.sealedValues) this.node(value);
        if (node.traits.dynamic) this.members(node.dynamicMembers);
        return;
      case 'externalizable': {
        const name = node.traits.className.value;
        const handler = Object.hasOwn(this.handlers, name) ? this.handlers[name] : undefined;
        if (handler?.write === undefined) {
          throw new Amf3Error(Amf3ErrorCode.Externalizable, `no externalizable writer for "${name}"`, {
            details: { className: name },
          });
        }
        w.u8(0x0a);
        this.traits(node.traits, node.traitsRef);
        this.objectCount++;
        handler.write(this, node.value);
        return;
      }
      case 'byte-array':
        w.u8(0x0c);
        writeU29(w, (node.value.length << 1) | 1);
        w.bytes(node.value);
        this.objectCount++;
        return;
      case 'vector-int':
      case 'vector-uint':
      case 'vector-double': {
        const items = node.items;
        w.u8(node.type === 'vector-int' ? 0x0d : node.type === 'vector-uint' ? 0x0e : 0x0f);
        writeU29(w, (items.length << 1) | 1);
        w.u8(node.fixed ? 1 : 0);
        if (node.type === 'vector-int') for (const item of items) w.i32(item);
        else if (node.type === 'vector-uint') for (const item of items) w.u32(item);
        else for (const item of items) w.f64(item);
        this.objectCount++;
        return;
      }
      case 'vector-object':
        w.u8(0x10);
        writeU29(w, (node.items.length << 1) | 1);
        w.u8(node.fixed ? 1 : 0);
        this.string(node.className);
        this.objectCount++;
        for (const item of node.items) this.node(item);
        return;
      case 'dictionary':
        w.u8(0x11);
        writeU29(w, (node.entries.length << 1) | 1);
        w.u8(node.weakKeys ? 1 : 0);
        this.objectCount++;
        for (const entry of node.entries) {
          this.node(entry.key);
          this.node(entry.value);
        }
        return;
      default:
        throw unencodable(`unknown AMF3 node type ${String((node as { type?: unknown }).type)}`, {});
    }
  }

  writeValue(node: unknown): void {
    this.node(node as Amf3Node);
  }
  writeU8(value: number): void {
    this.w.u8(value);
  }
  writeU32(value: number): void {
    this.w.u32(value);
  }
  writeDouble(value: number): void {
    this.w.f64(value);
  }
  writeBytes(bytes: Uint8Array): void {
    this.w.bytes(bytes);
  }
}
