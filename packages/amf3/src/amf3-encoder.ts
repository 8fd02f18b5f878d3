/**
 * Amf3Encoder: a reusable AMF3 encoder (AMF3 specification §3) over one growable `ByteWriter`,
 * for the ergonomic and the lossless view. Each call is one AMF3 context.
 */

import { ByteWriter } from '@rtmp/core';
import type { Amf3Node } from './amf3-node.js';
import type { Amf3EncodeOptions } from './amf3-options.js';
import type { Amf3Value } from './amf3-value.js';
import { Amf3NodeWriter } from './write-amf3-node.js';
import { Amf3ValueWriter } from './write-amf3-value.js';

/**
 * A reusable AMF3 encoder. `encode`/`encodeLossless` return a view of the internal buffer valid
 * until the next call; the `...Copy` variants return a fresh array.
 *
 * Throws `AMF3_UNENCODABLE` (functions, symbols, bigints, empty dynamic keys, dangling lossless
 * references), `AMF3_U29_RANGE` (counts or lengths over 2^28), `AMF3_DEPTH_EXCEEDED`,
 * `AMF3_EXTERNALIZABLE` (lossless externalizable without a writer), `CORE_BUFFER_LIMIT`.
 */
export class Amf3Encoder {
  private readonly writer: ByteWriter;
  private readonly values: Amf3ValueWriter;
  private readonly nodes: Amf3NodeWriter;

  constructor(options: Amf3EncodeOptions = {}) {
    this.writer = new ByteWriter({
      initialSize: options.initialBufferSize ?? 1024,
      maxSize: options.maxBufferSize ?? 64 * 1024 * 1024,
    });
    const maxDepth = options.maxDepth ?? 64;
    this.values = new Amf3ValueWriter(this.writer, maxDepth);
    this.nodes = new Amf3NodeWriter(this.writer, maxDepth, options.externalizable ?? Object.create(null));
  }

  /** Encodes `values` in one context; the result is valid until the next call. */
  encode(values: readonly Amf3Value[]): Uint8Array {
    const w = this.writer.reset();
    const writer = this.values;
    writer.w = w;
    writer.reset();
    for (let i = 0; i < values.length; i++) writer.value(values[i], 0);
    return w.finish();
  }

  /** Like {@link encode}, returning a copy that is safe to keep. */
  encodeCopy(values: readonly Amf3Value[]): Uint8Array {
    this.encode(values);
    return this.writer.finishCopy();
  }

  /** Encodes lossless nodes byte-exact, in one context; valid until the next call. */
  encodeLossless(nodes: readonly Amf3Node[]): Uint8Array {
    const w = this.writer.reset();
    const writer = this.nodes;
    writer.w = w;
    writer.reset();
    for (let i = 0; i < nodes.length; i++) writer.node(nodes[i]!);
    return w.finish();
  }

  /** Like {@link encodeLossless}, returning a copy that is safe to keep. */
  encodeLosslessCopy(nodes: readonly Amf3Node[]): Uint8Array {
    this.encodeLossless(nodes);
    return this.writer.finishCopy();
  }

  /** Appends one value to another `ByteWriter` in a fresh context (used by the AMF0 AVM+ switch). */
  encodeValueInto(target: ByteWriter, value: unknown): void {
    const writer = this.values;
    writer.w = target;
    writer.reset();
    try {
      writer.value(value, 0);
    } finally {
      writer.w = this.writer;
    }
  }

  /** Appends one lossless node to another `ByteWriter` in a fresh context. */
  encodeNodeInto(target: ByteWriter, node: Amf3Node): void {
    const writer = this.nodes;
    writer.w = target;
    writer.reset();
    try {
      writer.node(node);
    } finally {
      writer.w = this.writer;
    }
  }
}
