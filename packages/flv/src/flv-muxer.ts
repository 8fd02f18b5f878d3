/**
 * FlvMuxer: RTMP media messages → FLV file bytes, as rtmpdump writes them (librtmp `RTMP_Read` /
 * `Read_1_Packet`; protocol.md §8.1-8.3).
 *
 * - Header: `FLV 01 flags 00000009 00000000`. In the default `'rtmpdump'` flags mode the flags
 *   byte is the media seen so far (0x04 audio, 0x01 video; an onMetaData whose *object* — not ECMA
 *   array — properties start with `video`/`audio` also counts), and output is held back until a tag
 *   with a non-zero timestamp was written, both kinds were seen, or 128 KiB were held.
 * - Types 8/9/18 → one tag each, timestamp = `timestampOffset + message.timestamp` (mod 2^32),
 *   StreamID 0, then PreviousTagSize. Only `onMetaData` data messages are written by default.
 * - Type 22 (aggregate) → its sub-tags, rebased (see flv-aggregate.ts).
 * - Video ≤ 5 bytes / audio ≤ 1 byte: librtmp drops them (so the final AVC end-of-sequence tag is
 *   lost); we keep them unless `dropSmallPackets` is set.
 * - Everything else (commands, control, AMF3 data, shared objects) is ignored.
 *
 * Output: each call returns a writev-able list of chunks. Media payloads are passed through
 * without copying; the 11-byte headers and 4-byte trailers live in a reusable scratch buffer, so
 * the returned chunks are valid only until the next call on the muxer: write them first.
 */

import { ByteWriter } from '@rtmp/core';
import { writeAggregateTags } from './flv-aggregate.js';
import { FlvError, FlvErrorCode } from './flv-error.js';
import { encodeFlvHeader } from './flv-header.js';
import { FlvResumeFilter, type FlvResumeState } from './flv-resume-filter.js';
import { metadataMediaFlags, onMetaDataBody } from './flv-script.js';
import { writeFlvTagHeader, writeU32 } from './flv-tag-header.js';
import { FLV_FLAG_AUDIO, FLV_FLAG_VIDEO, FLV_MAX_DATA_SIZE, FLV_TAG_HEADER_SIZE } from './flv-tag-type.js';

/** A message to mux: the fields of `RtmpMessage` that matter here. */
export interface FlvMuxInput {
  /** RTMP message type id (8, 9, 18, 22 are written; others ignored). */
  typeId: number;
  /** Absolute message timestamp in ms. */
  timestamp: number;
  /** Message body (not copied unless held for the header). */
  payload: Uint8Array;
}

/** Options for {@link FlvMuxer}. */
export interface FlvMuxerOptions {
  /**
   * `'rtmpdump'` (default): flags accumulated and output held back as librtmp does. A number:
   * write this flags byte at once (e.g. 0x05) and never hold output back.
   */
  headerFlags?: 'rtmpdump' | number;
  /** Drop video messages ≤ 5 bytes and audio ≤ 1 byte like librtmp (default false: keep). */
  dropSmallPackets?: boolean;
  /** Which data (type 18) messages become tags: `'onMetaData'` (default, like rtmpdump), `'all'`, `'none'`. */
  dataMessages?: 'onMetaData' | 'all' | 'none';
  /** Remove a leading `@setDataFrame` string from data messages (default true). */
  stripSetDataFrame?: boolean;
  /** Added to every timestamp (librtmp's `nResumeTS`; default 0, or `resumeFrom.timestampOffset`). */
  timestampOffset?: number;
  /** Append to an existing file: no header is written, and rtmpdump's resume filter applies. */
  resumeFrom?: FlvResumeState;
  /** Bytes held while deciding the header flags before giving up and writing (default 128 KiB). */
  headerBufferSize?: number;
  /** Largest aggregate message accepted (default 16 MiB). */
  maxAggregateSize?: number;
}

/** The three chunks of one tag: header (11 bytes), the data itself, PreviousTagSize (4 bytes). */
export type FlvTagChunks = readonly [header: Uint8Array, data: Uint8Array, trailer: Uint8Array];

const EMPTY: readonly Uint8Array[] = Object.freeze([]);

/** Streaming FLV muxer with rtmpdump's output rules. See the module comment for chunk lifetimes. */
export class FlvMuxer {
  private readonly fixedFlags: number | undefined;
  private readonly dropSmall: boolean;
  private readonly dataMessages: 'onMetaData' | 'all' | 'none';
  private readonly stripSetDataFrame: boolean;
  private readonly timestampOffset: number;
  private readonly explicitOffset: number | undefined;
  private readonly headerBufferSize: number;
  private readonly maxAggregateSize: number;
  private readonly resume: FlvResumeFilter | undefined;
  private readonly scratch = new Uint8Array(15);
  private readonly held: ByteWriter | undefined;
  private readonly aggregate = new ByteWriter({ initialSize: 4096, maxSize: 16 * 1024 * 1024 + 4 });
  private headerDone: boolean;
  private dataType = 0;
  private lastTimestamp = 0;
  private bytesOut = 0;
  private tags = 0;

  /** @throws {FlvError} FLV_INVALID_ARGUMENT — `headerFlags` is not a byte. */
  constructor(options: FlvMuxerOptions = {}) {
    const flags = options.headerFlags ?? 'rtmpdump';
    this.dropSmall = options.dropSmallPackets ?? false;
    this.dataMessages = options.dataMessages ?? 'onMetaData';
    this.stripSetDataFrame = options.stripSetDataFrame ?? true;
    this.headerBufferSize = options.headerBufferSize ?? 128 * 1024;
    this.maxAggregateSize = options.maxAggregateSize ?? 16 * 1024 * 1024;
    const resume = options.resumeFrom;
    this.explicitOffset = options.timestampOffset;
    this.timestampOffset = options.timestampOffset ?? resume?.timestampOffset ?? 0;
    if (resume !== undefined) {
      this.resume = new FlvResumeFilter(resume);
      this.headerDone = true;
      this.fixedFlags = undefined;
      this.bytesOut = resume.offset;
    } else if (flags === 'rtmpdump') {
      this.headerDone = false;
      this.fixedFlags = undefined;
      this.held = new ByteWriter({ initialSize: 16 * 1024, maxSize: 64 * 1024 * 1024 });
      this.held.bytes(encodeFlvHeader(0));
    } else {
      encodeFlvHeader(flags); // validates
      this.fixedFlags = flags;
      this.headerDone = false;
    }
  }

  /** The offset added to timestamps: the resume filter's once resuming (it detects absolute streams). */
  private effectiveOffset(): number {
    return this.resume !== undefined && this.explicitOffset === undefined
      ? this.resume.timestampOffset
      : this.timestampOffset;
  }

  /** Header flags accumulated so far (0x04 audio | 0x01 video), for patching byte 4 at close. */
  get flags(): number {
    return this.dataType;
  }

  /** File offset after everything returned so far (starts at `resumeFrom.offset` when resuming). */
  get offset(): number {
    return this.bytesOut;
  }

  /** Timestamp of the last tag written (librtmp's `m_read.timestamp`, for progress reports). */
  get timestamp(): number {
    return this.lastTimestamp;
  }

  /** Tags returned so far. */
  get tagCount(): number {
    return this.tags;
  }

  /**
   * Muxes one RTMP message; returns the chunks to append to the file now (possibly none).
   * @throws {FlvError} FLV_BAD_AGGREGATE — malformed aggregate message.
   * @throws {FlvError} FLV_INVALID_ARGUMENT — a payload above 0xFFFFFF bytes, or an aggregate above `maxAggregateSize`.
   * @throws {FlvError} FLV_RESUME_METADATA_MISMATCH, FLV_RESUME_KEYFRAME_NOT_FOUND — resuming (see FlvResumeFilter).
   */
  write(message: FlvMuxInput): readonly Uint8Array[] {
    const type = message.typeId;
    let body = message.payload;
    if (type === 18) {
      if (this.stripSetDataFrame) body = stripSetDataFrame(body);
      const isMeta = onMetaDataBody(body);
      if (isMeta) this.dataType |= metadataMediaFlags(body);
      if (this.dataMessages === 'none' || (this.dataMessages === 'onMetaData' && !isMeta)) return EMPTY;
    } else if (type === 8 || type === 9) {
      this.dataType |= type === 8 ? FLV_FLAG_AUDIO : FLV_FLAG_VIDEO;
      if (this.dropSmall && body.length <= (type === 9 ? 5 : 1)) return this.afterIgnored();
    } else if (type !== 22) {
      return EMPTY;
    }
    if (this.resume !== undefined) {
      const verdict = this.resume.accept(type, message.timestamp, body);
      if (verdict === undefined) return EMPTY;
      body = verdict;
    }
    if (type === 22) return this.writeAggregate(body, message.timestamp);
    const timestamp = (this.effectiveOffset() + message.timestamp) >>> 0;
    return this.emit(this.tagChunks(type, timestamp, body), timestamp);
  }

  /**
   * Builds one tag's chunks (no rtmpdump filtering, no file header). The header and trailer are
   * views into the muxer's scratch buffer, valid until the next call.
   * @throws {FlvError} FLV_INVALID_ARGUMENT — `type` not a byte or `data` above 0xFFFFFF bytes.
   */
  muxTag(type: number, timestamp: number, data: Uint8Array): FlvTagChunks {
    return this.tagChunks(type, timestamp >>> 0, data);
  }

  /**
   * Flushes output still held back (stream ended before the header flags were decided). librtmp
   * would discard it in that case; we write it. Returns the chunks to append. Throws nothing.
   */
  end(): readonly Uint8Array[] {
    if (this.headerDone) return EMPTY;
    return this.finishHeader(EMPTY);
  }

  private tagChunks(type: number, timestamp: number, data: Uint8Array): FlvTagChunks {
    if (data.length > FLV_MAX_DATA_SIZE) {
      throw new FlvError(
        FlvErrorCode.InvalidArgument,
        `payload of ${data.length} bytes does not fit an FLV tag`,
        {
          details: { size: data.length, limit: FLV_MAX_DATA_SIZE },
        },
      );
    }
    const s = this.scratch;
    writeFlvTagHeader(s, 0, type, data.length, timestamp);
    writeU32(s, 11, data.length + FLV_TAG_HEADER_SIZE);
    return [s.subarray(0, 11), data, s.subarray(11, 15)];
  }

  private writeAggregate(body: Uint8Array, timestamp: number): readonly Uint8Array[] {
    if (body.length > this.maxAggregateSize) {
      throw new FlvError(
        FlvErrorCode.InvalidArgument,
        `aggregate of ${body.length} bytes exceeds maxAggregateSize`,
        {
          details: { size: body.length, limit: this.maxAggregateSize },
        },
      );
    }
    this.aggregate.reset();
    const result = writeAggregateTags(this.aggregate, body, timestamp, this.effectiveOffset());
    this.dataType |= result.flags;
    if (result.tagCount === 0) return this.afterIgnored();
    this.tags += result.tagCount - 1;
    return this.emit([this.aggregate.finish()], result.lastTimestamp ?? 0);
  }

  /** librtmp re-checks "both kinds seen" after every media packet, written or ignored. */
  private afterIgnored(): readonly Uint8Array[] {
    if (!this.headerDone && this.held !== undefined && this.dataType === 5) return this.finishHeader(EMPTY);
    return EMPTY;
  }

  private emit(chunks: readonly Uint8Array[], timestamp: number): readonly Uint8Array[] {
    this.tags++;
    let size = 0;
    for (const chunk of chunks) size += chunk.length;
    if (this.headerDone) {
      this.bytesOut += size;
      this.lastTimestamp = timestamp;
      return chunks;
    }
    if (this.held === undefined) {
      // Fixed flags: write the header once, then stream.
      this.headerDone = true;
      const header = encodeFlvHeader(this.fixedFlags ?? 5);
      this.bytesOut += header.length + size;
      this.lastTimestamp = timestamp;
      return [header, ...chunks];
    }
    // rtmpdump mode: a packet that does not fit the rest of the 128 KiB buffer ends the wait.
    const overflow = size + 4 > this.headerBufferSize - this.held.length;
    this.lastTimestamp = timestamp;
    if (overflow || timestamp !== 0 || this.dataType === 5) return this.finishHeader(chunks);
    for (const chunk of chunks) this.held.bytes(chunk);
    return EMPTY;
  }

  private finishHeader(chunks: readonly Uint8Array[]): readonly Uint8Array[] {
    this.headerDone = true;
    const held = this.held;
    if (held === undefined) {
      const header = encodeFlvHeader(this.fixedFlags ?? 5);
      this.bytesOut += header.length;
      return [header, ...chunks];
    }
    const bytes = held.finish();
    bytes[4] = this.dataType;
    let size = bytes.length;
    for (const chunk of chunks) size += chunk.length;
    this.bytesOut += size;
    return [bytes, ...chunks];
  }
}

/** Returns `body` without a leading AMF0 string `@setDataFrame` (a view), or `body`. Throws nothing. */
export function stripSetDataFrame(body: Uint8Array): Uint8Array {
  // 02 00 0D "@setDataFrame"
  if (body.length < 16 || body[0] !== 0x02 || body[1] !== 0 || body[2] !== 13) return body;
  const name = '@setDataFrame';
  for (let i = 0; i < 13; i++) if (body[3 + i] !== name.charCodeAt(i)) return body;
  return body.subarray(16);
}
