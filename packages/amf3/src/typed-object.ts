/**
 * TypedObject: the ergonomic value for an object that carries a class name (AMF0 spec §2.18
 * typed object, AMF3 spec §3.12 object with a non-empty class name).
 *
 * Shared by @rtmp/amf0 and @rtmp/amf3 so a typed object decoded from one format encodes into the
 * other unchanged. Properties live in a null-prototype record.
 */

/** An object with a class name, e.g. `flex.messaging.messages.RemotingMessage`. */
export class TypedObject {
  /** The class (alias) name; never empty. */
  readonly className: string;
  /** The properties, as a null-prototype record. */
  readonly properties: Record<string, unknown>;

  constructor(className: string, properties: Record<string, unknown>) {
    this.className = className;
    this.properties = properties;
  }
}

/**
 * Wraps `properties` so the AMF0/AMF3 encoders write a typed object with `className`.
 * The properties are copied into a null-prototype record. Throws nothing.
 */
export function typedObject(className: string, properties: Record<string, unknown> = {}): TypedObject {
  const record: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(properties)) {
    Object.defineProperty(record, key, {
      value: properties[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return new TypedObject(className, record);
}
