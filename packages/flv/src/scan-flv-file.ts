/**
 * Forward scan of a whole FLV file in memory for resuming (protocol.md §8.3 steps 1-4): the last
 * complete tag, the last keyframe (rtmpdump's resume point), the first onMetaData, and whether
 * the file is valid up to the last complete tag or damaged before it.
 *
 * For files too large to hold in memory, {@link FlvTailScanner} works from the end instead.
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { decodeFlvHeader, type FlvHeader } from './flv-header.js';
import { onMetaDataBody } from './flv-script.js';
import { readU24, readU32 } from './flv-tag-header.js';
import { FLV_PREVIOUS_TAG_SIZE, FLV_TAG_HEADER_SIZE, isKnownTagType } from './flv-tag-type.js';

/** Where one tag sits in a file. */
export interface FlvTagLocation {
  /** Tag type (8, 9, 18, 15). */
  type: number;
  /** File offset of the tag header. */
  offset: number;
  /** File offset just after the tag's PreviousTagSize (where the next tag starts). */
  end: number;
  /** 32-bit timestamp in ms. */
  timestamp: number;
  /** DataSize. */
  dataSize: number;
}

/** What {@link findLastCompleteTag} found. */
export interface FlvFileScan {
  /** The file header (undefined if the file is shorter than 13 bytes or not FLV). */
  header: FlvHeader | undefined;
  /** The last tag whose header, data and PreviousTagSize are all present and consistent. */
  lastTag: FlvTagLocation | undefined;
  /**
   * rtmpdump's resume tag: the last video keyframe (`(data[0] & 0xF0) == 0x10`), or for files whose
   * header says audio only, the last audio tag.
   */
  resumeTag: FlvTagLocation | undefined;
  /** The first onMetaData script tag. */
  metadataTag: FlvTagLocation | undefined;
  /** Complete tags seen. */
  tagCount: number;
  /** Bytes that are whole, valid FLV from offset 0 (header + complete tags). */
  validLength: number;
  /** True when everything after `validLength` is just an unfinished tag (or nothing). */
  valid: boolean;
  /** Why the file is not valid past `validLength`, when `valid` is false. */
  error: FlvError | undefined;
}

/**
 * Scans `bytes` (a whole, possibly truncated, FLV file) from the start. Never throws for bad
 * content: a damaged file yields `valid: false` and `error` (FLV_BAD_SIGNATURE,
 * FLV_BAD_DATA_OFFSET, FLV_BAD_TAG_TYPE, FLV_BAD_PREVIOUS_TAG_SIZE).
 * Throws nothing.
 */
export function findLastCompleteTag(bytes: Uint8Array): FlvFileScan {
  const scan: FlvFileScan = {
    header: undefined,
    lastTag: undefined,
    resumeTag: undefined,
    metadataTag: undefined,
    tagCount: 0,
    validLength: 0,
    valid: true,
    error: undefined,
  };
  if (bytes.length < 13) return scan;
  try {
    scan.header = decodeFlvHeader(bytes, 0);
  } catch (error) {
    scan.valid = false;
    scan.error = error as FlvError;
    return scan;
  }
  let pos = scan.header.dataOffset + FLV_PREVIOUS_TAG_SIZE;
  if (pos > bytes.length) return scan;
  scan.validLength = pos;
  const audioOnly = scan.header.hasAudio && !scan.header.hasVideo;
  while (pos + FLV_TAG_HEADER_SIZE <= bytes.length) {
    const b0 = bytes[pos]!;
    if (b0 >>> 6 !== 0 || !isKnownTagType(b0 & 0x1f)) {
      return damaged(scan, FlvErrorCode.BadTagType, `bad tag type byte 0x${b0.toString(16)} at ${pos}`, pos);
    }
    const dataSize = readU24(bytes, pos + 1);
    const end = pos + FLV_TAG_HEADER_SIZE + dataSize + FLV_PREVIOUS_TAG_SIZE;
    if (end > bytes.length) break;
    const previous = readU32(bytes, end - FLV_PREVIOUS_TAG_SIZE);
    if (previous !== dataSize + FLV_TAG_HEADER_SIZE) {
      return damaged(scan, FlvErrorCode.BadPreviousTagSize, `PreviousTagSize ${previous} at ${end - 4}`, pos);
    }
    const type = b0 & 0x1f;
    const tag: FlvTagLocation = {
      type,
      offset: pos,
      end,
      timestamp: (bytes[pos + 7]! * 0x1000000 + readU24(bytes, pos + 4)) >>> 0,
      dataSize,
    };
    const first = dataSize > 0 ? bytes[pos + FLV_TAG_HEADER_SIZE] : undefined;
    if (audioOnly ? type === 8 : type === 9 && first !== undefined && (first & 0xf0) === 0x10)
      scan.resumeTag = tag;
    if (
      scan.metadataTag === undefined &&
      type === 18 &&
      onMetaDataBody(bytes.subarray(pos + FLV_TAG_HEADER_SIZE, end - 4))
    ) {
      scan.metadataTag = tag;
    }
    scan.lastTag = tag;
    scan.tagCount++;
    scan.validLength = end;
    pos = end;
  }
  return scan;
}

function damaged(
  scan: FlvFileScan,
  code: (typeof FlvErrorCode)['BadTagType' | 'BadPreviousTagSize'],
  message: string,
  offset: number,
): FlvFileScan {
  scan.valid = false;
  scan.error = new FlvError(code, message, { details: { offset } });
  return scan;
}
