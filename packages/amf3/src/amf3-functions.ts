/**
 * encodeAmf3 / decodeAmf3 and friends: one-call AMF3 coding (AMF3 specification §3) through
 * shared module-level instances (calls with options get their own decoder).
 */

import { type Amf3DecodeResult, Amf3Decoder } from './amf3-decoder.js';
import { Amf3Encoder } from './amf3-encoder.js';
import type { Amf3Node } from './amf3-node.js';
import type { Amf3DecodeOptions } from './amf3-options.js';
import type { Amf3Value } from './amf3-value.js';

let sharedEncoder: Amf3Encoder | undefined;
let sharedDecoder: Amf3Decoder | undefined;
let encoding = false;
let decoding = false;

function withEncoder(body: (e: Amf3Encoder) => Uint8Array): Uint8Array {
  if (encoding) return body(new Amf3Encoder());
  sharedEncoder ??= new Amf3Encoder();
  encoding = true;
  try {
    return body(sharedEncoder);
  } finally {
    encoding = false;
  }
}

function withDecoder<T>(options: Amf3DecodeOptions | undefined, body: (d: Amf3Decoder) => T): T {
  if (options !== undefined || decoding) return body(new Amf3Decoder(options));
  sharedDecoder ??= new Amf3Decoder();
  decoding = true;
  try {
    return body(sharedDecoder);
  } finally {
    decoding = false;
  }
}

/** Encodes values (one AMF3 context) into a new array. Throws as `Amf3Encoder.encode`. */
export function encodeAmf3(values: readonly Amf3Value[]): Uint8Array {
  return withEncoder((e) => e.encodeCopy(values));
}

/** Encodes lossless nodes byte-exact into a new array. Throws as `Amf3Encoder.encodeLossless`. */
export function encodeAmf3Lossless(nodes: readonly Amf3Node[]): Uint8Array {
  return withEncoder((e) => e.encodeLosslessCopy(nodes));
}

/** Decodes every AMF3 value in `bytes` (one context). Throws as `Amf3Decoder.decode`. */
export function decodeAmf3(bytes: Uint8Array, options?: Amf3DecodeOptions): Amf3Value[] {
  return withDecoder(options, (d) => d.decode(bytes));
}

/** Decodes the AMF3 value at `offset`. Throws as `Amf3Decoder.decodeValue`. */
export function decodeAmf3Value(
  bytes: Uint8Array,
  offset = 0,
  options?: Amf3DecodeOptions,
): Amf3DecodeResult<Amf3Value> {
  return withDecoder(options, (d) => d.decodeValue(bytes, offset));
}

/** Decodes every AMF3 value in `bytes` into lossless nodes. Throws as `Amf3Decoder.decode`. */
export function decodeAmf3Lossless(bytes: Uint8Array, options?: Amf3DecodeOptions): Amf3Node[] {
  return withDecoder(options, (d) => d.decodeLossless(bytes));
}
