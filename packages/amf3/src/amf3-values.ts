/**
 * Ergonomic AMF3 values that have no plain JavaScript equivalent (AMF3 spec §3.10 array with an
 * associative part, §3.15 Vector.<Object>).
 *
 * The full mapping: undefined/null/boolean/number/string as themselves (integers in
 * -2^28..2^28-1 are written with marker 0x04, other numbers as doubles); `Date`; `Array` (dense
 * array); {@link MixedArray} (array with associative part); null-prototype records (anonymous
 * objects, sealed and dynamic members merged); `TypedObject` (objects with a class name);
 * `Uint8Array` (ByteArray; decoded as a copy); `Int32Array`/`Uint32Array`/`Float64Array`
 * (Vector.<int>/<uint>/<Number>); {@link VectorObject}; `Map` (Dictionary); `XmlDocument`/`Xml`.
 */

/** An AMF3 array with a non-empty associative (string-keyed) part. */
export class MixedArray {
  /** The dense, 0-based part. */
  readonly dense: unknown[];
  /** The associative part, as a null-prototype record. */
  readonly associative: Record<string, unknown>;
  constructor(dense: unknown[], associative: Record<string, unknown>) {
    this.dense = dense;
    this.associative = associative;
  }
}

/** A `Vector.<Object>` (or `Vector.<SomeClass>`) value. */
export class VectorObject {
  /** Element class name; the empty string (or `"*"`) for untyped vectors. */
  readonly className: string;
  readonly items: unknown[];
  /** Whether the vector has a fixed length. */
  readonly fixed: boolean;
  constructor(className: string, items: unknown[], fixed = false) {
    this.className = className;
    this.items = items;
    this.fixed = fixed;
  }
}

/** Wraps a dense and an associative part into an AMF3 array. Throws nothing. */
export function mixedArray(dense: unknown[], associative: Record<string, unknown>): MixedArray {
  return new MixedArray(dense, associative);
}

/** Wraps items into a `Vector.<className>`. Throws nothing. */
export function vectorObject(items: unknown[], className = '', fixed = false): VectorObject {
  return new VectorObject(className, items, fixed);
}

/**
 * True for values only AMF3 can carry (AMF0 writes them after an AVM+ switch): `Uint8Array`,
 * `Int32Array`, `Uint32Array`, `Float64Array`, `Map`, {@link MixedArray}, {@link VectorObject}.
 * Throws nothing.
 */
export function isAmf3OnlyValue(value: unknown): boolean {
  return (
    value instanceof Uint8Array ||
    value instanceof Int32Array ||
    value instanceof Uint32Array ||
    value instanceof Float64Array ||
    value instanceof Map ||
    value instanceof MixedArray ||
    value instanceof VectorObject
  );
}
