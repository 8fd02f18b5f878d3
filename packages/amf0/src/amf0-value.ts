/**
 * The ergonomic AMF0 value model (AMF0 spec §2): plain JavaScript values in, plain values out.
 *
 * | AMF0 | decoded as | encoded from |
 * | --- | --- | --- |
 * | number 0x00 | `number` | `number` |
 * | boolean 0x01 | `boolean` | `boolean` |
 * | string 0x02 / long string 0x0C | `string` | `string` (long string above 65535 bytes) |
 * | object 0x03 | null-prototype record | any other object |
 * | null 0x05 / undefined 0x06 / unsupported 0x0D | `null` / `undefined` / `undefined` | same |
 * | reference 0x07 | the same JS object as the referenced value | — |
 * | ECMA array 0x08 | null-prototype record | {@link EcmaArray} (`ecmaArray({...})`) |
 * | strict array 0x0A | `Array` | `Array` |
 * | date 0x0B | `Date` (timezone ignored) | `Date` (timezone 0) |
 * | XML document 0x0F | `XmlDocument` | `XmlDocument` (`xmlDocument('<a/>')`) |
 * | typed object 0x10 | `TypedObject` | `TypedObject` (`typedObject('Cls', {...})`) |
 * | AVM+ 0x11 | the AMF3 ergonomic value | values AMF0 cannot hold (`Uint8Array`, `Map`, ...) |
 */

import type { Amf3Value, TypedObject, XmlDocument } from '@rtmp/amf3';
import type { EcmaArray } from './ecma-array.js';

/** An AMF0 anonymous object or ECMA array as decoded: a null-prototype record. */
export interface Amf0Object {
  [key: string]: Amf0Value;
}

/** Any value the ergonomic encoder accepts or the ergonomic decoder returns. */
export type Amf0Value =
  | number
  | boolean
  | string
  | null
  | undefined
  | Date
  | Amf0Value[]
  | Amf0Object
  | EcmaArray
  | TypedObject
  | XmlDocument
  /** Values after an AVM+ switch: `Uint8Array`, typed arrays, `Map`, `MixedArray`, `VectorObject`, `Xml`. */
  | Amf3Value;
