/**
 * AMF3 type markers (AMF3 specification §3.1, protocol.md §4.2).
 */

/** The one-byte type marker that starts every AMF3 value. */
export const Amf3Marker = {
  Undefined: 0x00,
  Null: 0x01,
  False: 0x02,
  True: 0x03,
  Integer: 0x04,
  Double: 0x05,
  String: 0x06,
  XmlDocument: 0x07,
  Date: 0x08,
  Array: 0x09,
  Object: 0x0a,
  Xml: 0x0b,
  ByteArray: 0x0c,
  VectorInt: 0x0d,
  VectorUint: 0x0e,
  VectorDouble: 0x0f,
  VectorObject: 0x10,
  Dictionary: 0x11,
} as const;

/** One of the {@link Amf3Marker} values. */
export type Amf3MarkerValue = (typeof Amf3Marker)[keyof typeof Amf3Marker];
