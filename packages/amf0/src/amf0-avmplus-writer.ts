/**
 * Writes AMF3 values after an AVM+ switch marker (AMF0 specification §3.1) for values AMF0
 * cannot represent (`Uint8Array`, typed arrays, `Map`, `MixedArray`, `VectorObject`). Internal.
 */

import { Amf3Encoder, type Amf3Node } from '@rtmp/amf3';
import type { ByteWriter } from '@rtmp/core';

let encoder: Amf3Encoder | undefined;

function amf3(): Amf3Encoder {
  encoder ??= new Amf3Encoder({ initialBufferSize: 64 });
  return encoder;
}

/** Writes 0x11 and `value` as AMF3. Throws the AMF3 encoder's codes (`AMF3_UNENCODABLE`, ...). */
export function writeAvmPlusValue(w: ByteWriter, value: unknown): void {
  w.u8(0x11);
  amf3().encodeValueInto(w, value);
}

/** Writes `node` as AMF3 (the 0x11 marker is already written). Throws the AMF3 encoder's codes. */
export function writeAvmPlusNode(w: ByteWriter, node: Amf3Node): void {
  amf3().encodeNodeInto(w, node);
}
