/**
 * Explicit connection options (the CLI's flags, or a program's settings) laid over what the URL
 * and its option string gave: rtmpdump's rule that a flag beats the URL (protocol.md §10).
 * Values are type-checked because they may come from JSON or JavaScript callers.
 */
import { checkRtmpConnItem, MAX_OPTION_INTEGER } from './option-value.js';
import type { RtmpConnectionParams } from './rtmp-connection-params.js';
import { isRtmpProtocol } from './rtmp-protocol.js';
import { UrlErrorCode, urlError } from './url-error.js';

/** The parameters before the derived fields are filled in (internal). */
export type DraftParams = Omit<RtmpConnectionParams, 'transport' | 'encrypted' | 'port' | 'tcUrl'> & {
  port: number | null;
  tcUrl: string | null;
};

/** Which URL-derived fields something overrode (they invalidate the URL's own tcUrl text). */
export interface Overrides {
  urlParts: boolean;
}

type Check = 'string' | 'nullableString' | 'boolean' | 'integer' | 'special';

const FIELDS: Readonly<Record<keyof RtmpConnectionParams, Check>> = {
  protocol: 'special',
  transport: 'special', // derived; checked against the protocol by the resolver
  encrypted: 'special',
  host: 'special',
  port: 'special',
  app: 'string',
  playpath: 'string',
  tcUrl: 'special',
  swfUrl: 'nullableString',
  pageUrl: 'nullableString',
  flashVer: 'string',
  conn: 'special',
  live: 'boolean',
  subscribe: 'nullableString',
  playlist: 'boolean',
  start: 'integer',
  stop: 'integer',
  buffer: 'integer',
  timeout: 'integer',
  token: 'nullableString',
  jtv: 'nullableString',
  swfVfy: 'boolean',
  swfAge: 'integer',
  socks: 'special',
  user: 'nullableString',
  pass: 'nullableString',
  pubUser: 'nullableString',
  pubPasswd: 'nullableString',
};

function bad(option: string, message: string, code: string = UrlErrorCode.BadOptionValue): never {
  throw urlError(code as typeof UrlErrorCode.BadOptionValue, `option ${option}: ${message}`, {
    position: -1,
    option,
  });
}

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535;
}

/**
 * Applies `options` to `draft` (internal to `resolveRtmpUrl`). `undefined` values are skipped.
 *
 * @throws {RtmpError} URL_UNKNOWN_OPTION — a key that is not a connection parameter
 * @throws {RtmpError} URL_UNSUPPORTED_SCHEME — `protocol` is `rtmfp`
 * @throws {RtmpError} URL_BAD_OPTION_VALUE — a value of the wrong type or out of range
 */
export function applyExplicitOptions(
  draft: DraftParams,
  overrides: Overrides,
  options: Partial<RtmpConnectionParams>,
): void {
  for (const key of Object.keys(options)) {
    const value: unknown = (options as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(FIELDS, key)) {
      throw urlError(UrlErrorCode.UnknownOption, `unknown connection parameter "${key}"`, {
        position: -1,
        option: key,
      });
    }
    const field = key as keyof RtmpConnectionParams;
    switch (FIELDS[field]) {
      case 'string':
        if (typeof value !== 'string') bad(key, 'must be a string');
        (draft as unknown as Record<string, unknown>)[key] = value;
        if (key === 'app') overrides.urlParts = true;
        break;
      case 'nullableString':
        if (value !== null && typeof value !== 'string') bad(key, 'must be a string or null');
        (draft as unknown as Record<string, unknown>)[key] = value === '' ? null : value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') bad(key, 'must be a boolean');
        (draft as unknown as Record<string, unknown>)[key] = value;
        break;
      case 'integer':
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_OPTION_INTEGER) {
          bad(key, `must be an integer from 0 to ${MAX_OPTION_INTEGER}`);
        }
        (draft as unknown as Record<string, unknown>)[key] = value;
        break;
      case 'special':
        applySpecial(draft, overrides, field, value);
        break;
    }
  }
}

function applySpecial(
  draft: DraftParams,
  overrides: Overrides,
  key: keyof RtmpConnectionParams,
  value: unknown,
): void {
  switch (key) {
    case 'protocol': {
      const name = typeof value === 'string' ? value.toLowerCase() : '';
      if (name === 'rtmfp')
        bad(key, 'rtmfp (RTMFP over UDP) is not supported', UrlErrorCode.UnsupportedScheme);
      if (!isRtmpProtocol(name)) bad(key, 'must be rtmp, rtmpt, rtmpe, rtmpte, rtmps or rtmpts');
      draft.protocol = name;
      overrides.urlParts = true;
      break;
    }
    case 'host': {
      if (typeof value !== 'string') bad(key, 'must be a string');
      const host = /^\[.*\]$/.test(value) ? value.slice(1, -1) : value;
      if (host.length === 0 || /[\s\x00-\x1f\x7f/?#@[\]\\]/.test(host))
        bad(key, `"${value}" is not a host name`);
      draft.host = host;
      overrides.urlParts = true;
      break;
    }
    case 'port':
      if (!isPort(value)) bad(key, 'must be an integer from 1 to 65535');
      draft.port = value;
      overrides.urlParts = true;
      break;
    case 'tcUrl':
      if (value !== null && typeof value !== 'string') bad(key, 'must be a string or null');
      draft.tcUrl = value === '' ? null : value;
      break;
    case 'conn':
      if (!Array.isArray(value)) bad(key, 'must be an array of strings');
      draft.conn = value.map((item) =>
        typeof item === 'string' ? checkRtmpConnItem(item, key, -1) : bad(key, 'must be an array of strings'),
      );
      break;
    case 'socks':
      if (value === null) draft.socks = null;
      else {
        const socks = value as { host?: unknown; port?: unknown };
        if (
          typeof socks !== 'object' ||
          typeof socks.host !== 'string' ||
          socks.host === '' ||
          !isPort(socks.port)
        ) {
          bad(key, 'must be null or { host, port }');
        }
        draft.socks = { host: socks.host, port: socks.port };
      }
      break;
    default:
      // transport / encrypted: derived from the protocol, checked by the resolver.
      if (typeof value !== 'string' && typeof value !== 'boolean') bad(key, 'has the wrong type');
  }
}
