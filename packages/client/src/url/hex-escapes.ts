/**
 * Decoding of two-hex-digit byte escapes, shared by the playpath parser (`%XX`, librtmp
 * parseurl.c `RTMP_ParsePlaypath`) and the option string (`\XX`, rtmp.c `RTMP_SetupURL`).
 *
 * Escaped bytes are collected and decoded as UTF-8 together, so `%C3%A9` (or `\c3\a9`) gives
 * `é`; bytes that are not valid UTF-8 become U+FFFD. Characters that are not escapes are kept.
 */
import { decodeUtf8 } from '@rtmp/core';

function hexValue(unit: number): number {
  if (unit >= 0x30 && unit <= 0x39) return unit - 0x30;
  const lower = unit | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Decodes `marker` + two hex digits as bytes. `onInvalid(index)` is called for a marker that is
 * not followed by two hex digits (index into `text`); when it returns, the marker is kept as a
 * literal character.
 */
export function decodeHexEscapes(text: string, marker: string, onInvalid: (index: number) => void): string {
  const markerUnit = marker.charCodeAt(0);
  let first = text.indexOf(marker);
  if (first < 0) return text;
  let out = text.slice(0, first);
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      out += decodeUtf8(Uint8Array.from(bytes), 0, bytes.length);
      bytes = [];
    }
  };
  for (let i = first; i < text.length; ) {
    const unit = text.charCodeAt(i);
    if (unit === markerUnit) {
      const high = i + 1 < text.length ? hexValue(text.charCodeAt(i + 1)) : -1;
      const low = i + 2 < text.length ? hexValue(text.charCodeAt(i + 2)) : -1;
      if (high >= 0 && low >= 0) {
        bytes.push(high * 16 + low);
        i += 3;
        continue;
      }
      onInvalid(i);
    }
    flush();
    // Copy up to the next marker in one slice.
    first = text.indexOf(marker, i + 1);
    const stop = first < 0 ? text.length : first;
    out += text.slice(i, stop);
    i = stop;
  }
  flush();
  return out;
}
