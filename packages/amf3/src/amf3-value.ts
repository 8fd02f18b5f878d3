/**
 * The ergonomic AMF3 value type (AMF3 specification §3; the mapping is in amf3-values.ts).
 */

import type { MixedArray, VectorObject } from './amf3-values.js';
import type { TypedObject } from './typed-object.js';
import type { Xml, XmlDocument } from './xml-document.js';

/** An AMF3 anonymous object as decoded: a null-prototype record. */
export interface Amf3Object {
  [key: string]: Amf3Value;
}

/** Any value the ergonomic AMF3 encoder accepts or the decoder returns. */
export type Amf3Value =
  | undefined
  | null
  | boolean
  | number
  | string
  | Date
  | Amf3Value[]
  | Amf3Object
  | MixedArray
  | TypedObject
  | Uint8Array
  | Int32Array
  | Uint32Array
  | Float64Array
  | VectorObject
  | Map<unknown, unknown>
  | XmlDocument
  | Xml;
