/**
 * Aggregate messages (RTMP spec 7.1.6, message type 22): a run of FLV-style sub-tags
 * `[type U8][size U24][timestamp U24 + U8 high byte][stream id U24][data][back pointer U32]`.
 * protocol.md 3.3.
 *
 * The chunk decoder does not unpack aggregates by itself: the session decides (it may want to
 * forward them whole). Sub-message timestamps are rebased so the first sub-tag gets the
 * aggregate's timestamp: `ts = subTag.ts + (aggregate.ts − firstSubTag.ts)` modulo 2^32, as
 * librtmp and FFmpeg do.
 */

import { RtmpError, type RtmpMessage } from '@rtmp/core';
import { ChunkErrorCode } from './chunk-error-code.js';

/** Options of {@link unpackAggregate}. */
export interface UnpackAggregateOptions {
  /**
   * Throw on a sub-tag that overruns the body or a trailing fragment (default false: stop there
   * and return the sub-messages before it, as librtmp and FFmpeg do).
   */
  strict?: boolean;
}

const SUB_TAG_HEADER = 11;

/**
 * Splits an aggregate message into its sub-messages (payloads are views into its payload).
 * Sub-messages take the aggregate's message stream id; the sub-tag stream id is ignored.
 * @throws {RtmpError} CHUNK_INVALID_AGGREGATE — `message` is not type 22, or (strict) malformed.
 */
export function unpackAggregate(message: RtmpMessage, options: UnpackAggregateOptions = {}): RtmpMessage[] {
  if (message.typeId !== 22) {
    throw new RtmpError(
      ChunkErrorCode.InvalidAggregate,
      `message type ${message.typeId} is not an aggregate (22)`,
      {
        details: { typeId: message.typeId },
      },
    );
  }
  const body = message.payload;
  const result: RtmpMessage[] = [];
  let offset = 0;
  let rebase = 0;
  while (offset < body.length) {
    if (body.length - offset < SUB_TAG_HEADER) {
      if (options.strict === true) throw malformed('truncated sub-tag header', offset);
      break;
    }
    const typeId = body[offset] as number;
    const size =
      ((body[offset + 1] as number) << 16) |
      ((body[offset + 2] as number) << 8) |
      (body[offset + 3] as number);
    const subTimestamp =
      (((body[offset + 7] as number) << 24) |
        ((body[offset + 4] as number) << 16) |
        ((body[offset + 5] as number) << 8) |
        (body[offset + 6] as number)) >>>
      0;
    const start = offset + SUB_TAG_HEADER;
    if (start + size > body.length) {
      if (options.strict === true) throw malformed(`sub-tag of ${size} bytes overruns the body`, offset);
      break;
    }
    if (result.length === 0) rebase = (message.timestamp - subTimestamp) >>> 0;
    result.push({
      typeId,
      streamId: message.streamId,
      timestamp: (subTimestamp + rebase) >>> 0,
      payload: body.subarray(start, start + size),
    });
    // The back pointer may be missing after the last sub-tag in some writers: tolerate that.
    offset = Math.min(start + size + 4, body.length);
  }
  return result;
}

function malformed(what: string, offset: number): RtmpError {
  return new RtmpError(ChunkErrorCode.InvalidAggregate, `aggregate message: ${what} at offset ${offset}`, {
    details: { offset },
  });
}
