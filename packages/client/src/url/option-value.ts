/**
 * Typed readers for librtmp option values (rtmp.c `RTMP_SetOpt`: `OPT_BOOL` against its `truth[]`
 * list, `OPT_INT` through `strtol(..., 0)`, `SocksSetup`, `parseAMF` item shapes; protocol.md §10).
 */
import { DEFAULT_SOCKS_PORT, type RtmpSocksProxy } from './rtmp-connection-params.js';
import { UrlErrorCode, urlError } from './url-error.js';

const TRUE_WORDS = new Set(['1', 'on', 'yes', 'true']);
const FALSE_WORDS = new Set(['0', 'off', 'no', 'false']);

/** Largest value librtmp's `int` fields hold. */
export const MAX_OPTION_INTEGER = 0x7fffffff;

function bad(option: string, position: number, message: string): never {
  throw urlError(UrlErrorCode.BadOptionValue, `option ${option}: ${message}`, { position, option });
}

/**
 * Reads a boolean: 1/on/yes/true or 0/off/no/false, any case.
 *
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — any other word
 */
export function parseRtmpBoolean(value: string, option: string, position: number): boolean {
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return bad(option, position, `"${value}" is not a boolean (1/0, true/false, yes/no, on/off)`);
}

/**
 * Reads a non-negative integer as C `strtol(value, NULL, 0)` does for a whole string: decimal,
 * `0x` hexadecimal or `0`-prefixed octal, optional `+`.
 *
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — not such a number, negative, or above 2^31-1
 */
export function parseRtmpInteger(value: string, option: string, position: number): number {
  const match = /^\+?(?:0[xX]([0-9A-Fa-f]+)|0([0-7]*)|([1-9]\d*))$/.exec(value);
  if (!match) return bad(option, position, `"${value}" is not a non-negative integer`);
  const [, hex, octal, decimal] = match;
  const parsed =
    hex !== undefined
      ? Number.parseInt(hex, 16)
      : octal !== undefined
        ? Number.parseInt(octal || '0', 8)
        : Number(decimal);
  if (!(parsed <= MAX_OPTION_INTEGER))
    return bad(option, position, `${value} is larger than ${MAX_OPTION_INTEGER}`);
  return parsed;
}

/**
 * Reads a SOCKS proxy `host[:port]` (`[v6]:port` too); the port defaults to 1080.
 *
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — empty host or a port outside 1–65535
 */
export function parseRtmpSocks(value: string, option: string, position: number): RtmpSocksProxy {
  let host = value;
  let portText: string | undefined;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else {
    const colon = value.indexOf(':');
    if (colon >= 0) {
      host = value.slice(0, colon);
      portText = value.slice(colon + 1);
    }
  }
  if (host.length === 0 || /[\s/]/.test(host)) return bad(option, position, `"${value}" is not host[:port]`);
  if (portText === undefined) return { host, port: DEFAULT_SOCKS_PORT };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
  if (port < 1 || port > 65535) return bad(option, position, `invalid port "${portText}"`);
  return { host, port };
}

/**
 * Checks that a `conn` item has one of librtmp's shapes: `B:`, `S:`, `N:`, `Z:`, `O:` followed by
 * the value, or `NB:`, `NS:`, `NN:`, `NO:` followed by `name:value`. The value itself (and object
 * nesting) is checked by the commands package when the `connect` command is built.
 *
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — another shape
 */
export function checkRtmpConnItem(value: string, option: string, position: number): string {
  if (/^[BSNZO]:/.test(value) || /^N[BSNO]:[^:]*:/.test(value)) return value;
  return bad(option, position, `"${value}" is not an AMF item (B:, S:, N:, Z:, O: or NB:/NS:/NN:/NO:name:)`);
}
