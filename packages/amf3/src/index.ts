/**
 * @rtmp/amf3 — AMF3 (Action Message Format 3) encoder and decoder, bounded, with an ergonomic
 * view (plain JS values) and a lossless view (tagged nodes, byte-exact). AMF3 specification;
 * protocol.md §4.2.
 */
export { type Amf3DecodeResult, Amf3Decoder } from './amf3-decoder.js';
export { Amf3Encoder } from './amf3-encoder.js';
export { Amf3Error, Amf3ErrorCode, type Amf3ErrorCodeValue } from './amf3-error.js';
export {
  type Amf3ExternalInput,
  type Amf3ExternalizableHandler,
  type Amf3ExternalOutput,
  flexExternalizableHandlers,
} from './amf3-externalizable.js';
export {
  decodeAmf3,
  decodeAmf3Lossless,
  decodeAmf3Value,
  encodeAmf3,
  encodeAmf3Lossless,
} from './amf3-functions.js';
export { Amf3Marker, type Amf3MarkerValue } from './amf3-marker.js';
export type { Amf3Member, Amf3Node, Amf3NodeType, Amf3StringNode, Amf3Traits } from './amf3-node.js';
export {
  type Amf3DecodeOptions,
  type Amf3EncodeOptions,
  DEFAULT_AMF3_DECODE_OPTIONS,
  type ResolvedAmf3DecodeOptions,
} from './amf3-options.js';
export type { Amf3Object, Amf3Value } from './amf3-value.js';
export { isAmf3OnlyValue, MixedArray, mixedArray, VectorObject, vectorObject } from './amf3-values.js';
export { decodeShortUtf8, ShortStringCache } from './short-string-cache.js';
export { TypedObject, typedObject } from './typed-object.js';
export { INT29_MAX, INT29_MIN, int29FromU29, readU29, U29_MAX, writeInt29, writeU29 } from './u29.js';
export { Xml, XmlDocument, xmlDocument } from './xml-document.js';
