/**
 * RTMPT URLs (protocol.md §7): `rtmpt://host[:port]/app/...` (HTTP, default port 80),
 * `rtmpts://` (HTTPS, default 443) and `rtmpte://` (RTMPE inside plain RTMPT, default 80), and
 * the request paths of the tunnel: `/fcs/ident2`, `/open/1`, `/<cmd>/<session>/<seq>`.
 */
import { HttpTransportError, HttpTransportErrorCode } from './http-transport-error.js';

/** The tunnel commands that carry a session id and a sequence number. */
export type RtmptCommand = 'send' | 'idle' | 'close';

/** Where and how to tunnel, after URL parsing. */
export interface RtmptEndpoint {
  /** The URL scheme that was parsed (`rtmpt`, `rtmpts`, `rtmpte`). */
  scheme: 'rtmpt' | 'rtmpts' | 'rtmpte';
  /** True for HTTPS (`rtmpts`). */
  secure: boolean;
  /** True when the RTMP stream inside the tunnel must use the RTMPE handshake (`rtmpte`). */
  encrypted: boolean;
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  port: number;
  /** `http(s)://host:port`, without a trailing slash: the prefix of every request URL. */
  origin: string;
}

/** Default ports: 80 for rtmpt/rtmpte, 443 for rtmpts. */
export const RTMPT_DEFAULT_PORTS = { rtmpt: 80, rtmpte: 80, rtmpts: 443 } as const;

const URL_RE = /^(rtmpt|rtmpts|rtmpte):\/\/(\[[0-9A-Fa-f:.]+\]|[^/:?#[\]@\s]+)(?::(\d{1,5}))?(?:[/?#].*)?$/i;

/**
 * Parses the scheme, host and port of an RTMPT URL (the path, i.e. app and playpath, is the
 * session's business and is ignored here).
 * @throws {HttpTransportError} TRANSPORT_HTTP_BAD_URL — not an rtmpt/rtmpts/rtmpte URL, or a bad port.
 */
export function parseRtmptUrl(url: string): RtmptEndpoint {
  const m = URL_RE.exec(url);
  if (m === null) {
    throw new HttpTransportError(HttpTransportErrorCode.BadUrl, `not an rtmpt/rtmpts/rtmpte URL: ${url}`, {
      details: { url },
    });
  }
  const scheme = (m[1] as string).toLowerCase() as RtmptEndpoint['scheme'];
  let host = m[2] as string;
  if (host.startsWith('[')) host = host.slice(1, -1);
  const port = m[3] === undefined ? RTMPT_DEFAULT_PORTS[scheme] : Number(m[3]);
  return makeRtmptEndpoint({ host, port, secure: scheme === 'rtmpts', encrypted: scheme === 'rtmpte' });
}

/** Fields accepted by {@link makeRtmptEndpoint}. */
export interface RtmptEndpointInit {
  host: string;
  /** Default 80, or 443 when `secure`. */
  port?: number;
  secure?: boolean;
  encrypted?: boolean;
}

/**
 * Builds an endpoint from parts.
 * @throws {HttpTransportError} TRANSPORT_HTTP_BAD_URL — empty host or port outside 1..65535.
 */
export function makeRtmptEndpoint(init: RtmptEndpointInit): RtmptEndpoint {
  const secure = init.secure === true;
  const encrypted = init.encrypted === true;
  const port = init.port ?? (secure ? 443 : 80);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new HttpTransportError(HttpTransportErrorCode.BadUrl, `port out of range: ${port}`, {
      details: { port },
    });
  }
  if (init.host.length === 0 || /[\s/?#@]/.test(init.host)) {
    throw new HttpTransportError(HttpTransportErrorCode.BadUrl, `bad host: ${JSON.stringify(init.host)}`, {
      details: { host: init.host },
    });
  }
  const hostPart = init.host.includes(':') ? `[${init.host}]` : init.host;
  const scheme = secure ? 'rtmpts' : encrypted ? 'rtmpte' : 'rtmpt';
  return {
    scheme,
    secure,
    encrypted,
    host: init.host,
    port,
    origin: `${secure ? 'https' : 'http'}://${hostPart}:${port}`,
  };
}

/** The URL of the session-opening request, `origin/open/1`. */
export function rtmptOpenUrl(endpoint: RtmptEndpoint): string {
  return `${endpoint.origin}/open/1`;
}

/** The URL of the optional Flash Player probe, `origin/fcs/ident2`. */
export function rtmptIdentUrl(endpoint: RtmptEndpoint): string {
  return `${endpoint.origin}/fcs/ident2`;
}

/** The URL of a session request, `origin/<command>/<sessionId>/<seq>`. */
export function rtmptCommandUrl(
  endpoint: RtmptEndpoint,
  command: RtmptCommand,
  sessionId: string,
  seq: number,
): string {
  return `${endpoint.origin}/${command}/${sessionId}/${seq}`;
}

/** Largest session id accepted (FFmpeg keeps 63 bytes). */
export const MAX_SESSION_ID_LENGTH = 63;

/**
 * Parses the body of the `/open/1` response: the session id as text, trailing whitespace
 * (the `\n` terminator) stripped. The id goes into URL paths, so only printable ASCII other than
 * `/ ? # %` and space is accepted.
 * @throws {HttpTransportError} TRANSPORT_HTTP_BAD_SESSION_ID — empty, longer than 63 bytes, or unsafe characters.
 */
export function parseSessionId(body: Uint8Array): string {
  let end = body.length;
  while (end > 0 && isSpace(body[end - 1] as number)) end--;
  const fail = (why: string): never => {
    throw new HttpTransportError(HttpTransportErrorCode.BadSessionId, `bad RTMPT session id: ${why}`, {
      details: { length: body.length },
    });
  };
  if (end === 0) fail('empty');
  if (end > MAX_SESSION_ID_LENGTH) fail(`longer than ${MAX_SESSION_ID_LENGTH} bytes`);
  let id = '';
  for (let i = 0; i < end; i++) {
    const c = body[i] as number;
    if (c <= 0x20 || c >= 0x7f || c === 0x2f || c === 0x3f || c === 0x23 || c === 0x25) {
      fail(`byte 0x${c.toString(16).padStart(2, '0')} at ${i}`);
    }
    id += String.fromCharCode(c);
  }
  return id;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x00;
}
