/**
 * The AVM+ switch (AMF0 specification §3.1, marker 0x11): exactly one AMF3 value follows, in a
 * fresh AMF3 context (protocol.md §4.2; the switch is not sticky). Internal.
 */

import type { Amf3Node } from '@rtmp/amf3';
import type { Amf0Reader } from './amf0-reader.js';

/** Decodes the AMF3 value after a 0x11 marker into the ergonomic model. Throws AMF3_* codes. */
export function readAvmPlusValue(r: Amf0Reader, _depth: number): unknown {
  if (r.pos >= r.end) throw r.truncated(1);
  const result = r.amf3().decodeValue(r.bytes, r.pos);
  r.pos = result.offset;
  return result.value;
}

/** Decodes the AMF3 value after a 0x11 marker into the lossless model. Throws AMF3_* codes. */
export function readAvmPlusNode(r: Amf0Reader, _depth: number): Amf3Node {
  if (r.pos >= r.end) throw r.truncated(1);
  const result = r.amf3().decodeLosslessValue(r.bytes, r.pos);
  r.pos = result.offset;
  return result.value;
}
