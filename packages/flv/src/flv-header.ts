/**
 * The 9-byte FLV file header (FLV 10.1 spec E.2; protocol.md §8.1):
 * `'F' 'L' 'V'`, U8 version (1), U8 flags (0x04 audio, 0x01 video), U32 DataOffset (9).
 */

import { FlvError, FlvErrorCode } from './flv-error.js';
import { FLV_FLAG_AUDIO, FLV_FLAG_VIDEO, FLV_HEADER_SIZE } from './flv-tag-type.js';

/** A decoded FLV file header. */
export interface FlvHeader {
  /** Version byte (1 for every FLV in the wild). */
  version: number;
  /** The raw flags byte. */
  flags: number;
  /** Flags bit 2 (0x04). */
  hasAudio: boolean;
  /** Flags bit 0 (0x01). */
  hasVideo: boolean;
  /** Offset of the first PreviousTagSize field (9 for version 1). */
  dataOffset: number;
}

/** Options for {@link decodeFlvHeader}. */
export interface FlvHeaderOptions {
  /** Reject versions other than 1 (default false: any version is accepted). */
  strictVersion?: boolean;
  /** Largest DataOffset accepted (default 4096). */
  maxDataOffset?: number;
}

/**
 * Decodes the 9-byte header at `offset` of `bytes`.
 * @throws {FlvError} FLV_TRUNCATED — fewer than 9 bytes.
 * @throws {FlvError} FLV_BAD_SIGNATURE — the bytes do not start with `FLV`.
 * @throws {FlvError} FLV_BAD_VERSION — `strictVersion` and the version is not 1.
 * @throws {FlvError} FLV_BAD_DATA_OFFSET — DataOffset below 9 or above `maxDataOffset`.
 */
export function decodeFlvHeader(bytes: Uint8Array, offset = 0, options: FlvHeaderOptions = {}): FlvHeader {
  if (bytes.length - offset < FLV_HEADER_SIZE) {
    throw new FlvError(FlvErrorCode.Truncated, `FLV header needs 9 bytes, got ${bytes.length - offset}`, {
      details: { offset, available: bytes.length - offset },
    });
  }
  if (bytes[offset] !== 0x46 || bytes[offset + 1] !== 0x4c || bytes[offset + 2] !== 0x56) {
    throw new FlvError(FlvErrorCode.BadSignature, 'not an FLV file: signature is not "FLV"', {
      details: { offset, signature: Array.from(bytes.subarray(offset, offset + 3)) },
    });
  }
  const version = bytes[offset + 3]!;
  if (options.strictVersion === true && version !== 1) {
    throw new FlvError(FlvErrorCode.BadVersion, `unsupported FLV version ${version}`, {
      details: { offset, version },
    });
  }
  const flags = bytes[offset + 4]!;
  const dataOffset =
    (bytes[offset + 5]! * 0x1000000 +
      ((bytes[offset + 6]! << 16) | (bytes[offset + 7]! << 8) | bytes[offset + 8]!)) >>>
    0;
  const maxDataOffset = options.maxDataOffset ?? 4096;
  if (dataOffset < FLV_HEADER_SIZE || dataOffset > maxDataOffset) {
    throw new FlvError(
      FlvErrorCode.BadDataOffset,
      `FLV DataOffset ${dataOffset} outside 9..${maxDataOffset}`,
      {
        details: { offset, dataOffset, limit: maxDataOffset },
      },
    );
  }
  return {
    version,
    flags,
    hasAudio: (flags & FLV_FLAG_AUDIO) !== 0,
    hasVideo: (flags & FLV_FLAG_VIDEO) !== 0,
    dataOffset,
  };
}

/**
 * Encodes the 13 bytes rtmpdump writes first: the 9-byte header (version 1, DataOffset 9) and
 * PreviousTagSize0 = 0. `flags` is the raw flags byte (0x04 audio | 0x01 video).
 * @throws {FlvError} FLV_INVALID_ARGUMENT — `flags` is not a byte.
 */
export function encodeFlvHeader(flags: number): Uint8Array {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) {
    throw new FlvError(FlvErrorCode.InvalidArgument, `FLV flags ${flags} is not a byte`, {
      details: { flags },
    });
  }
  return Uint8Array.of(0x46, 0x4c, 0x56, 0x01, flags, 0, 0, 0, 9, 0, 0, 0, 0);
}
