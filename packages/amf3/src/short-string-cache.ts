/**
 * ShortStringCache: interns short UTF-8 strings (AMF object keys, class names, command names).
 *
 * AMF messages repeat the same few keys (`app`, `tcUrl`, `level`, `code`, `duration`, ...). The
 * idea comes from msgpack-javascript's CachedKeyDecoder: bucket cached strings by byte length,
 * compare the candidate bytes, and hand back the already-built string instead of decoding and
 * allocating a new one. Used by the AMF0 (AMF0 spec §2.2, UTF-8 keys) and AMF3 (AMF3 spec §3.8)
 * decoders. Bounded: at most `maxEntriesPerLength` strings per length, `maxLength` bytes each.
 */

import { decodeUtf8 } from '@rtmp/core';

interface CacheEntry {
  readonly bytes: Uint8Array;
  readonly value: string;
}

/**
 * A bounded cache of decoded short strings, keyed by their UTF-8 bytes. Never throws.
 */
export class ShortStringCache {
  private readonly buckets: CacheEntry[][] = [];
  private readonly maxLength: number;
  private readonly maxEntriesPerLength: number;

  /**
   * @param maxLength - longest string (in bytes) that is cached (default 16)
   * @param maxEntriesPerLength - strings kept per byte length (default 16); later ones bypass
   */
  constructor(maxLength = 16, maxEntriesPerLength = 16) {
    this.maxLength = maxLength;
    this.maxEntriesPerLength = maxEntriesPerLength;
    for (let i = 0; i <= maxLength; i++) this.buckets.push([]);
  }

  /**
   * Returns `length` bytes at `offset` decoded as UTF-8 (invalid sequences become U+FFFD),
   * from the cache when they were seen before. The caller has bounds-checked the range.
   */
  decode(bytes: Uint8Array, offset: number, length: number): string {
    if (length > this.maxLength || length === 0) return decodeUtf8(bytes, offset, length);
    const bucket = this.buckets[length]!;
    for (let e = 0; e < bucket.length; e++) {
      const entry = bucket[e]!;
      const cached = entry.bytes;
      let i = 0;
      while (i < length && cached[i] === bytes[offset + i]) i++;
      if (i === length) return entry.value;
    }
    const value = decodeUtf8(bytes, offset, length);
    if (bucket.length < this.maxEntriesPerLength) {
      bucket.push({ bytes: bytes.slice(offset, offset + length), value });
    }
    return value;
  }
}

/**
 * UTF-8 decode of a short string: the same as `decodeUtf8` of `@rtmp/core`, which now has this
 * ASCII fast path itself.
 * @deprecated use `decodeUtf8` from `@rtmp/core`.
 */
export function decodeShortUtf8(bytes: Uint8Array, offset: number, length: number): string {
  return decodeUtf8(bytes, offset, length);
}
