/**
 * Resolution of an RTMP address into full connection parameters: librtmp's `RTMP_SetupURL`
 * (URL, then the `key=value` option string after it, then the defaults) with rtmpdump's
 * precedence for command-line flags (protocol.md §10).
 *
 * Precedence, lowest first: what the URL says → the option string after the URL → the explicit
 * `options` argument (the CLI's flags). Derived values (port default, tcUrl, transport) are
 * computed last from the winners.
 */

import { applyExplicitOptions, type DraftParams, type Overrides } from './explicit-options.js';
import { checkRtmpConnItem, parseRtmpBoolean, parseRtmpInteger, parseRtmpSocks } from './option-value.js';
import { parseRtmpOptionString } from './parse-rtmp-options.js';
import { parseRtmpUrl } from './parse-rtmp-url.js';
import {
  DEFAULT_BUFFER_MS,
  DEFAULT_FLASH_VER,
  DEFAULT_SWF_AGE_DAYS,
  DEFAULT_TIMEOUT_S,
  type RtmpConnectionParams,
} from './rtmp-connection-params.js';
import { RTMP_PROTOCOLS } from './rtmp-protocol.js';
import { UrlErrorCode, urlError } from './url-error.js';

/** Bounds on what {@link resolveRtmpUrl} accepts. */
export interface ResolveRtmpUrlLimits {
  /** Longest input string, in UTF-16 units (default 65536). */
  maxLength?: number;
  /** Most `key=value` items in the option string (default 1024). */
  maxOptions?: number;
}

const LEADING_WHITESPACE = /^[ \t\r\n]*/;
const TRAILING_WHITESPACE = /[ \t\r\n]*$/;

/**
 * Resolves `rtmp://host[:port]/app/playpath [key=value ...]` into the full connection parameters
 * librtmp would use, with `options` (e.g. command-line flags) overriding both the URL and its
 * option string.
 *
 * @param input - the URL, optionally followed by librtmp options (`live=1 swfUrl=... conn=S:x`)
 * @param options - explicit values that win over everything in `input`
 * @param limits - input bounds
 * @throws {RtmpError} URL_INVALID — malformed URL (no `://`, no host, bad port or IPv6 literal,
 *   control characters), an option item without `=`, input over `limits`
 * @throws {RtmpError} URL_UNSUPPORTED_SCHEME — not rtmp/rtmpt/rtmpe/rtmpte/rtmps/rtmpts (`rtmfp`
 *   included), in the URL or `options.protocol`
 * @throws {RtmpError} URL_UNKNOWN_OPTION — an option name librtmp does not know (or an unknown
 *   key in `options`)
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — bad `\XX` escape, boolean, integer, socks or conn
 *   value, or a wrongly typed `options` value
 */
export function resolveRtmpUrl(
  input: string,
  options: Partial<RtmpConnectionParams> = {},
  limits: ResolveRtmpUrlLimits = {},
): RtmpConnectionParams {
  const maxLength = limits.maxLength ?? 65536;
  if (typeof input !== 'string') {
    throw urlError(UrlErrorCode.Invalid, 'the URL must be a string', { position: 0 });
  }
  if (input.length > maxLength) {
    throw urlError(UrlErrorCode.Invalid, `the URL is longer than ${maxLength} characters`, {
      position: maxLength,
      limit: maxLength,
    });
  }
  const start = LEADING_WHITESPACE.exec(input)![0].length;
  const trimmed = input.slice(start).replace(TRAILING_WHITESPACE, '');
  const space = trimmed.indexOf(' ');
  const urlText = space < 0 ? trimmed : trimmed.slice(0, space);
  const parsed = parseRtmpUrl(urlText, start);

  const draft: DraftParams = {
    protocol: parsed.protocol,
    host: parsed.host,
    port: parsed.port,
    app: parsed.app,
    playpath: parsed.playpath,
    tcUrl: null,
    swfUrl: null,
    pageUrl: null,
    flashVer: DEFAULT_FLASH_VER,
    conn: [],
    live: false,
    subscribe: null,
    playlist: false,
    start: 0,
    stop: 0,
    buffer: DEFAULT_BUFFER_MS,
    timeout: DEFAULT_TIMEOUT_S,
    token: null,
    jtv: null,
    swfVfy: false,
    swfAge: DEFAULT_SWF_AGE_DAYS,
    socks: null,
    user: parsed.user,
    pass: parsed.pass,
    pubUser: null,
    pubPasswd: null,
  };
  const overrides: Overrides = { urlParts: false };

  if (space >= 0) {
    const items = parseRtmpOptionString(
      trimmed.slice(space + 1),
      start + space + 1,
      limits.maxOptions ?? 1024,
    );
    for (const { name, written, value, position } of items) {
      const nullable = value.length === 0 ? null : value;
      switch (name) {
        case 'app':
          draft.app = value;
          overrides.urlParts = true;
          break;
        case 'tcUrl':
          draft.tcUrl = nullable;
          break;
        case 'playpath':
          draft.playpath = value;
          break;
        case 'flashver':
          draft.flashVer = value.length === 0 ? DEFAULT_FLASH_VER : value;
          break;
        case 'pageUrl':
        case 'swfUrl':
        case 'subscribe':
        case 'jtv':
        case 'token':
        case 'pubUser':
        case 'pubPasswd':
          draft[name] = nullable;
          break;
        case 'playlist':
        case 'live':
        case 'swfVfy':
          draft[name] = parseRtmpBoolean(value, written, position);
          break;
        case 'swfAge':
        case 'start':
        case 'stop':
        case 'buffer':
        case 'timeout':
          draft[name] = parseRtmpInteger(value, written, position);
          break;
        case 'conn':
          draft.conn.push(checkRtmpConnItem(value, written, position));
          break;
        case 'socks':
          draft.socks = value.length === 0 ? null : parseRtmpSocks(value, written, position);
          break;
      }
    }
  }

  applyExplicitOptions(draft, overrides, options);

  const info = RTMP_PROTOCOLS[draft.protocol];
  const port = draft.port ?? info.defaultPort;
  let tcUrl = draft.tcUrl;
  if (tcUrl === null) {
    if (!overrides.urlParts) tcUrl = parsed.tcUrl;
    else {
      const host = draft.host.includes(':') ? `[${draft.host}]` : draft.host;
      tcUrl = `${draft.protocol}://${host}:${port}/${draft.app}`;
    }
  }
  for (const key of ['transport', 'encrypted'] as const) {
    const given = options[key];
    const derived = info[key];
    if (given !== undefined && given !== derived) {
      throw urlError(
        UrlErrorCode.BadOptionValue,
        `${key} ${String(given)} contradicts protocol ${draft.protocol} (${key} ${String(derived)})`,
        { position: -1, option: key },
      );
    }
  }

  return {
    protocol: draft.protocol,
    transport: info.transport,
    encrypted: info.encrypted,
    host: draft.host,
    port,
    app: draft.app,
    playpath: draft.playpath,
    tcUrl,
    swfUrl: draft.swfUrl,
    pageUrl: draft.pageUrl,
    flashVer: draft.flashVer,
    conn: draft.conn,
    live: draft.live,
    subscribe: draft.subscribe,
    playlist: draft.playlist,
    start: draft.start,
    stop: draft.stop,
    buffer: draft.buffer,
    timeout: draft.timeout,
    token: draft.token,
    jtv: draft.jtv,
    swfVfy: draft.swfVfy,
    swfAge: draft.swfAge,
    socks: draft.socks,
    user: draft.user,
    pass: draft.pass,
    pubUser: draft.pubUser ?? draft.user,
    pubPasswd: draft.pubPasswd ?? draft.pass,
  };
}
