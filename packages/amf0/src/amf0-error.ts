/**
 * Amf0Error: the typed error of @rtmp/amf0 (every failure mode of AMF0 spec §2 decoding and
 * encoding), with a stable code and `details.offset` for decode errors.
 */

import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Error codes thrown by @rtmp/amf0. */
export const Amf0ErrorCode = {
  /** The input ended inside a value. */
  Truncated: 'AMF0_TRUNCATED',
  /** A type marker above 0x11. */
  UnknownMarker: 'AMF0_UNKNOWN_MARKER',
  /** MovieClip (0x04) or RecordSet (0x0E): reserved by the specification, never valid. */
  ReservedMarker: 'AMF0_RESERVED_MARKER',
  /** An object-end marker (0x09) where a value was expected. */
  UnexpectedObjectEnd: 'AMF0_UNEXPECTED_OBJECT_END',
  /** Nesting deeper than `maxDepth` (decoding), or a cyclic/too deep value (encoding). */
  DepthExceeded: 'AMF0_DEPTH_EXCEEDED',
  /** A string, key count, element count or reference table over its configured limit. */
  LimitExceeded: 'AMF0_LIMIT_EXCEEDED',
  /** A reference (0x07) to an index not yet in the reference table. */
  BadReference: 'AMF0_BAD_REFERENCE',
  /** A value that AMF0 cannot represent (function, symbol, bigint, key over 65535 bytes...). */
  Unencodable: 'AMF0_UNENCODABLE',
} as const;

/** One of the {@link Amf0ErrorCode} values. */
export type Amf0ErrorCodeValue = (typeof Amf0ErrorCode)[keyof typeof Amf0ErrorCode];

/** An {@link RtmpError} whose `code` is one of {@link Amf0ErrorCode}. */
export class Amf0Error extends RtmpError {
  declare readonly code: Amf0ErrorCodeValue;

  constructor(code: Amf0ErrorCodeValue, message: string, options?: RtmpErrorOptions) {
    super(code, message, options);
  }
}
