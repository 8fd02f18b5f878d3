/**
 * Writing an RTMP aggregate message (type 22) as FLV tags the way librtmp's `Read_1_Packet` does
 * (protocol.md §3.3 and §8.2): the body is already a run of FLV tags with back-pointers, so it is
 * copied whole; every sub-tag timestamp is shifted by `message.timestamp - firstSubTag.timestamp
 * + timestampOffset` (32-bit wrap), a wrong back-pointer is rewritten as `11 + DataSize`, and a
 * missing final back-pointer is appended.
 *
 * Differences from librtmp, for corrupt input only: a sub-tag that overruns the body is an error in
 * both, but librtmp copies up to 11 trailing bytes that cannot hold a sub-tag header verbatim (making
 * the file unreadable); we throw `FLV_BAD_AGGREGATE` for those too.
 */

import type { ByteWriter } from '@rtmp/core';
import { FlvError, FlvErrorCode } from './flv-error.js';
import { readU24, readU32, writeU32 } from './flv-tag-header.js';
import { FLV_FLAG_AUDIO, FLV_FLAG_VIDEO, FLV_TAG_HEADER_SIZE } from './flv-tag-type.js';

/** What {@link writeAggregateTags} reports. */
export interface AggregateWriteResult {
  /** Header flag bits of the sub-tag types seen (0x04 audio, 0x01 video). */
  flags: number;
  /** Number of sub-tags written. */
  tagCount: number;
  /** Timestamp written for the last sub-tag (librtmp's "last timestamp"), or undefined if none. */
  lastTimestamp: number | undefined;
}

/**
 * Appends the FLV bytes for aggregate `body` (received with `timestamp`) to `out`.
 * @throws {FlvError} FLV_BAD_AGGREGATE — a sub-tag overruns the body or trailing bytes cannot hold a sub-tag.
 * @throws {RtmpError} CORE_BUFFER_LIMIT — `out` would grow past its maximum size.
 */
export function writeAggregateTags(
  out: ByteWriter,
  body: Uint8Array,
  timestamp: number,
  timestampOffset: number,
): AggregateWriteResult {
  const length = body.length;
  const result: AggregateWriteResult = { flags: 0, tagCount: 0, lastTimestamp: undefined };
  if (length === 0) return result;
  if (length < FLV_TAG_HEADER_SIZE + 1) throw trailing(0, length);
  const start = out.length;
  out.ensure(length + 4);
  out.bytes(body);
  const target = out.finish();
  const firstTs = subTagTimestamp(body, 0);
  const delta = (timestamp - firstTs + timestampOffset) >>> 0;
  let pos = 0;
  while (pos + FLV_TAG_HEADER_SIZE < length) {
    const type = body[pos]!;
    const dataSize = readU24(body, pos + 1);
    const ts = (subTagTimestamp(body, pos) + delta) >>> 0;
    const at = start + pos;
    if (delta !== 0) {
      target[at + 4] = ts >>> 16;
      target[at + 5] = ts >>> 8;
      target[at + 6] = ts;
      target[at + 7] = ts >>> 24;
    }
    if (type === 8) result.flags |= FLV_FLAG_AUDIO;
    else if (type === 9) result.flags |= FLV_FLAG_VIDEO;
    const tagEnd = pos + FLV_TAG_HEADER_SIZE + dataSize;
    if (tagEnd > length) {
      throw new FlvError(
        FlvErrorCode.BadAggregate,
        `aggregate sub-tag of ${dataSize} bytes overruns the message`,
        {
          details: { position: pos, dataSize, messageLength: length },
        },
      );
    }
    if (tagEnd + 4 > length) {
      if (tagEnd !== length) throw trailing(tagEnd, length);
      // The final back-pointer is missing: append it (the 4 bytes were reserved above).
      out.u32(dataSize + FLV_TAG_HEADER_SIZE);
    } else if (readU32(body, tagEnd) !== dataSize + FLV_TAG_HEADER_SIZE) {
      writeU32(target, start + tagEnd, dataSize + FLV_TAG_HEADER_SIZE);
    }
    result.tagCount++;
    result.lastTimestamp = ts;
    pos = tagEnd + 4;
  }
  if (pos < length) throw trailing(pos, length);
  return result;
}

function subTagTimestamp(body: Uint8Array, pos: number): number {
  return (body[pos + 7]! * 0x1000000 + readU24(body, pos + 4)) >>> 0;
}

function trailing(position: number, length: number): FlvError {
  return new FlvError(
    FlvErrorCode.BadAggregate,
    `aggregate message has ${length - position} trailing byte(s)`,
    {
      details: { position, messageLength: length },
    },
  );
}
