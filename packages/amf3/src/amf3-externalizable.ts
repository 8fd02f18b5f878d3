/**
 * Externalizable objects (AMF3 specification §3.12, traits flag `…111`): the body is written by
 * the class itself and cannot be decoded generically. A handler registered per class name reads
 * (and, for the lossless encoder, writes) it. `flexExternalizableHandlers` covers the Flex
 * wrappers `ArrayCollection`, `ArrayList` and `ObjectProxy`, whose body is one AMF3 value.
 */

/** What a handler may read: the rest of the AMF3 input, in the same reference context. */
export interface Amf3ExternalInput {
  /** True in the lossless view: {@link readValue} returns `Amf3Node`s there. */
  readonly lossless: boolean;
  /** Reads one AMF3 value (an ergonomic value, or an `Amf3Node` when `lossless`). */
  readValue(): unknown;
  readU8(): number;
  readU32(): number;
  readDouble(): number;
  /** A copy of the next `length` bytes (bounded by `maxStringLength`). */
  readBytes(length: number): Uint8Array;
}

/** What a handler may write in the lossless encoder. */
export interface Amf3ExternalOutput {
  /** Writes one `Amf3Node`. */
  writeValue(node: unknown): void;
  writeU8(value: number): void;
  writeU32(value: number): void;
  writeDouble(value: number): void;
  writeBytes(bytes: Uint8Array): void;
}

/** Reads and writes the class-specific body of one externalizable class. */
export interface Amf3ExternalizableHandler {
  read(input: Amf3ExternalInput): unknown;
  write?(output: Amf3ExternalOutput, value: unknown): void;
}

const singleValue: Amf3ExternalizableHandler = {
  read: (input) => input.readValue(),
  write: (output, value) => output.writeValue(value),
};

/**
 * Handlers for `flex.messaging.io.ArrayCollection`, `flex.messaging.io.ArrayList` and
 * `flex.messaging.io.ObjectProxy`: each wraps exactly one AMF3 value, which is returned as is.
 */
export const flexExternalizableHandlers: Readonly<Record<string, Amf3ExternalizableHandler>> = Object.freeze({
  'flex.messaging.io.ArrayCollection': singleValue,
  'flex.messaging.io.ArrayList': singleValue,
  'flex.messaging.io.ObjectProxy': singleValue,
});
