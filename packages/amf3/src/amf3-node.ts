/**
 * The lossless AMF3 node model (AMF3 spec §3): one tagged node per value that keeps what the
 * wire carried — which strings, objects and traits were sent by reference, trait layouts, the
 * associative part of arrays, vector fixed flags, dictionary weak-key flags — so that
 * `encodeAmf3Lossless(decodeAmf3Lossless(bytes))` reproduces `bytes` (for valid UTF-8 text and
 * minimal U29 encodings).
 */

/** A string slot (value, key, class name, member name); `ref` is set when it was sent by reference. */
export interface Amf3StringNode {
  readonly type: 'string';
  readonly value: string;
  /** Index into the string table when the wire carried a reference instead of the text. */
  readonly ref?: number;
}

/** Class layout of an object (AMF3 spec §3.12). */
export interface Amf3Traits {
  /** Class name; the empty string for anonymous objects. */
  readonly className: Amf3StringNode;
  readonly dynamic: boolean;
  readonly externalizable: boolean;
  /** Sealed member names, in order. */
  readonly sealed: readonly Amf3StringNode[];
}

/** One `key: value` pair of an array's associative part or an object's dynamic members. */
export interface Amf3Member {
  readonly key: Amf3StringNode;
  readonly value: Amf3Node;
}

/** A lossless AMF3 value. */
export type Amf3Node =
  | { readonly type: 'undefined' }
  | { readonly type: 'null' }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'double'; readonly value: number }
  | Amf3StringNode
  /** Reference into the object table (objects, arrays, dates, XML, byte arrays, vectors, dictionaries). */
  /** `marker`: the type marker the reference was sent with (0x07–0x11). */
  | { readonly type: 'reference'; readonly index: number; readonly marker: number }
  | { readonly type: 'xml-document'; readonly value: string }
  | { readonly type: 'xml'; readonly value: string }
  | { readonly type: 'date'; readonly value: number }
  | {
      readonly type: 'array';
      readonly associative: readonly Amf3Member[];
      readonly dense: readonly Amf3Node[];
    }
  | {
      readonly type: 'object';
      readonly traits: Amf3Traits;
      /** Index into the traits table when the traits were sent by reference. */
      readonly traitsRef?: number;
      /** Values of the sealed members, in trait order. */
      readonly sealedValues: readonly Amf3Node[];
      /** Dynamic members, in wire order (empty unless `traits.dynamic`). */
      readonly dynamicMembers: readonly Amf3Member[];
    }
  | {
      readonly type: 'externalizable';
      readonly traits: Amf3Traits;
      readonly traitsRef?: number;
      /** What the registered handler read. */
      readonly value: unknown;
    }
  /** Raw bytes (a copy, safe to keep). */
  | { readonly type: 'byte-array'; readonly value: Uint8Array }
  | { readonly type: 'vector-int'; readonly fixed: boolean; readonly items: readonly number[] }
  | { readonly type: 'vector-uint'; readonly fixed: boolean; readonly items: readonly number[] }
  | { readonly type: 'vector-double'; readonly fixed: boolean; readonly items: readonly number[] }
  | {
      readonly type: 'vector-object';
      readonly fixed: boolean;
      readonly className: Amf3StringNode;
      readonly items: readonly Amf3Node[];
    }
  | {
      readonly type: 'dictionary';
      readonly weakKeys: boolean;
      readonly entries: readonly { readonly key: Amf3Node; readonly value: Amf3Node }[];
    };

/** The `type` tag of an {@link Amf3Node}. */
export type Amf3NodeType = Amf3Node['type'];
