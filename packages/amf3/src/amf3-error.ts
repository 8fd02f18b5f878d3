/**
 * Amf3Error: the typed error of @rtmp/amf3 (every failure mode of AMF3 spec §3 decoding and
 * encoding), with a stable code and `details.offset` for decode errors.
 */

import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Error codes thrown by @rtmp/amf3. */
export const Amf3ErrorCode = {
  /** The input ended inside a value. */
  Truncated: 'AMF3_TRUNCATED',
  /** A type marker above 0x11. */
  UnknownMarker: 'AMF3_UNKNOWN_MARKER',
  /** Nesting deeper than `maxDepth`. */
  DepthExceeded: 'AMF3_DEPTH_EXCEEDED',
  /** A string, byte array, count, element total or table over its configured limit. */
  LimitExceeded: 'AMF3_LIMIT_EXCEEDED',
  /** A string, object or traits reference to an index not in its table. */
  BadReference: 'AMF3_BAD_REFERENCE',
  /** An externalizable object whose class has no registered handler. */
  Externalizable: 'AMF3_EXTERNALIZABLE',
  /** A U29 value outside 0..2^29-1 (or an integer outside -2^28..2^28-1). */
  U29Range: 'AMF3_U29_RANGE',
  /** A value that AMF3 cannot represent (function, symbol, bigint, malformed node...). */
  Unencodable: 'AMF3_UNENCODABLE',
} as const;

/** One of the {@link Amf3ErrorCode} values. */
export type Amf3ErrorCodeValue = (typeof Amf3ErrorCode)[keyof typeof Amf3ErrorCode];

/** An {@link RtmpError} whose `code` is one of {@link Amf3ErrorCode}. */
export class Amf3Error extends RtmpError {
  declare readonly code: Amf3ErrorCodeValue;

  constructor(code: Amf3ErrorCodeValue, message: string, options?: RtmpErrorOptions) {
    super(code, message, options);
  }
}
