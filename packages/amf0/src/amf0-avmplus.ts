/**
 * The AVM+ switch (AMF0 spec §3.1, marker 0x11): exactly one AMF3 value follows, in a fresh AMF3
 * context (protocol.md §4.2). Internal.
 */

import type { Amf3Node } from '@rtmp/amf3';
import { Amf0ErrorCode } from './amf0-error.js';
import type { Amf0Reader } from './amf0-reader.js';

/** Decodes the AMF3 value after a 0x11 marker into the ergonomic model. */
export function readAvmPlusValue(r: Amf0Reader, _depth: number): unknown {
  throw r.error(Amf0ErrorCode.UnknownMarker, 'AVM+ switch not supported yet', { marker: 0x11 });
}

/** Decodes the AMF3 value after a 0x11 marker into the lossless model. */
export function readAvmPlusNode(r: Amf0Reader, _depth: number): Amf3Node {
  throw r.error(Amf0ErrorCode.UnknownMarker, 'AVM+ switch not supported yet', { marker: 0x11 });
}
