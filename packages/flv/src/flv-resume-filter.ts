/**
 * FlvResumeFilter: librtmp's resume rules (`Read_1_Packet` with `RTMP_READ_RESUME`; protocol.md
 * §8.3 step 5). After `play` from the resumed keyframe's time, the server resends data the file
 * already has; this filter decides, per media message, whether it is dropped or written:
 *
 * 1. At timestamp 0, an `onMetaData` that differs from the file's is an error; the message equal to
 *    the file's last keyframe (`initialFrame`) marks the resume point and is dropped (inside an
 *    aggregate, the sub-tag of that type whose timestamp equals `timestampOffset`; the aggregate
 *    continues after it).
 * 2. Until the resume point is found, messages are dropped (at most `maxIgnoredFrames`, then
 *    `FLV_RESUME_KEYFRAME_NOT_FOUND`); after it, messages with timestamp 0 are still dropped until
 *    the first non-zero timestamp (aggregates excepted).
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { onMetaDataBody } from './flv-script.js';
import { readU24 } from './flv-tag-header.js';

/** Where and how to continue an existing FLV file. */
export interface FlvResumeState {
  /** File offset to append at (end of the last tag kept). */
  offset: number;
  /** Added to incoming timestamps (librtmp: the resumed keyframe's timestamp, `dSeek`). */
  timestampOffset: number;
  /** The tag resumed from (last keyframe, or last audio tag for audio-only files). */
  initialFrame?: { type: number; data: Uint8Array };
  /** The file's onMetaData body; a different one arriving at timestamp 0 is an error. */
  metadata?: Uint8Array;
  /**
   * The resume keyframe's timestamp in the file. Servers differ after `play(start)`: FMS-style
   * servers restart timestamps at 0 (librtmp's assumption; `timestampOffset` is then added),
   * nginx-rtmp and our server keep the file's absolute timestamps. When the keyframe arrives with
   * this timestamp instead of 0, the stream is taken as absolute and no offset is added.
   */
  seekTimestamp?: number;
  /** Messages dropped while looking for `initialFrame` before giving up (default 50, as librtmp). */
  maxIgnoredFrames?: number;
}

/** The resume decision per message; used by FlvMuxer. */
export class FlvResumeFilter {
  private readonly state: FlvResumeState;
  private readonly maxIgnored: number;
  private gotKeyframe: boolean;
  private gotFlvKeyframe: boolean;
  private noIgnore = false;
  private ignored = 0;
  private ignoredFlv = 0;
  private absolute = false;

  /** What the muxer adds to timestamps: `state.timestampOffset`, or 0 once the stream proved absolute. */
  get timestampOffset(): number {
    return this.absolute ? 0 : this.state.timestampOffset;
  }

  constructor(state: FlvResumeState) {
    this.state = state;
    this.maxIgnored = state.maxIgnoredFrames ?? 50;
    this.gotKeyframe = state.initialFrame === undefined;
    this.gotFlvKeyframe = this.gotKeyframe;
  }

  /**
   * Returns the body to write (possibly a tail of an aggregate) or undefined to drop the message.
   * @throws {FlvError} FLV_RESUME_METADATA_MISMATCH — onMetaData differs from the file's.
   * @throws {FlvError} FLV_RESUME_KEYFRAME_NOT_FOUND — too many messages before the resume point,
   *   or the resume keyframe inside an aggregate differs from the file's.
   */
  accept(type: number, timestamp: number, body: Uint8Array): Uint8Array | undefined {
    const frame = this.state.initialFrame;
    let out = body;
    const seek = this.state.seekTimestamp;
    if (
      !this.gotKeyframe &&
      seek !== undefined &&
      seek !== 0 &&
      timestamp === seek &&
      frame !== undefined &&
      type === frame.type &&
      equal(frame.data, body)
    ) {
      // An absolute-timestamp server (nginx-rtmp): the keyframe comes back with its file timestamp.
      this.gotKeyframe = true;
      this.gotFlvKeyframe = true;
      this.absolute = true;
      this.noIgnore = true;
      return undefined;
    }
    if (
      !this.gotKeyframe &&
      seek !== undefined &&
      seek !== 0 &&
      timestamp > seek &&
      (type === 8 || type === 9)
    ) {
      // The server started after the resume point (nginx-rtmp seeks to a later keyframe than
      // asked for): the data in between would be lost. The caller retries from an earlier start.
      throw new FlvError(
        FlvErrorCode.ResumeKeyframeNotFound,
        'the server started after the resume keyframe',
        {
          details: { overshoot: true, timestamp, seekTimestamp: seek },
        },
      );
    }
    if (!this.gotKeyframe && seek !== undefined && timestamp !== 0 && timestamp < seek) {
      // An absolute-timestamp server that sought to an earlier keyframe (nginx-rtmp picks the
      // keyframe at or before the start from its index): what precedes the resume point is
      // already in the file. Not counted against maxIgnoredFrames.
      return undefined;
    }
    if (timestamp === 0) {
      const meta = this.state.metadata;
      if (meta !== undefined && type === 18 && onMetaDataBody(body) && !equal(meta, body)) {
        throw new FlvError(
          FlvErrorCode.ResumeMetadataMismatch,
          'the stream onMetaData differs from the file',
          {
            details: { fileSize: meta.length, streamSize: body.length },
          },
        );
      }
      if (frame !== undefined) {
        if (type === frame.type && equal(frame.data, body)) {
          this.gotKeyframe = true;
          return undefined;
        }
        if (type === 22) {
          const rest = this.findInAggregate(body, frame);
          if (rest === undefined) return undefined;
          out = rest;
        }
      }
    }
    if (timestamp > 0 && (this.gotKeyframe || this.gotFlvKeyframe)) {
      this.gotKeyframe = true;
      this.gotFlvKeyframe = true;
    }
    if (type !== 22 && !this.gotKeyframe) return this.ignore(++this.ignored);
    if (type === 22 && !this.gotFlvKeyframe) return this.ignore(++this.ignoredFlv);
    if (!this.noIgnore && type !== 22) {
      if (timestamp === 0) return undefined;
      this.noIgnore = true;
    }
    return out;
  }

  private ignore(count: number): undefined {
    if (count > this.maxIgnored) {
      throw new FlvError(
        FlvErrorCode.ResumeKeyframeNotFound,
        'the stream does not start with the resume keyframe',
        {
          details: { ignored: count, limit: this.maxIgnored },
        },
      );
    }
    return undefined;
  }

  /** Finds the resume keyframe inside an aggregate; returns the bytes after it, or undefined. */
  private findInAggregate(
    body: Uint8Array,
    frame: { type: number; data: Uint8Array },
  ): Uint8Array | undefined {
    const resumeTs = this.state.timestampOffset >>> 0;
    let pos = 0;
    while (pos + 11 < body.length) {
      const dataSize = readU24(body, pos + 1);
      const ts = (body[pos + 7]! * 0x1000000 + readU24(body, pos + 4)) >>> 0;
      if (body[pos] === frame.type) {
        if (ts === resumeTs) {
          const end = pos + 11 + dataSize;
          if (
            end > body.length ||
            !equal(frame.data, body.subarray(pos + 11, end)) ||
            end + 4 > body.length
          ) {
            throw new FlvError(
              FlvErrorCode.ResumeKeyframeNotFound,
              'the resume keyframe in the aggregate differs',
              {
                details: { position: pos, dataSize },
              },
            );
          }
          this.gotFlvKeyframe = true;
          return body.subarray(end + 4);
        }
        if (resumeTs < ts) return undefined;
      }
      pos += 11 + dataSize + 4;
    }
    return undefined;
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
