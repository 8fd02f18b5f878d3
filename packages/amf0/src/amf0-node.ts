/**
 * The lossless AMF0 node model (AMF0 spec §2): one tagged node per value, keeping everything
 * the wire carried — long vs short strings, ECMA array declared counts, property order and
 * duplicates, references as references, date timezones, the exact boolean byte — so that
 * `encodeAmf0Lossless(decodeAmf0Lossless(bytes))` reproduces `bytes` (for valid UTF-8 text).
 */

import type { Amf3Node } from '@rtmp/amf3';

/** One `key: value` pair of an object, typed object or ECMA array, in wire order. */
export interface Amf0Property {
  readonly key: string;
  readonly value: Amf0Node;
}

/** A lossless AMF0 value. */
export type Amf0Node =
  | { readonly type: 'number'; readonly value: number }
  /** `byte` is present only when the wire byte was neither 0 nor 1. */
  | { readonly type: 'boolean'; readonly value: boolean; readonly byte?: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'long-string'; readonly value: string }
  | { readonly type: 'object'; readonly properties: readonly Amf0Property[] }
  | { readonly type: 'null' }
  | { readonly type: 'undefined' }
  | { readonly type: 'unsupported' }
  /** Index into the table of complex values (objects, typed objects, ECMA and strict arrays). */
  | { readonly type: 'reference'; readonly index: number }
  | { readonly type: 'ecma-array'; readonly entries: readonly Amf0Property[]; readonly declaredCount: number }
  | { readonly type: 'strict-array'; readonly items: readonly Amf0Node[] }
  /** `value`: milliseconds since the epoch; `timezone`: the reserved S16 field as sent. */
  | { readonly type: 'date'; readonly value: number; readonly timezone: number }
  | { readonly type: 'xml-document'; readonly value: string }
  | {
      readonly type: 'typed-object';
      readonly className: string;
      readonly properties: readonly Amf0Property[];
    }
  /** An AVM+ switch (0x11) followed by one AMF3 value. */
  | { readonly type: 'avmplus'; readonly value: Amf3Node };

/** The `type` tag of an {@link Amf0Node}. */
export type Amf0NodeType = Amf0Node['type'];
