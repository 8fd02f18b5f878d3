/**
 * FlvTailScanner: finds the last complete tag of a large, possibly truncated FLV file by reading
 * only its end (protocol.md §8.3 step 3, "walk backwards using PreviousTagSize"). Sans-IO: the
 * scanner asks for byte ranges, the caller reads them from the file and supplies them.
 *
 * ```ts
 * const scanner = new FlvTailScanner(fileSize);
 * for (let r = scanner.next(); r; r = scanner.next()) scanner.supply(await readAt(r.position, r.length));
 * const last = scanner.result; // FlvTagLocation | undefined
 * ```
 *
 * rtmpdump trusts the file's last four bytes; a download killed mid-tag does not end with a
 * PreviousTagSize, so this scanner instead searches backwards for a position `q` whose U32 `P`
 * points at a consistent tag header (known type, DataSize = P − 11, StreamID 0), where what
 * follows `q + 4` is either the end of the file or the start of a plausible unfinished tag, and
 * the PreviousTagSize before that tag is itself consistent (or is PreviousTagSize0). This is a
 * local check: use {@link findLastCompleteTag} to validate a whole file.
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { readU24, readU32 } from './flv-tag-header.js';
import { FLV_TAG_HEADER_SIZE, isKnownTagType } from './flv-tag-type.js';
import type { FlvTagLocation } from './scan-flv-file.js';

/** Options for {@link FlvTailScanner}. */
export interface FlvTailScannerOptions {
  /** First read size from the end (default 64 KiB); doubles while nothing is found. */
  initialWindow?: number;
  /** Most bytes read from the end before giving up (default 32 MiB: two maximal tags). */
  maxWindow?: number;
  /** Offset of the first tag (default 13: 9-byte header + PreviousTagSize0). */
  firstTagOffset?: number;
  /**
   * Also walk back from the last complete tag to rtmpdump's resume tag (`GetLastKeyframe`): the
   * last video keyframe, or the last audio tag when `audioOnly` (the file header has audio but
   * no video). `skipKeyframes` (rtmpdump `--skip`) skips that many more keyframes (for audio-only
   * files: tags) first. The walk also stays within `maxWindow`.
   */
  resumeTag?: { audioOnly: boolean; skipKeyframes?: number };
}

/** A byte range the scanner wants to read. */
export interface FlvReadRequest {
  position: number;
  length: number;
}

/** Backward search for the last complete tag; see the module comment. */
export class FlvTailScanner {
  /** The last complete tag, once `next()` returned undefined (undefined if none was found). */
  result: FlvTagLocation | undefined;
  /** With the `resumeTag` option: the tag to resume from, once the scan is over. */
  resumeTag: FlvTagLocation | undefined;
  /** With the `resumeTag` option: why the walk back failed (FLV_BAD_PREVIOUS_TAG_SIZE, FLV_BUFFER_LIMIT). */
  resumeError: FlvError | undefined;
  private readonly resume: { audioOnly: boolean; skipKeyframes?: number } | undefined;
  private skip = 0;
  private cursor: FlvTagLocation | undefined;
  private cursorJudged = false;
  private readonly fileSize: number;
  private readonly maxWindow: number;
  private readonly firstTag: number;
  private window: Uint8Array = new Uint8Array(0);
  private windowStart: number;
  private wanted: FlvReadRequest | undefined;
  private done = false;

  constructor(fileSize: number, options: FlvTailScannerOptions = {}) {
    this.fileSize = fileSize;
    this.firstTag = options.firstTagOffset ?? 13;
    this.maxWindow = options.maxWindow ?? 32 * 1024 * 1024;
    this.windowStart = fileSize;
    this.resume = options.resumeTag;
    this.skip = options.resumeTag?.skipKeyframes ?? 0;
    const first = Math.min(options.initialWindow ?? 64 * 1024, this.maxWindow);
    this.request(Math.max(0, fileSize - first));
    if (fileSize < this.firstTag + FLV_TAG_HEADER_SIZE + 4) this.finish();
  }

  /** The next range to read, or undefined when the scan is over (see `result`). Throws nothing. */
  next(): FlvReadRequest | undefined {
    return this.done ? undefined : this.wanted;
  }

  /**
   * Supplies the bytes of the range `next()` returned.
   * @throws {FlvError} FLV_INVALID_ARGUMENT — the length differs from the requested one, or nothing was requested.
   */
  supply(bytes: Uint8Array): void {
    const want = this.wanted;
    if (want === undefined || this.done || bytes.length !== want.length) {
      throw new FlvError(FlvErrorCode.InvalidArgument, 'supplied bytes do not match the requested range', {
        details: { requested: want?.length, supplied: bytes.length },
      });
    }
    const grown = new Uint8Array(this.window.length + bytes.length);
    grown.set(bytes, 0);
    grown.set(this.window, bytes.length);
    this.window = grown;
    this.windowStart = want.position;
    this.wanted = undefined;
    if (this.cursor !== undefined) this.walk();
    else this.search();
  }

  private search(): void {
    const ws = this.windowStart;
    const low = Math.max(ws, this.firstTag + FLV_TAG_HEADER_SIZE);
    let needFrom = ws;
    for (let q = this.fileSize - 4; q >= low; q--) {
      const size = this.u32(q);
      if (size < FLV_TAG_HEADER_SIZE || size > q - this.firstTag) continue;
      const start = q - size;
      if (start < ws) {
        needFrom = Math.min(needFrom, start - 4);
        continue;
      }
      if (!this.plausibleHeader(start) || readU24(this.window, start - ws + 1) !== size - FLV_TAG_HEADER_SIZE)
        continue;
      if (!this.plausibleFollower(q + 4)) continue;
      if (start > this.firstTag) {
        if (start - 4 < ws) {
          needFrom = Math.min(needFrom, start - 4);
          continue;
        }
        const before = this.u32(start - 4);
        const prevStart = start - 4 - before;
        if (before < FLV_TAG_HEADER_SIZE || prevStart < this.firstTag) continue;
        if (prevStart >= ws) {
          if (!this.plausibleHeader(prevStart) || readU24(this.window, prevStart - ws + 1) !== before - 11)
            continue;
        } else {
          needFrom = Math.min(needFrom, prevStart);
          continue;
        }
      } else if (start === this.firstTag && start - 4 >= ws && this.u32(start - 4) !== 0) {
        continue;
      }
      this.result = {
        type: this.window[start - ws]! & 0x1f,
        offset: start,
        end: q + 4,
        timestamp: (this.window[start - ws + 7]! * 0x1000000 + readU24(this.window, start - ws + 4)) >>> 0,
        dataSize: size - FLV_TAG_HEADER_SIZE,
      };
      if (this.resume === undefined) {
        this.finish();
        return;
      }
      this.cursor = this.result;
      this.walk();
      return;
    }
    // Nothing verifiable in the window: read further back (at least to what a candidate needed).
    const reach = this.fileSize - ws;
    if (ws === 0 || reach >= this.maxWindow) {
      this.finish();
      return;
    }
    const target = Math.max(0, Math.min(needFrom, this.fileSize - Math.min(reach * 2, this.maxWindow)));
    this.request(Math.max(target, this.fileSize - this.maxWindow));
  }

  /** rtmpdump's GetLastKeyframe loop, from `cursor` backwards, reading more as needed. */
  private walk(): void {
    const audioOnly = this.resume?.audioOnly === true;
    for (let c = this.cursor; c !== undefined; c = this.cursor) {
      const ws = this.windowStart;
      const first = c.dataSize > 0 ? this.window[c.offset + FLV_TAG_HEADER_SIZE - ws]! : -1;
      const videoKey = c.type === 9 && first >= 0 && (first & 0xf0) === 0x10;
      // A cursor is judged once, even when the walk pauses on it to read further back.
      if (!this.cursorJudged) {
        this.cursorJudged = true;
        if (this.skip > 0 && (audioOnly || videoKey)) {
          this.skip--;
        } else if (audioOnly ? c.type === 8 : videoKey) {
          this.resumeTag = c;
          this.finish();
          return;
        }
      }
      if (c.offset - 4 < this.firstTag) {
        this.finish();
        return;
      }
      if (c.offset - 4 < ws) {
        this.requestBack(c.offset - 4);
        return;
      }
      const size = this.u32(c.offset - 4);
      if (size === 0) {
        this.finish();
        return;
      }
      const start = c.offset - 4 - size;
      if (size < FLV_TAG_HEADER_SIZE || start < this.firstTag) {
        this.corrupt(c.offset - 4, size);
        return;
      }
      if (start < ws) {
        this.requestBack(start);
        return;
      }
      if (
        !this.plausibleHeader(start) ||
        readU24(this.window, start - ws + 1) !== size - FLV_TAG_HEADER_SIZE
      ) {
        this.corrupt(c.offset - 4, size);
        return;
      }
      this.cursorJudged = false;
      this.cursor = {
        type: this.window[start - ws]! & 0x1f,
        offset: start,
        end: c.offset,
        timestamp: (this.window[start - ws + 7]! * 0x1000000 + readU24(this.window, start - ws + 4)) >>> 0,
        dataSize: size - FLV_TAG_HEADER_SIZE,
      };
    }
  }

  /** Extends the window back to at least `position` (doubling), within `maxWindow`. */
  private requestBack(position: number): void {
    const limit = Math.max(0, this.fileSize - this.maxWindow);
    if (position < limit) {
      this.resumeError = new FlvError(FlvErrorCode.BufferLimit, 'resume tag is further back than maxWindow', {
        details: { position, limit: this.maxWindow },
      });
      this.finish();
      return;
    }
    const doubled = this.windowStart - (this.fileSize - this.windowStart);
    this.request(Math.max(limit, Math.min(position, doubled)));
  }

  private corrupt(offset: number, size: number): void {
    this.resumeError = new FlvError(
      FlvErrorCode.BadPreviousTagSize,
      `inconsistent PreviousTagSize ${size} at ${offset}`,
      {
        details: { offset, found: size },
      },
    );
    this.finish();
  }

  private plausibleHeader(start: number): boolean {
    const o = start - this.windowStart;
    const b0 = this.window[o]!;
    return b0 >>> 6 === 0 && isKnownTagType(b0 & 0x1f) && readU24(this.window, o + 8) === 0;
  }

  /** What follows a complete tag must be the end of file or an unfinished plausible tag. */
  private plausibleFollower(at: number): boolean {
    const left = this.fileSize - at;
    if (left === 0) return true;
    const o = at - this.windowStart;
    const b0 = this.window[o]!;
    if (b0 >>> 6 !== 0 || !isKnownTagType(b0 & 0x1f)) return false;
    if (left < FLV_TAG_HEADER_SIZE) return true;
    if (readU24(this.window, o + 8) !== 0) return false;
    return at + FLV_TAG_HEADER_SIZE + readU24(this.window, o + 1) + 4 > this.fileSize;
  }

  private u32(position: number): number {
    return readU32(this.window, position - this.windowStart);
  }

  private request(position: number): void {
    if (position >= this.windowStart) {
      this.finish();
      return;
    }
    this.wanted = { position, length: this.windowStart - position };
  }

  private finish(): void {
    this.done = true;
    this.wanted = undefined;
  }
}
