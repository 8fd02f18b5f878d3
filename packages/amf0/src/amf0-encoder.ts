/**
 * Amf0Encoder: a reusable AMF0 encoder (AMF0 spec §2) over one growable `ByteWriter`, for the
 * ergonomic and the lossless view.
 */

import { ByteWriter } from '@rtmp/core';
import type { Amf0Node } from './amf0-node.js';
import type { Amf0EncodeOptions } from './amf0-options.js';
import type { Amf0Value } from './amf0-value.js';
import { type Amf0NodeWriterState, writeAmf0Node } from './write-amf0-node.js';
import { writeAmf0Value } from './write-amf0-value.js';

/**
 * A reusable AMF0 encoder. `encode`/`encodeLossless` return a view of the internal buffer that
 * is valid until the next call on this encoder; the `...Copy` variants return a fresh array.
 *
 * Throws `AMF0_UNENCODABLE` (functions, symbols, bigints, keys over 65535 bytes, dangling
 * lossless references), `AMF0_DEPTH_EXCEEDED` (nesting over `maxDepth`, cycles) and
 * `CORE_BUFFER_LIMIT` (output over `maxBufferSize`). After a throw the encoder is reusable.
 */
export class Amf0Encoder {
  private readonly writer: ByteWriter;
  private readonly maxDepth: number;

  constructor(options: Amf0EncodeOptions = {}) {
    this.writer = new ByteWriter({
      initialSize: options.initialBufferSize ?? 1024,
      maxSize: options.maxBufferSize ?? 64 * 1024 * 1024,
    });
    this.maxDepth = options.maxDepth ?? 64;
  }

  /** Encodes `values` one after the other; the result is valid until the next call. */
  encode(values: readonly Amf0Value[]): Uint8Array {
    const w = this.writer.reset();
    for (let i = 0; i < values.length; i++) writeAmf0Value(w, values[i], 0, this.maxDepth);
    return w.finish();
  }

  /** Like {@link encode}, returning a copy that is safe to keep. */
  encodeCopy(values: readonly Amf0Value[]): Uint8Array {
    this.encode(values);
    return this.writer.finishCopy();
  }

  /** Encodes lossless nodes byte-exact; the result is valid until the next call. */
  encodeLossless(nodes: readonly Amf0Node[]): Uint8Array {
    const w = this.writer.reset();
    const state: Amf0NodeWriterState = { refCount: 0, maxDepth: this.maxDepth };
    for (let i = 0; i < nodes.length; i++) writeAmf0Node(w, nodes[i]!, state, 0);
    return w.finish();
  }

  /** Like {@link encodeLossless}, returning a copy that is safe to keep. */
  encodeLosslessCopy(nodes: readonly Amf0Node[]): Uint8Array {
    this.encodeLossless(nodes);
    return this.writer.finishCopy();
  }
}
