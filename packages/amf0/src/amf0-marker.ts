/**
 * AMF0 type markers (AMF0 specification §2.1, protocol.md §4.1).
 */

/** The one-byte type marker that starts every AMF0 value. */
export const Amf0Marker = {
  Number: 0x00,
  Boolean: 0x01,
  String: 0x02,
  Object: 0x03,
  /** Reserved, never sent; decoding it throws `AMF0_RESERVED_MARKER`. */
  MovieClip: 0x04,
  Null: 0x05,
  Undefined: 0x06,
  Reference: 0x07,
  EcmaArray: 0x08,
  ObjectEnd: 0x09,
  StrictArray: 0x0a,
  Date: 0x0b,
  LongString: 0x0c,
  Unsupported: 0x0d,
  /** Reserved, never sent; decoding it throws `AMF0_RESERVED_MARKER`. */
  RecordSet: 0x0e,
  XmlDocument: 0x0f,
  TypedObject: 0x10,
  /** Switch to AMF3 for exactly one value. */
  AvmPlus: 0x11,
} as const;

/** One of the {@link Amf0Marker} values. */
export type Amf0MarkerValue = (typeof Amf0Marker)[keyof typeof Amf0Marker];
