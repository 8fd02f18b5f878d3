/**
 * Amf0Decoder: a reusable AMF0 decoder (AMF0 spec §2, protocol.md §4.1) with an ergonomic and a
 * lossless view. It holds the options, a short-key cache and the reference table; every call
 * starts a fresh AMF0 context, so the decoder keeps working after it threw.
 */

import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';
import type { Amf0Node } from './amf0-node.js';
import { type Amf0DecodeOptions, resolveAmf0DecodeOptions } from './amf0-options.js';
import { Amf0Reader } from './amf0-reader.js';
import type { Amf0Value } from './amf0-value.js';
import { readAmf0Node } from './read-amf0-node.js';
import { readAmf0Value } from './read-amf0-value.js';

/** The result of decoding one value: the value and the offset just after it. */
export interface Amf0DecodeResult<T> {
  readonly value: T;
  readonly offset: number;
}

/**
 * A reusable AMF0 decoder. Not reentrant; one per thread of use.
 *
 * Every method throws `Amf0Error` with one of: `AMF0_TRUNCATED`, `AMF0_UNKNOWN_MARKER`,
 * `AMF0_RESERVED_MARKER`, `AMF0_UNEXPECTED_OBJECT_END`, `AMF0_DEPTH_EXCEEDED`,
 * `AMF0_LIMIT_EXCEEDED`, `AMF0_BAD_REFERENCE` (each with `details.offset`), and, inside an AVM+
 * switch, the `AMF3_*` codes of @rtmp/amf3.
 */
export class Amf0Decoder {
  private readonly reader: Amf0Reader;

  constructor(options?: Amf0DecodeOptions) {
    this.reader = new Amf0Reader(resolveAmf0DecodeOptions(options));
  }

  /** Decodes every value in `bytes` (a command or data message body) into plain values. */
  decode(bytes: Uint8Array): Amf0Value[] {
    const r = this.reader;
    r.begin(bytes, 0);
    const values: Amf0Value[] = [];
    while (r.pos < r.end) values.push(readAmf0Value(r, 0) as Amf0Value);
    return values;
  }

  /** Decodes the one value at `offset` (a fresh reference table) and returns it with the next offset. */
  decodeValue(bytes: Uint8Array, offset = 0): Amf0DecodeResult<Amf0Value> {
    const r = this.reader;
    checkOffset(bytes, offset);
    r.begin(bytes, offset);
    const value = readAmf0Value(r, 0) as Amf0Value;
    return { value, offset: r.pos };
  }

  /** Decodes every value in `bytes` into lossless nodes. */
  decodeLossless(bytes: Uint8Array): Amf0Node[] {
    const r = this.reader;
    r.begin(bytes, 0);
    const nodes: Amf0Node[] = [];
    while (r.pos < r.end) nodes.push(readAmf0Node(r, 0));
    return nodes;
  }

  /** Decodes the one value at `offset` into a lossless node and returns it with the next offset. */
  decodeLosslessValue(bytes: Uint8Array, offset = 0): Amf0DecodeResult<Amf0Node> {
    const r = this.reader;
    checkOffset(bytes, offset);
    r.begin(bytes, offset);
    const value = readAmf0Node(r, 0);
    return { value, offset: r.pos };
  }
}

function checkOffset(bytes: Uint8Array, offset: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length) {
    throw new Amf0Error(Amf0ErrorCode.Truncated, `no AMF0 value at offset ${offset} of ${bytes.length}`, {
      details: { offset, available: Math.max(0, bytes.length - offset) },
    });
  }
}
