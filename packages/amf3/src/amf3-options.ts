/**
 * Decoder and encoder limits for @rtmp/amf3. Everything read from the network is bounded.
 */

import type { Amf3ExternalizableHandler } from './amf3-externalizable.js';

/** Limits and handlers applied while decoding AMF3 (each limit has a safe default). */
export interface Amf3DecodeOptions {
  /** Deepest nesting of objects/arrays/vectors/dictionaries (default 64). `AMF3_DEPTH_EXCEEDED`. */
  maxDepth?: number;
  /** Longest string, XML text or byte array, in bytes (default 16 MiB). */
  maxStringLength?: number;
  /** Most members in one object/array associative part/dictionary (default 65536). */
  maxKeysPerObject?: number;
  /** Most values in one decode call, over all nesting levels, vector items included (default 1,000,000). */
  maxElements?: number;
  /** Largest string, object and traits table, each (default 65536). */
  maxReferences?: number;
  /**
   * Readers for externalizable classes (traits flag `…111`), by class name. Without one, an
   * externalizable object throws `AMF3_EXTERNALIZABLE`. See `flexExternalizableHandlers`.
   */
  externalizable?: Readonly<Record<string, Amf3ExternalizableHandler>>;
}

/** {@link Amf3DecodeOptions} with every default applied. */
export interface ResolvedAmf3DecodeOptions {
  readonly maxDepth: number;
  readonly maxStringLength: number;
  readonly maxKeysPerObject: number;
  readonly maxElements: number;
  readonly maxReferences: number;
  readonly externalizable: Readonly<Record<string, Amf3ExternalizableHandler>>;
}

/** Limits and handlers applied while encoding AMF3. */
export interface Amf3EncodeOptions {
  /** Deepest nesting written (default 64). Cycles are written as references. */
  maxDepth?: number;
  /** Initial output buffer size in bytes (default 1024); it doubles as needed. */
  initialBufferSize?: number;
  /** Largest output in bytes (default 64 MiB). `CORE_BUFFER_LIMIT` past it. */
  maxBufferSize?: number;
  /** Writers for externalizable classes, by class name (lossless view only). */
  externalizable?: Readonly<Record<string, Amf3ExternalizableHandler>>;
}

/** The default decode limits. */
export const DEFAULT_AMF3_DECODE_OPTIONS: ResolvedAmf3DecodeOptions = Object.freeze({
  maxDepth: 64,
  maxStringLength: 16 * 1024 * 1024,
  maxKeysPerObject: 65536,
  maxElements: 1_000_000,
  maxReferences: 65536,
  externalizable: Object.freeze(Object.create(null)),
});

/** Applies the defaults to `options`. Throws nothing. */
export function resolveAmf3DecodeOptions(options: Amf3DecodeOptions = {}): ResolvedAmf3DecodeOptions {
  const d = DEFAULT_AMF3_DECODE_OPTIONS;
  return {
    maxDepth: options.maxDepth ?? d.maxDepth,
    maxStringLength: options.maxStringLength ?? d.maxStringLength,
    maxKeysPerObject: options.maxKeysPerObject ?? d.maxKeysPerObject,
    maxElements: options.maxElements ?? d.maxElements,
    maxReferences: options.maxReferences ?? d.maxReferences,
    externalizable: options.externalizable ?? d.externalizable,
  };
}
