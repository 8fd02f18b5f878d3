/**
 * FlvDemuxer: a streaming, bounded FLV reader (FLV 10.1 spec E.2-E.4; protocol.md §8.1).
 *
 * Bytes go in with `push()` in chunks of any size; complete tags come out, each with its type,
 * 32-bit timestamp, stream id, data and file offset. A tag is emitted once its trailing
 * PreviousTagSize has arrived (that field belongs to the tag and is checked against it).
 *
 * Data lifetime: a tag that lies inside one pushed chunk is a `subarray` of that chunk; a tag that
 * straddles chunks is assembled in the demuxer's reusable buffer and its `data` stays valid only
 * until the next `push()`. Copy (`data.slice()`) to keep it longer.
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { decodeFlvHeader, type FlvHeader } from './flv-header.js';
import { readU24, readU32 } from './flv-tag-header.js';
import {
  FLV_HEADER_SIZE,
  FLV_MAX_DATA_SIZE,
  FLV_PREVIOUS_TAG_SIZE,
  FLV_TAG_HEADER_SIZE,
  isKnownTagType,
} from './flv-tag-type.js';

/** One complete FLV tag. */
export interface FlvTag {
  /** Tag type (low 5 bits of the first byte): 8 audio, 9 video, 18 script, 15 AMF3 script. */
  type: number;
  /** Filter/encryption bit (bit 5 of the first byte). */
  filter: boolean;
  /** 32-bit timestamp in ms (`TimestampExtended << 24 | Timestamp`). */
  timestamp: number;
  /** StreamID field (0 in valid files). */
  streamId: number;
  /** The tag body (a view; see the module comment for its lifetime). */
  data: Uint8Array;
  /** File offset of the tag's first header byte. */
  offset: number;
  /** The PreviousTagSize that followed the tag (11 + data.length unless the file is damaged). */
  previousTagSize: number;
}

/** Options for {@link FlvDemuxer}. Every limit has a safe default. */
export interface FlvDemuxerOptions {
  /**
   * Strict mode (default true): a PreviousTagSize that is not `11 + DataSize` (or a non-zero
   * PreviousTagSize0), reserved type bits, an unknown tag type, or a version other than 1 is an
   * error. Lenient mode accepts all of these and reports them through `warnings`.
   */
  strict?: boolean;
  /** Largest tag DataSize accepted (default 0xFFFFFF, the format's maximum). */
  maxTagSize?: number;
  /** Most bytes held back while waiting for the rest of a tag (default 16 MiB + 64). */
  maxBuffered?: number;
  /** Largest header DataOffset accepted (default 4096). */
  maxDataOffset?: number;
  /** Expect a 9-byte file header first (default true); false to demux a bare tag stream. */
  expectHeader?: boolean;
}

/** A problem lenient mode let pass. */
export interface FlvWarning {
  code: 'PREVIOUS_TAG_SIZE' | 'TAG_TYPE' | 'VERSION';
  offset: number;
  message: string;
}

/** What {@link FlvDemuxer.end} reports about the end of the input. */
export interface FlvDemuxEnd {
  /** True when the input stopped inside the header or a tag. */
  truncated: boolean;
  /** Bytes consumed as complete units (header, tags): the file is whole up to here. */
  validLength: number;
  /** Bytes held back in the incomplete trailing unit. */
  trailingBytes: number;
  /** File offset of the incomplete tag, when the input stopped inside one. */
  truncatedTagOffset?: number;
  /** Total tags emitted. */
  tagCount: number;
}

enum Stage {
  Header = 0,
  Tags = 1,
  Failed = 2,
}

/** Streaming FLV demuxer. See the module comment for buffer lifetimes. */
export class FlvDemuxer {
  /** The file header, once parsed. */
  header: FlvHeader | undefined;
  /** Problems accepted in lenient mode (bounded to the first 100). */
  readonly warnings: FlvWarning[] = [];
  private stage: Stage;
  private readonly strict: boolean;
  private readonly maxTagSize: number;
  private readonly maxBuffered: number;
  private readonly maxDataOffset: number;
  private pending: Uint8Array = new Uint8Array(0);
  /** Second buffer, swapped with `pending` so a tag assembled in one stays valid until the next push. */
  private spare: Uint8Array = new Uint8Array(0);
  private pendingLength = 0;
  /** Stream offset of the first byte not yet consumed. */
  private position = 0;
  private tagCount = 0;
  private failure: FlvError | undefined;

  constructor(options: FlvDemuxerOptions = {}) {
    this.strict = options.strict ?? true;
    this.maxTagSize = Math.min(options.maxTagSize ?? FLV_MAX_DATA_SIZE, FLV_MAX_DATA_SIZE);
    this.maxBuffered = options.maxBuffered ?? 16 * 1024 * 1024 + 64;
    this.maxDataOffset = options.maxDataOffset ?? 4096;
    this.stage = options.expectHeader === false ? Stage.Tags : Stage.Header;
  }

  /**
   * Feeds bytes; returns the tags completed by them, in file order.
   * @throws {FlvError} FLV_BAD_SIGNATURE, FLV_BAD_VERSION, FLV_BAD_DATA_OFFSET — bad file header.
   * @throws {FlvError} FLV_TAG_TOO_LARGE — DataSize above `maxTagSize`.
   * @throws {FlvError} FLV_BUFFER_LIMIT — a unit would need more than `maxBuffered` bytes.
   * @throws {FlvError} FLV_BAD_PREVIOUS_TAG_SIZE, FLV_BAD_TAG_TYPE — strict mode only.
   * @throws {FlvError} FLV_FAILED — an earlier call threw; the demuxer stays failed.
   */
  push(chunk: Uint8Array): FlvTag[] {
    if (this.stage === Stage.Failed) throw this.failedError();
    const out: FlvTag[] = [];
    try {
      let pos = 0;
      // First finish the unit that straddles the previous chunk, copying only what it needs.
      while (this.pendingLength > 0) {
        const need = this.unitLength(this.pending, 0, this.pendingLength);
        if (this.pendingLength >= need) {
          this.pendingLength = 0;
          this.consume(this.pending, 0, need, out);
          // The tag just emitted is a view of `pending`: keep leftovers of this push in the other buffer.
          const spare = this.spare;
          this.spare = this.pending;
          this.pending = spare;
          break;
        }
        const take = Math.min(need - this.pendingLength, chunk.length - pos);
        if (take === 0) return out;
        this.reserve(need);
        this.pending.set(chunk.subarray(pos, pos + take), this.pendingLength);
        this.pendingLength += take;
        pos += take;
      }
      // Then consume whole units straight from the chunk (zero copy).
      while (pos < chunk.length) {
        const available = chunk.length - pos;
        const need = this.unitLength(chunk, pos, available);
        if (available < need) {
          this.reserve(need);
          this.pending.set(chunk.subarray(pos), 0);
          this.pendingLength = available;
          break;
        }
        this.consume(chunk, pos, need, out);
        pos += need;
      }
    } catch (error) {
      this.stage = Stage.Failed;
      this.failure = error instanceof FlvError ? error : undefined;
      throw error;
    }
    return out;
  }

  /**
   * Reports how the input ended. With `requireComplete`, an incomplete trailing unit throws.
   * @throws {FlvError} FLV_TRUNCATED — `requireComplete` and the input stopped inside a unit.
   * @throws {FlvError} FLV_FAILED — an earlier call threw.
   */
  end(options: { requireComplete?: boolean } = {}): FlvDemuxEnd {
    if (this.stage === Stage.Failed) throw this.failedError();
    const truncated = this.pendingLength > 0 || (this.stage === Stage.Header && this.position === 0);
    const result: FlvDemuxEnd = {
      truncated,
      validLength: this.position,
      trailingBytes: this.pendingLength,
      tagCount: this.tagCount,
    };
    if (this.pendingLength > 0 && this.stage === Stage.Tags) result.truncatedTagOffset = this.position;
    if (truncated && options.requireComplete === true) {
      throw new FlvError(FlvErrorCode.Truncated, `FLV input ends inside a unit at offset ${this.position}`, {
        details: { offset: this.position, trailingBytes: this.pendingLength },
      });
    }
    return result;
  }

  /** Bytes currently held back waiting for the rest of a unit. */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  /** Stream offset of the next unconsumed byte (end of the last complete unit). */
  get offset(): number {
    return this.position;
  }

  /** Total bytes the next unit needs, given `available` bytes at `start`; validates early. */
  private unitLength(bytes: Uint8Array, start: number, available: number): number {
    if (this.stage === Stage.Header) {
      if (available < FLV_HEADER_SIZE) return FLV_HEADER_SIZE;
      const header = decodeFlvHeader(bytes, start, {
        maxDataOffset: this.maxDataOffset,
        strictVersion: this.strict,
      });
      return header.dataOffset + FLV_PREVIOUS_TAG_SIZE;
    }
    if (available < FLV_TAG_HEADER_SIZE) return FLV_TAG_HEADER_SIZE;
    const b0 = bytes[start]!;
    if (this.strict && (b0 >>> 6 !== 0 || !isKnownTagType(b0 & 0x1f))) {
      throw new FlvError(FlvErrorCode.BadTagType, `bad FLV tag type byte 0x${b0.toString(16)}`, {
        details: { offset: this.position, typeByte: b0 },
      });
    }
    const dataSize = readU24(bytes, start + 1);
    if (dataSize > this.maxTagSize) {
      throw new FlvError(FlvErrorCode.TagTooLarge, `FLV tag of ${dataSize} bytes exceeds maxTagSize`, {
        details: { offset: this.position, dataSize, limit: this.maxTagSize },
      });
    }
    return FLV_TAG_HEADER_SIZE + dataSize + FLV_PREVIOUS_TAG_SIZE;
  }

  /** Handles one complete unit of `length` bytes at `start`. */
  private consume(bytes: Uint8Array, start: number, length: number, out: FlvTag[]): void {
    const offset = this.position;
    if (this.stage === Stage.Header) {
      const header = decodeFlvHeader(bytes, start, { maxDataOffset: this.maxDataOffset });
      if (header.version !== 1) this.warn('VERSION', offset, `FLV version ${header.version}`);
      const tagSize0 = readU32(bytes, start + length - FLV_PREVIOUS_TAG_SIZE);
      if (tagSize0 !== 0) this.badPreviousTagSize(offset + header.dataOffset, tagSize0, 0);
      this.header = header;
      this.stage = Stage.Tags;
      this.position += length;
      return;
    }
    const b0 = bytes[start]!;
    const dataSize = length - FLV_TAG_HEADER_SIZE - FLV_PREVIOUS_TAG_SIZE;
    if (b0 >>> 6 !== 0 || !isKnownTagType(b0 & 0x1f)) {
      this.warn('TAG_TYPE', offset, `unknown FLV tag type byte 0x${b0.toString(16)}`);
    }
    const previousTagSize = readU32(bytes, start + length - FLV_PREVIOUS_TAG_SIZE);
    if (previousTagSize !== dataSize + FLV_TAG_HEADER_SIZE) {
      this.badPreviousTagSize(
        offset + length - FLV_PREVIOUS_TAG_SIZE,
        previousTagSize,
        dataSize + FLV_TAG_HEADER_SIZE,
      );
    }
    out.push({
      type: b0 & 0x1f,
      filter: (b0 & 0x20) !== 0,
      timestamp: (bytes[start + 7]! * 0x1000000 + readU24(bytes, start + 4)) >>> 0,
      streamId: readU24(bytes, start + 8),
      data: bytes.subarray(start + FLV_TAG_HEADER_SIZE, start + FLV_TAG_HEADER_SIZE + dataSize),
      offset,
      previousTagSize,
    });
    this.tagCount++;
    this.position += length;
  }

  private badPreviousTagSize(offset: number, found: number, expected: number): void {
    if (this.strict) {
      throw new FlvError(
        FlvErrorCode.BadPreviousTagSize,
        `PreviousTagSize ${found} at ${offset}, expected ${expected}`,
        {
          details: { offset, found, expected },
        },
      );
    }
    this.warn('PREVIOUS_TAG_SIZE', offset, `PreviousTagSize ${found}, expected ${expected}`);
  }

  private warn(code: FlvWarning['code'], offset: number, message: string): void {
    if (this.warnings.length < 100) this.warnings.push({ code, offset, message });
  }

  /** Makes the pending buffer hold `size` bytes, keeping its contents. */
  private reserve(size: number): void {
    if (size > this.maxBuffered) {
      throw new FlvError(FlvErrorCode.BufferLimit, `FLV unit of ${size} bytes exceeds maxBuffered`, {
        details: { offset: this.position, needed: size, limit: this.maxBuffered },
      });
    }
    if (size <= this.pending.length) return;
    let capacity = Math.max(this.pending.length * 2, 4096);
    while (capacity < size) capacity *= 2;
    const grown = new Uint8Array(Math.min(capacity, this.maxBuffered));
    grown.set(this.pending.subarray(0, this.pendingLength));
    this.pending = grown;
  }

  private failedError(): FlvError {
    return new FlvError(FlvErrorCode.Failed, 'the FLV demuxer failed earlier and cannot continue', {
      cause: this.failure,
      details: { offset: this.position },
    });
  }
}
