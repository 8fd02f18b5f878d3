/**
 * The `\XX` escapes of librtmp's option string (rtmp.c `RTMP_SetupURL`, librtmp(3) "URL"):
 * a value cannot contain a space, so a space is written `\20`, a backslash `\5c`.
 */
import { decodeHexEscapes } from './hex-escapes.js';
import { UrlErrorCode, urlError } from './url-error.js';

/**
 * Decodes the `\XX` escapes of one option value (bytes decoded as UTF-8, invalid UTF-8 → U+FFFD).
 *
 * @param value - the value as written after `name=`
 * @param position - index of `value` in the whole input, for error details
 * @param option - the option name, for error details
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — a backslash not followed by two hex digits
 *   (`details.position` points at the backslash)
 */
export function unescapeRtmpOptionValue(value: string, position = 0, option = ''): string {
  return decodeHexEscapes(value, '\\', (index) => {
    throw urlError(
      UrlErrorCode.BadOptionValue,
      `option ${option || 'value'}: "\\" must be followed by two hex digits (write "\\5c" for a backslash)`,
      { position: position + index, option },
    );
  });
}

function hex2(byte: number): string {
  return (byte < 16 ? '0' : '') + byte.toString(16);
}

/**
 * Escapes a value for librtmp's option string: space, backslash and control characters
 * (U+0000–U+001F, U+007F) become `\XX`; everything else (including non-ASCII) is kept as is.
 * `unescapeRtmpOptionValue(escapeRtmpOptionValue(s)) === s` for every string without lone
 * surrogates. Throws nothing.
 */
export function escapeRtmpOptionValue(value: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit <= 0x20 || unit === 0x5c || unit === 0x7f) {
      out += `${value.slice(start, i)}\\${hex2(unit)}`;
      start = i + 1;
    }
  }
  return start === 0 ? value : out + value.slice(start);
}
