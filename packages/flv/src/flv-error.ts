/**
 * FlvError and the error codes of @rtmp/flv (FLV 10.1 spec Annex E; protocol.md §8).
 *
 * Every failure on malformed or oversized input is an {@link FlvError} with one of the stable
 * {@link FlvErrorCode} codes; `details` carries the file offset and the observed/limit values.
 */

import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Stable error codes thrown by @rtmp/flv. */
export const FlvErrorCode = {
  /** The first three bytes are not `FLV`. */
  BadSignature: 'FLV_BAD_SIGNATURE',
  /** The header version byte is not 1 (strict mode only). */
  BadVersion: 'FLV_BAD_VERSION',
  /** The header's DataOffset is below 9 or above `maxDataOffset`. */
  BadDataOffset: 'FLV_BAD_DATA_OFFSET',
  /** A PreviousTagSize field does not match the tag before it (strict mode). */
  BadPreviousTagSize: 'FLV_BAD_PREVIOUS_TAG_SIZE',
  /** A tag's DataSize is above `maxTagSize`. */
  TagTooLarge: 'FLV_TAG_TOO_LARGE',
  /** A tag type other than 8, 9, 15 or 18, or reserved bits set (strict mode). */
  BadTagType: 'FLV_BAD_TAG_TYPE',
  /** Buffering the current tag would exceed `maxBuffered`. */
  BufferLimit: 'FLV_BUFFER_LIMIT',
  /** Input ended inside the header or a tag (thrown by `end({ requireComplete: true })`). */
  Truncated: 'FLV_TRUNCATED',
  /** The demuxer/muxer failed earlier and cannot continue. */
  Failed: 'FLV_FAILED',
  /** A value given to the muxer does not fit the FLV field (size, type). */
  InvalidArgument: 'FLV_INVALID_ARGUMENT',
  /** An aggregate message's sub-tag runs past the end of the message body. */
  BadAggregate: 'FLV_BAD_AGGREGATE',
  /** Resuming: the server's onMetaData differs from the one in the file. */
  ResumeMetadataMismatch: 'FLV_RESUME_METADATA_MISMATCH',
  /** Resuming: the keyframe to resume from was not found in the stream. */
  ResumeKeyframeNotFound: 'FLV_RESUME_KEYFRAME_NOT_FOUND',
  /** A tag or A/V header is too short for the fields its flags announce. */
  ShortTagBody: 'FLV_SHORT_TAG_BODY',
  /** The onMetaData body could not be parsed. */
  BadMetadata: 'FLV_BAD_METADATA',
} as const;

/** One of the {@link FlvErrorCode} values. */
export type FlvErrorCodeValue = (typeof FlvErrorCode)[keyof typeof FlvErrorCode];

/** The error class of @rtmp/flv: an {@link RtmpError} whose `code` is an {@link FlvErrorCodeValue}. */
export class FlvError extends RtmpError {
  declare readonly code: FlvErrorCodeValue;
  constructor(code: FlvErrorCodeValue, message: string, options: RtmpErrorOptions = {}) {
    super(code, message, options);
  }
}
