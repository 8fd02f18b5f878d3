/**
 * EcmaArray: the ergonomic wrapper that makes the encoder write an AMF0 ECMA array (AMF0 spec
 * §2.10, marker 0x08) instead of an anonymous object. Decoded ECMA arrays are plain
 * null-prototype records; wrap one again to re-encode it as an ECMA array.
 */

/** Properties to be written as an ECMA array (e.g. `onMetaData`). */
export class EcmaArray {
  /** The properties, in insertion order. */
  readonly properties: Record<string, unknown>;
  constructor(properties: Record<string, unknown>) {
    this.properties = properties;
  }
}

/** Wraps `properties` so {@link encodeAmf0} writes an ECMA array. Throws nothing. */
export function ecmaArray(properties: Record<string, unknown>): EcmaArray {
  return new EcmaArray(properties);
}
