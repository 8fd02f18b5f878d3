/**
 * FLV tag types and fixed sizes (FLV 10.1 spec E.2 "FLV header", E.4.1 "FLV tag"; E-RTMP v2
 * adds type 15 for AMF3 script data). See protocol.md §8.1.
 */

/** FLV tag types (the low 5 bits of the tag's first byte). */
export const FlvTagType = {
  Audio: 8,
  Video: 9,
  /** E-RTMP v2: script data encoded in AMF3. */
  ScriptAmf3: 15,
  /** AMF0 script data (`onMetaData`). */
  Script: 18,
} as const;

/** A value of {@link FlvTagType}. */
export type FlvTagTypeValue = (typeof FlvTagType)[keyof typeof FlvTagType];

/** Size of the FLV file header (`FLV`, version, flags, DataOffset). */
export const FLV_HEADER_SIZE = 9;
/** Size of a tag header (type, DataSize, Timestamp, TimestampExtended, StreamID). */
export const FLV_TAG_HEADER_SIZE = 11;
/** Size of a PreviousTagSize field. */
export const FLV_PREVIOUS_TAG_SIZE = 4;
/** Largest DataSize a tag can declare (U24). */
export const FLV_MAX_DATA_SIZE = 0xffffff;
/** Header flag: the file has audio tags. */
export const FLV_FLAG_AUDIO = 0x04;
/** Header flag: the file has video tags. */
export const FLV_FLAG_VIDEO = 0x01;

/** True for the tag types this package knows (8, 9, 15, 18). Throws nothing. */
export function isKnownTagType(type: number): type is FlvTagTypeValue {
  return type === 8 || type === 9 || type === 18 || type === 15;
}
