/**
 * encodeAmf0 / encodeAmf0Lossless: one-call AMF0 encoding (AMF0 spec §2) through a shared,
 * module-level {@link Amf0Encoder}; each call returns a fresh copy.
 */

import { Amf0Encoder } from './amf0-encoder.js';
import type { Amf0Node } from './amf0-node.js';
import type { Amf0Value } from './amf0-value.js';

let shared: Amf0Encoder | undefined;
let busy = false;

function run<T>(input: T, encode: (encoder: Amf0Encoder, input: T) => Uint8Array): Uint8Array {
  // A getter on a user object may itself call encodeAmf0: give the nested call its own encoder.
  if (busy) return encode(new Amf0Encoder(), input);
  shared ??= new Amf0Encoder();
  busy = true;
  try {
    return encode(shared, input);
  } finally {
    busy = false;
  }
}

/**
 * Encodes a sequence of ergonomic values (a command or data message body) into a new array.
 * Throws `AMF0_UNENCODABLE`, `AMF0_DEPTH_EXCEEDED` (nesting over 64 or cycles), `CORE_BUFFER_LIMIT`.
 */
export function encodeAmf0(values: readonly Amf0Value[]): Uint8Array {
  return run(values, (encoder, input) => encoder.encodeCopy(input));
}

/**
 * Encodes lossless nodes byte-exact into a new array.
 * Throws `AMF0_UNENCODABLE`, `AMF0_DEPTH_EXCEEDED`, `CORE_BUFFER_LIMIT`.
 */
export function encodeAmf0Lossless(nodes: readonly Amf0Node[]): Uint8Array {
  return run(nodes, (encoder, input) => encoder.encodeLosslessCopy(input));
}
