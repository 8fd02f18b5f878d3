/**
 * Error codes of @rtmp/chunk (RTMP spec 5.3 "Chunking", 5.4 "Protocol Control Messages",
 * 6.2 "User Control Messages", 7.1.6 "Aggregate Message").
 *
 * Every error this package throws is an `RtmpError` from `@rtmp/core` whose `code` is one of
 * these values; `details` carries the offending numbers (csid, declared length, limit, ...).
 */

import { RtmpError } from '@rtmp/core';

/** Stable error codes thrown by the chunk decoder, encoder and control-message codecs. */
export const ChunkErrorCode = {
  /** A message header declares a length above `maxMessageLength`. */
  MessageTooLarge: 'CHUNK_MESSAGE_TOO_LARGE',
  /** Starting one more incomplete message would exceed `maxBufferedBytes`. */
  BufferLimit: 'CHUNK_BUFFER_LIMIT',
  /** One more chunk stream id would exceed `maxChunkStreams`. */
  TooManyChunkStreams: 'CHUNK_TOO_MANY_CHUNK_STREAMS',
  /** A Set Chunk Size value is 0 or has bit 31 set (spec range is 1..0x7FFFFFFF). */
  InvalidChunkSize: 'CHUNK_INVALID_CHUNK_SIZE',
  /** A Set Chunk Size value is valid but above the configured `maxChunkSize`. */
  ChunkSizeTooLarge: 'CHUNK_CHUNK_SIZE_TOO_LARGE',
  /** A type 1, 2 or 3 header arrives on a chunk stream that has never had a type 0 header. */
  MissingHeader: 'CHUNK_MISSING_HEADER',
  /** A chunk stream id outside 2..65599 was given to the encoder. */
  InvalidChunkStreamId: 'CHUNK_INVALID_CHUNK_STREAM_ID',
  /** A protocol control or user control message body is too short or otherwise malformed. */
  InvalidControlMessage: 'CHUNK_INVALID_CONTROL_MESSAGE',
  /** A message given to the encoder has an out-of-range field (length, type, stream id, timestamp). */
  InvalidMessage: 'CHUNK_INVALID_MESSAGE',
  /** An aggregate message body is malformed (strict mode only). */
  InvalidAggregate: 'CHUNK_INVALID_AGGREGATE',
  /** The decoder was used after it threw: it is in a terminal error state. */
  DecoderFailed: 'CHUNK_DECODER_FAILED',
} as const;

/** A value of {@link ChunkErrorCode}. */
export type ChunkErrorCodeValue = (typeof ChunkErrorCode)[keyof typeof ChunkErrorCode];

/** A value above a configured limit (internal helper: message, code and `details` in one shape). */
export function limitError(
  code: ChunkErrorCodeValue,
  what: string,
  value: number,
  limit: number,
  details: Record<string, unknown> = {},
): RtmpError {
  return new RtmpError(code, `${what} ${value} is above the limit ${limit}`, {
    details: { ...details, value, limit },
  });
}

/** A chunk size outside the spec range 1..0x7FFFFFFF (internal helper). */
export function invalidChunkSize(size: number): RtmpError {
  return new RtmpError(ChunkErrorCode.InvalidChunkSize, `chunk size ${size} is outside 1..2147483647`, {
    details: { chunkSize: size },
  });
}

/** A type 2/3 header on a chunk stream that has had no full header (internal helper). */
export function missingHeader(csid: number, fmt: number): RtmpError {
  return new RtmpError(
    ChunkErrorCode.MissingHeader,
    `type ${fmt} chunk header on chunk stream ${csid}, which has had no type 0 or 1 header`,
    { details: { csid, fmt } },
  );
}
