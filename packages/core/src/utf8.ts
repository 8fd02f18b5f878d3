/**
 * UTF-8 helpers (WHATWG Encoding Standard) shared by the AMF codecs, commands and FLV.
 *
 * Short ASCII strings — nearly every AMF key and command name — are decoded with a plain loop
 * whose char codes become one flat string through `String.fromCharCode` (several times faster
 * than `TextDecoder` for a dozen bytes, and about 1.5x faster than `+=`, which builds a rope); longer or non-ASCII input
 * goes through the platform's `TextDecoder`/`TextEncoder` (present in Node, browsers, Deno, Bun).
 */

interface MinimalTextDecoder {
  decode(input: Uint8Array): string;
}
interface MinimalTextEncoder {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
  encode(source: string): Uint8Array;
}
interface TextCodecGlobals {
  TextDecoder: new (label?: string, options?: { fatal?: boolean }) => MinimalTextDecoder;
  TextEncoder: new () => MinimalTextEncoder;
}

const globals = globalThis as unknown as TextCodecGlobals;
const lenientDecoder = new globals.TextDecoder('utf-8');
const encoder = new globals.TextEncoder();

/** Strings of at most this many bytes are decoded without `TextDecoder` when they are ASCII. */
const SHORT_STRING_BYTES = 40;

/**
 * Decodes `length` bytes of UTF-8 at `offset`. Invalid sequences become U+FFFD (as Flash did),
 * so a single bad byte from a server never makes a whole command unreadable.
 */
export function decodeUtf8(bytes: Uint8Array, offset: number, length: number): string {
  if (length <= SHORT_STRING_BYTES) {
    const units: number[] = [];
    for (let i = 0; i < length; i++) {
      const byte = bytes[offset + i]!;
      if (byte > 0x7f) return lenientDecoder.decode(bytes.subarray(offset, offset + length));
      units.push(byte);
    }
    return String.fromCharCode.apply(null, units);
  }
  return lenientDecoder.decode(bytes.subarray(offset, offset + length));
}

/** Upper bound of the UTF-8 length of `text` (3 bytes per UTF-16 unit). */
export function maxUtf8Length(text: string): number {
  return text.length * 3;
}

/** Exact UTF-8 byte length of `text` (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Writes `text` as UTF-8 into `target` at `offset` and returns the number of bytes written.
 * `target` must have at least {@link maxUtf8Length} bytes free.
 */
export function encodeUtf8Into(text: string, target: Uint8Array, offset: number): number {
  const length = text.length;
  // ASCII fast path: most AMF keys and values.
  let i = 0;
  for (; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) break;
    target[offset + i] = unit;
  }
  if (i === length) return length;
  return i + encoder.encodeInto(text.slice(i), target.subarray(offset + i)).written;
}

/** Encodes `text` as a new UTF-8 byte array. */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
