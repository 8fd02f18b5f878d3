/**
 * @rtmp/amf0 — a fast, bounded AMF0 encoder and decoder (AMF0 specification; protocol.md §4.1)
 * with an ergonomic view (plain JS values) and a lossless view (tagged nodes, byte-exact).
 */
export { TypedObject, typedObject, Xml, XmlDocument, xmlDocument } from '@rtmp/amf3';
export { type Amf0DecodeResult, Amf0Decoder } from './amf0-decoder.js';
export { Amf0Encoder } from './amf0-encoder.js';
export { Amf0Error, Amf0ErrorCode, type Amf0ErrorCodeValue } from './amf0-error.js';
export { Amf0Marker, type Amf0MarkerValue } from './amf0-marker.js';
export type { Amf0Node, Amf0NodeType, Amf0Property } from './amf0-node.js';
export {
  type Amf0DecodeOptions,
  type Amf0EncodeOptions,
  DEFAULT_AMF0_DECODE_OPTIONS,
  type ResolvedAmf0DecodeOptions,
} from './amf0-options.js';
export type { Amf0Object, Amf0Value } from './amf0-value.js';
export { decodeAmf0, decodeAmf0Lossless, decodeAmf0Value } from './decode-amf0.js';
export { EcmaArray, ecmaArray } from './ecma-array.js';
export { encodeAmf0, encodeAmf0Lossless } from './encode-amf0.js';
