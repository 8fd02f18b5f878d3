/**
 * Amf3Decoder: a reusable AMF3 decoder (AMF3 specification §2–§3, protocol.md §4.2) with an
 * ergonomic and a lossless view. Each call is one AMF3 context (fresh string, object and traits
 * tables), so the decoder keeps working after it threw.
 */

import { Amf3Error, Amf3ErrorCode } from './amf3-error.js';
import type { Amf3Node } from './amf3-node.js';
import { type Amf3DecodeOptions, resolveAmf3DecodeOptions } from './amf3-options.js';
import { Amf3Reader } from './amf3-reader.js';
import type { Amf3Value } from './amf3-value.js';
import { readAmf3Node } from './read-amf3-node.js';
import { readAmf3Value } from './read-amf3-value.js';

/** The result of decoding one value: the value and the offset just after it. */
export interface Amf3DecodeResult<T> {
  readonly value: T;
  readonly offset: number;
}

/**
 * A reusable AMF3 decoder. Not reentrant.
 *
 * Every method throws `Amf3Error` with one of `AMF3_TRUNCATED`, `AMF3_UNKNOWN_MARKER`,
 * `AMF3_DEPTH_EXCEEDED`, `AMF3_LIMIT_EXCEEDED`, `AMF3_BAD_REFERENCE`, `AMF3_EXTERNALIZABLE`
 * (each with `details.offset`), or whatever a registered externalizable handler throws.
 */
export class Amf3Decoder {
  private readonly reader: Amf3Reader;

  constructor(options?: Amf3DecodeOptions) {
    this.reader = new Amf3Reader(resolveAmf3DecodeOptions(options));
  }

  /** Decodes every value in `bytes`, all in one AMF3 context. */
  decode(bytes: Uint8Array): Amf3Value[] {
    const r = this.reader;
    r.begin(bytes, 0);
    const values: Amf3Value[] = [];
    while (r.pos < r.end) values.push(readAmf3Value(r, 0) as Amf3Value);
    return values;
  }

  /** Decodes the one value at `offset` in a fresh context; returns it and the offset after it. */
  decodeValue(bytes: Uint8Array, offset = 0): Amf3DecodeResult<Amf3Value> {
    const r = this.reader;
    checkOffset(bytes, offset);
    r.begin(bytes, offset);
    const value = readAmf3Value(r, 0) as Amf3Value;
    return { value, offset: r.pos };
  }

  /** Decodes every value in `bytes` into lossless nodes, all in one AMF3 context. */
  decodeLossless(bytes: Uint8Array): Amf3Node[] {
    const r = this.reader;
    r.begin(bytes, 0);
    const nodes: Amf3Node[] = [];
    while (r.pos < r.end) nodes.push(readAmf3Node(r, 0));
    return nodes;
  }

  /** Decodes the one value at `offset` into a lossless node, in a fresh context. */
  decodeLosslessValue(bytes: Uint8Array, offset = 0): Amf3DecodeResult<Amf3Node> {
    const r = this.reader;
    checkOffset(bytes, offset);
    r.begin(bytes, offset);
    const value = readAmf3Node(r, 0);
    return { value, offset: r.pos };
  }
}

function checkOffset(bytes: Uint8Array, offset: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw new Amf3Error(Amf3ErrorCode.Truncated, `no AMF3 value at offset ${offset} of ${bytes.length}`, {
      details: { offset, available: Math.max(0, bytes.length - offset) },
    });
  }
}
