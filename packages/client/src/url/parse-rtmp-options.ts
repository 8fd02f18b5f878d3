/**
 * librtmp's option string: `key=value` items separated by spaces after the URL (rtmp.c
 * `RTMP_SetupURL`, `RTMP_SetOpt` and its `options[]` table; librtmp(3); protocol.md §10).
 * Names match case-insensitively; values use `\XX` escapes ({@link unescapeRtmpOptionValue}).
 */
import { unescapeRtmpOptionValue } from './option-escape.js';
import { UrlErrorCode, urlError } from './url-error.js';

/** How an option's value is read. */
export type RtmpOptionKind = 'string' | 'integer' | 'boolean' | 'conn' | 'socks';

/** The option names librtmp knows, in their documented spelling. */
export type RtmpOptionName =
  | 'socks'
  | 'app'
  | 'tcUrl'
  | 'pageUrl'
  | 'swfUrl'
  | 'flashver'
  | 'conn'
  | 'playpath'
  | 'playlist'
  | 'live'
  | 'subscribe'
  | 'jtv'
  | 'token'
  | 'swfVfy'
  | 'swfAge'
  | 'start'
  | 'stop'
  | 'buffer'
  | 'timeout'
  | 'pubUser'
  | 'pubPasswd';

/** librtmp's `options[]` table: each name with its value kind. */
export const RTMP_URL_OPTIONS: Readonly<Record<RtmpOptionName, RtmpOptionKind>> = {
  socks: 'socks',
  app: 'string',
  tcUrl: 'string',
  pageUrl: 'string',
  swfUrl: 'string',
  flashver: 'string',
  conn: 'conn',
  playpath: 'string',
  playlist: 'boolean',
  live: 'boolean',
  subscribe: 'string',
  jtv: 'string',
  token: 'string',
  swfVfy: 'boolean',
  swfAge: 'integer',
  start: 'integer',
  stop: 'integer',
  buffer: 'integer',
  timeout: 'integer',
  pubUser: 'string',
  pubPasswd: 'string',
};

const byLowerName = new Map<string, RtmpOptionName>(
  (Object.keys(RTMP_URL_OPTIONS) as RtmpOptionName[]).map((name) => [name.toLowerCase(), name]),
);

/** Looks an option name up case-insensitively; `undefined` when librtmp does not know it. */
export function rtmpOptionName(name: string): RtmpOptionName | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** One `name=value` item of an option string. */
export interface RtmpUrlOption {
  /** The name in its documented spelling. */
  name: RtmpOptionName;
  /** The name as written. */
  written: string;
  /** The value with its escapes decoded. */
  value: string;
  /** Index of the item in the caller's input. */
  position: number;
}

/**
 * Splits an option string into items. Runs of spaces separate items; leading and trailing spaces
 * are ignored. The value is everything after the first `=` up to the next space.
 *
 * @param text - the option string (what follows the URL's first space)
 * @param offset - index of `text` in the caller's input, added to error positions
 * @param maxItems - refuse more items than this (default 1024)
 * @throws {RtmpError} URL_INVALID — an item without `=`, or more than `maxItems` items
 * @throws {RtmpError} URL_UNKNOWN_OPTION — a name librtmp does not know
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — a bad `\XX` escape
 */
export function parseRtmpOptionString(text: string, offset = 0, maxItems = 1024): RtmpUrlOption[] {
  const items: RtmpUrlOption[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x20) {
      i++;
      continue;
    }
    let end = text.indexOf(' ', i);
    if (end < 0) end = text.length;
    const item = text.slice(i, end);
    const position = offset + i;
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw urlError(UrlErrorCode.Invalid, `option "${item}" has no "=value"`, { position, option: item });
    }
    const written = item.slice(0, eq);
    const name = rtmpOptionName(written);
    if (name === undefined) {
      throw urlError(UrlErrorCode.UnknownOption, `unknown option "${written}"`, {
        position,
        option: written,
      });
    }
    if (items.length >= maxItems) {
      throw urlError(UrlErrorCode.Invalid, `more than ${maxItems} options`, { position, limit: maxItems });
    }
    const value = unescapeRtmpOptionValue(item.slice(eq + 1), position + eq + 1, written);
    items.push({ name, written, value, position });
    i = end;
  }
  return items;
}
