/**
 * The URL part of an RTMP address: librtmp's `RTMP_ParseURL` (parseurl.c; protocol.md §10),
 * extended with IPv6 literals and `user:pass@` as FFmpeg accepts them.
 *
 * `scheme://[user[:pass]@]host[:port][/app[/instance[/more]]][/playpath]`
 *
 * The app is chosen as librtmp does: with a `?` and `slist=` in the path, the whole path is the
 * app and the playpath comes from `slist=`; a path starting `ondemand/` gives app `ondemand`;
 * otherwise the app is the first one, two or three segments — everything before the last slash,
 * but at most three segments — and the rest is the playpath (see {@link parseRtmpPlaypath}).
 */
import { decodeHexEscapes } from './hex-escapes.js';
import { parseRtmpPlaypath } from './parse-rtmp-playpath.js';
import { isRtmpProtocol, type RtmpProtocol } from './rtmp-protocol.js';
import { UrlErrorCode, urlError } from './url-error.js';

/** librtmp refuses host names of 256 characters or more. */
export const MAX_HOST_LENGTH = 255;

/** What {@link parseRtmpUrl} finds in the URL itself. */
export interface ParsedRtmpUrl {
  protocol: RtmpProtocol;
  /** Host name or address; an IPv6 literal without its brackets (`::1`). */
  host: string;
  /** The port written in the URL, or `null` when there is none (the protocol default applies). */
  port: number | null;
  /** `user` of `user:pass@`, percent-decoded; `null` when absent. */
  user: string | null;
  /** `pass` of `user:pass@`, percent-decoded; `null` when absent. */
  pass: string | null;
  /** The app as written (not percent-decoded; a query string stays part of it). */
  app: string;
  /** The stream name after librtmp's rewriting ('' when the URL has none). */
  playpath: string;
  /**
   * librtmp's default tcUrl: the URL's text up to the end of the app (the whole URL when the app
   * is empty), without `user:pass@`.
   */
  tcUrl: string;
}

// Characters never allowed in a host name (besides the ones that end it: ':' and '/').
const BAD_HOST = /[\s\x00-\x1f\x7f?#@[\]\\]/;
const IPV6_LITERAL = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\w.~-]+)?$/;
const CONTROL = /[\x00-\x20\x7f]/;

// Percent-decoding of user and password (a `%` not followed by two hex digits stays literal).
const lenientPercent = (text: string): string => decodeHexEscapes(text, '%', () => {});

/**
 * Parses the URL part (no option string) of an RTMP address.
 *
 * @param url - the URL, without the librtmp options that may follow a space
 * @param offset - index of `url` in the caller's input, added to error positions
 * @throws {RtmpError} URL_INVALID — no `://`, empty or over-long host, bad IPv6 literal, port not
 *   in 1–65535, control characters or spaces
 * @throws {RtmpError} URL_UNSUPPORTED_SCHEME — a scheme other than the six RTMP ones (`rtmfp`
 *   included)
 */
export function parseRtmpUrl(url: string, offset = 0): ParsedRtmpUrl {
  const control = CONTROL.exec(url);
  if (control) {
    throw urlError(UrlErrorCode.Invalid, 'the URL contains a space or control character', {
      position: offset + control.index,
    });
  }
  const sep = url.indexOf('://');
  if (sep < 0) throw urlError(UrlErrorCode.Invalid, 'no "://" in the URL', { position: offset });
  const scheme = url.slice(0, sep).toLowerCase();
  if (!isRtmpProtocol(scheme)) {
    const message =
      scheme === 'rtmfp'
        ? 'rtmfp (RTMFP over UDP) is not supported'
        : `unsupported scheme "${url.slice(0, sep)}" (rtmp, rtmpt, rtmpe, rtmpte, rtmps or rtmpts)`;
    throw urlError(UrlErrorCode.UnsupportedScheme, message, { position: offset, scheme });
  }

  const authStart = sep + 3;
  const slash = url.indexOf('/', authStart);
  const authEnd = slash < 0 ? url.length : slash;
  const at = url.lastIndexOf('@', authEnd - 1);
  let user: string | null = null;
  let pass: string | null = null;
  let hostStart = authStart;
  if (at >= authStart) {
    const userinfo = url.slice(authStart, at);
    const colon = userinfo.indexOf(':');
    user = lenientPercent(colon < 0 ? userinfo : userinfo.slice(0, colon));
    pass = colon < 0 ? null : lenientPercent(userinfo.slice(colon + 1));
    hostStart = at + 1;
  }

  let host: string;
  let portAt: number; // index of ':' before the port, or authEnd
  if (url.charCodeAt(hostStart) === 0x5b /* [ */) {
    const close = url.indexOf(']', hostStart);
    if (close < 0 || close > authEnd) {
      throw urlError(UrlErrorCode.Invalid, 'unterminated IPv6 literal (missing "]")', {
        position: offset + hostStart,
      });
    }
    host = url.slice(hostStart + 1, close);
    if (!IPV6_LITERAL.test(host)) {
      throw urlError(UrlErrorCode.Invalid, `"[${host}]" is not an IPv6 address`, {
        position: offset + hostStart,
      });
    }
    portAt = close + 1;
    if (portAt < authEnd && url.charCodeAt(portAt) !== 0x3a /* : */) {
      throw urlError(UrlErrorCode.Invalid, 'unexpected text after the IPv6 literal', {
        position: offset + portAt,
      });
    }
  } else {
    const colon = url.indexOf(':', hostStart);
    portAt = colon >= 0 && colon < authEnd ? colon : authEnd;
    host = url.slice(hostStart, portAt);
    const bad = BAD_HOST.exec(host);
    if (bad) {
      throw urlError(UrlErrorCode.Invalid, `invalid character "${bad[0]}" in the host name`, {
        position: offset + hostStart + bad.index,
      });
    }
  }
  if (host.length === 0)
    throw urlError(UrlErrorCode.Invalid, 'no host in the URL', { position: offset + hostStart });
  if (host.length > MAX_HOST_LENGTH) {
    throw urlError(UrlErrorCode.Invalid, `the host name exceeds ${MAX_HOST_LENGTH} characters`, {
      position: offset + hostStart,
      length: host.length,
    });
  }

  let port: number | null = null;
  if (portAt < authEnd) {
    const text = url.slice(portAt + 1, authEnd);
    if (text.length > 0) {
      const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= 1 && value <= 65535)) {
        throw urlError(UrlErrorCode.Invalid, `invalid port "${text}" (1-65535)`, {
          position: offset + portAt + 1,
        });
      }
      port = value;
    }
  }

  // Text kept in tcUrl: the scheme as written and the authority without credentials.
  const head = url.slice(0, authStart) + url.slice(hostStart, authEnd);
  if (slash < 0) return { protocol: scheme, host, port, user, pass, app: '', playpath: '', tcUrl: head };

  const path = url.slice(slash + 1);
  let appLength: number;
  let appNameLength: number;
  const query = path.indexOf('?');
  if (query >= 0 && path.includes('slist=')) {
    appLength = path.length; // everything is the app; the playpath comes from slist=
    appNameLength = query;
  } else if (path.startsWith('ondemand/')) {
    appLength = 8;
    appNameLength = 8;
  } else {
    const s2 = path.indexOf('/');
    const s3 = s2 < 0 ? -1 : path.indexOf('/', s2 + 1);
    const s4 = s3 < 0 ? -1 : path.indexOf('/', s3 + 1);
    appNameLength = s4 >= 0 ? s4 : s3 >= 0 ? s3 : s2 >= 0 ? s2 : path.length;
    appLength = appNameLength;
  }
  const app = path.slice(0, appLength);
  let rest = appNameLength;
  if (path.charCodeAt(rest) === 0x2f /* / */) rest++;
  const playpath = rest < path.length ? parseRtmpPlaypath(path.slice(rest)) : '';
  const tcUrl = app.length > 0 ? `${head}/${app}` : `${head}/${path}`;
  return { protocol: scheme, host, port, user, pass, app, playpath, tcUrl };
}
