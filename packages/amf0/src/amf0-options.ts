/**
 * Decoder and encoder limits for @rtmp/amf0. Everything read from the network is bounded.
 */

import type { Amf3DecodeOptions } from '@rtmp/amf3';

/** Limits applied while decoding AMF0 (each has a safe default). */
export interface Amf0DecodeOptions {
  /** Deepest nesting of objects/arrays (default 64). `AMF0_DEPTH_EXCEEDED` past it. */
  maxDepth?: number;
  /** Longest string, long string, XML document or key, in UTF-8 bytes (default 16 MiB). */
  maxStringLength?: number;
  /** Most properties in one object, typed object or ECMA array (default 65536). */
  maxKeysPerObject?: number;
  /** Most values in one decode call, counted over all nesting levels (default 1,000,000). */
  maxElements?: number;
  /** Largest reference table (complex values) per decode call (default 65536). */
  maxReferences?: number;
  /**
   * Options for values after an AVM+ switch (0x11). Defaults: the limits above, no
   * externalizable handlers. AMF3 nesting counts from the switch, so the total depth is at most
   * `maxDepth + amf3.maxDepth`.
   */
  amf3?: Amf3DecodeOptions;
}

/** Limits applied while encoding AMF0. */
export interface Amf0EncodeOptions {
  /** Deepest nesting written; guards against cyclic values (default 64). */
  maxDepth?: number;
  /** Initial output buffer size in bytes (default 1024); it doubles as needed. */
  initialBufferSize?: number;
  /** Largest output in bytes (default 64 MiB). `CORE_BUFFER_LIMIT` past it. */
  maxBufferSize?: number;
}

/** {@link Amf0DecodeOptions} with every default applied. */
export interface ResolvedAmf0DecodeOptions {
  readonly maxDepth: number;
  readonly maxStringLength: number;
  readonly maxKeysPerObject: number;
  readonly maxElements: number;
  readonly maxReferences: number;
  readonly amf3: Amf3DecodeOptions | undefined;
}

/** The default decode limits. */
export const DEFAULT_AMF0_DECODE_OPTIONS: ResolvedAmf0DecodeOptions = Object.freeze({
  maxDepth: 64,
  maxStringLength: 16 * 1024 * 1024,
  maxKeysPerObject: 65536,
  maxElements: 1_000_000,
  maxReferences: 65536,
  amf3: undefined,
});

/** Applies the defaults to `options`. Throws nothing. */
export function resolveAmf0DecodeOptions(options: Amf0DecodeOptions = {}): ResolvedAmf0DecodeOptions {
  const d = DEFAULT_AMF0_DECODE_OPTIONS;
  return {
    maxDepth: options.maxDepth ?? d.maxDepth,
    maxStringLength: options.maxStringLength ?? d.maxStringLength,
    maxKeysPerObject: options.maxKeysPerObject ?? d.maxKeysPerObject,
    maxElements: options.maxElements ?? d.maxElements,
    maxReferences: options.maxReferences ?? d.maxReferences,
    amf3: options.amf3,
  };
}
