/**
 * Shared pieces of the E-RTMP v1/v2 tag headers (protocol.md §8.5): FourCC reading and the ModEx
 * prefix (packet type 7: U8 size-1, or 255 then U16 size-1; modifier bytes; then
 * `modExType(4) | nextPacketType(4)`, repeated while the next type is ModEx again).
 */

import { FlvError, FlvErrorCode } from './flv-error.js';

/** E-RTMP packet type value meaning "ModEx prefix follows" (audio and video). */
export const MOD_EX_PACKET_TYPE = 7;

/** Reads the 4 bytes at `offset` as a FourCC string (Latin-1). No bounds check; throws nothing. */
export function fourCcAt(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}

/** The FourCC as the number onMetaData uses for `videocodecid`/`audiocodecid` (`av01` → 0x61763031). */
export function fourCcToNumber(fourCc: string): number {
  return (
    ((fourCc.charCodeAt(0) << 24) |
      (fourCc.charCodeAt(1) << 16) |
      (fourCc.charCodeAt(2) << 8) |
      fourCc.charCodeAt(3)) >>>
    0
  );
}

/** Result of {@link skipModEx}. */
export interface ModExResult {
  /** The packet type after the ModEx chain. */
  packetType: number;
  /** Offset after the chain. */
  offset: number;
  /** TimestampOffsetNano (modExType 0) if present: nanoseconds added to the timestamp. */
  timestampOffsetNano?: number;
}

/**
 * Skips a chain of ModEx prefixes starting at `offset` (the byte after the one carrying packet type 7).
 * @throws {FlvError} FLV_SHORT_TAG_BODY — the chain runs past the end of the body.
 */
export function skipModEx(body: Uint8Array, offset: number): ModExResult {
  let pos = offset;
  const result: ModExResult = { packetType: MOD_EX_PACKET_TYPE, offset };
  while (result.packetType === MOD_EX_PACKET_TYPE) {
    need(body, pos + 1);
    let size = body[pos]! + 1;
    pos += 1;
    if (size === 256) {
      need(body, pos + 2);
      size = ((body[pos]! << 8) | body[pos + 1]!) + 1;
      pos += 2;
    }
    need(body, pos + size + 1);
    const modifier = body.subarray(pos, pos + size);
    pos += size;
    const b = body[pos]!;
    pos += 1;
    if (b >>> 4 === 0 && modifier.length >= 3) {
      result.timestampOffsetNano = (modifier[0]! << 16) | (modifier[1]! << 8) | modifier[2]!;
    }
    result.packetType = b & 0x0f;
  }
  result.offset = pos;
  return result;
}

function need(body: Uint8Array, end: number): void {
  if (end > body.length) {
    throw new FlvError(
      FlvErrorCode.ShortTagBody,
      `E-RTMP ModEx prefix runs past the tag body (${body.length} bytes)`,
      {
        details: { needed: end, length: body.length },
      },
    );
  }
}
