/**
 * decodeAmf0 / decodeAmf0Value / decodeAmf0Lossless: one-call AMF0 decoding (AMF0 spec §2,
 * protocol.md §4.1). Calls without options share a module-level {@link Amf0Decoder}.
 */

import { type Amf0DecodeResult, Amf0Decoder } from './amf0-decoder.js';
import type { Amf0Node } from './amf0-node.js';
import type { Amf0DecodeOptions } from './amf0-options.js';
import type { Amf0Value } from './amf0-value.js';

let shared: Amf0Decoder | undefined;
let busy = false;

function decoder(options: Amf0DecodeOptions | undefined): Amf0Decoder {
  if (options !== undefined || busy) return new Amf0Decoder(options);
  shared ??= new Amf0Decoder();
  return shared;
}

function run<T>(options: Amf0DecodeOptions | undefined, body: (d: Amf0Decoder) => T): T {
  const d = decoder(options);
  if (d !== shared) return body(d);
  busy = true;
  try {
    return body(d);
  } finally {
    busy = false;
  }
}

/**
 * Decodes every AMF0 value in `bytes`. Throws `Amf0Error` with `AMF0_TRUNCATED`,
 * `AMF0_UNKNOWN_MARKER`, `AMF0_RESERVED_MARKER`, `AMF0_UNEXPECTED_OBJECT_END`,
 * `AMF0_DEPTH_EXCEEDED`, `AMF0_LIMIT_EXCEEDED`, `AMF0_BAD_REFERENCE` (with `details.offset`),
 * or an `AMF3_*` error from inside an AVM+ switch.
 */
export function decodeAmf0(bytes: Uint8Array, options?: Amf0DecodeOptions): Amf0Value[] {
  return run(options, (d) => d.decode(bytes));
}

/** Decodes the one AMF0 value at `offset`; returns it and the offset after it. Throws as {@link decodeAmf0}. */
export function decodeAmf0Value(
  bytes: Uint8Array,
  offset = 0,
  options?: Amf0DecodeOptions,
): Amf0DecodeResult<Amf0Value> {
  return run(options, (d) => d.decodeValue(bytes, offset));
}

/** Decodes every AMF0 value in `bytes` into lossless nodes. Throws as {@link decodeAmf0}. */
export function decodeAmf0Lossless(bytes: Uint8Array, options?: Amf0DecodeOptions): Amf0Node[] {
  return run(options, (d) => d.decodeLossless(bytes));
}
