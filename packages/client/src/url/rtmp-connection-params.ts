/**
 * The full set of connection parameters an RTMP address resolves to: librtmp's `RTMP.Link`
 * fields that `RTMP_SetupURL` fills, with rtmpdump's defaults (protocol.md §10). The CLI prints
 * this object as JSON (`rtmp url <URL> --json`), so field names and units are part of the API
 * (packages/client/README.md, "Connection parameters").
 */
import type { RtmpProtocol, RtmpTransportKind } from './rtmp-protocol.js';

/**
 * flashVer sent when none is given. librtmp sends `<OS> 10,0,32,18` with OS = LNX/WIN/MAC/SOL/GNU
 * depending on where it was compiled; we send the same string on every platform (Linux's, which
 * is what rtmpdump sends on the machines our interop tests run on and what servers see most).
 */
export const DEFAULT_FLASH_VER = 'LNX 10,0,32,18';
/** Buffer length announced to the server, in ms: rtmpdump's 10 hours (librtmp alone uses 30000). */
export const DEFAULT_BUFFER_MS = 36_000_000;
/** Seconds without data before giving up (rtmpdump `DEF_TIMEOUT`, librtmp `Link.timeout`). */
export const DEFAULT_TIMEOUT_S = 30;
/** Days a cached SWF verification hash stays valid (librtmp `Link.swfAge`). */
export const DEFAULT_SWF_AGE_DAYS = 30;
/** Port of a SOCKS proxy given without one (librtmp `SocksSetup`). */
export const DEFAULT_SOCKS_PORT = 1080;

/** A SOCKS4 proxy. */
export interface RtmpSocksProxy {
  host: string;
  port: number;
}

/** Everything needed to connect, play or publish. `null` means "not set" (nothing is sent). */
export interface RtmpConnectionParams {
  /** URL scheme. */
  protocol: RtmpProtocol;
  /** Derived from `protocol`: tcp (rtmp, rtmpe), tls (rtmps), http (rtmpt, rtmpte), https (rtmpts). */
  transport: RtmpTransportKind;
  /** Derived from `protocol`: true for rtmpe and rtmpte. */
  encrypted: boolean;
  /** Host name or address (IPv6 without brackets). */
  host: string;
  /** TCP port; the protocol's default (1935, 80 or 443) when the URL has none. */
  port: number;
  /** Application name sent in `connect` (may carry a query string). */
  app: string;
  /** Stream name for `play`/`publish` ('' when none was given). */
  playpath: string;
  /** tcUrl sent in `connect`. */
  tcUrl: string;
  /** swfUrl sent in `connect`; also the SWF fetched when `swfVfy` is on. */
  swfUrl: string | null;
  /** pageUrl sent in `connect` and `play`. */
  pageUrl: string | null;
  /** flashVer sent in `connect` (default {@link DEFAULT_FLASH_VER}). */
  flashVer: string;
  /** Extra `connect` arguments, raw librtmp `conn=` items (`S:text`, `N:1`, `O:1`, `NS:name:x`, ...). */
  conn: string[];
  /** Live stream: `play` start -1000, no seeking or resuming. */
  live: boolean;
  /** Name for `FCSubscribe` (live streams on CDNs). */
  subscribe: string | null;
  /** Send `set_playlist` before `play`. */
  playlist: boolean;
  /** Start position in ms (0: from the beginning / server default). */
  start: number;
  /** Stop position in ms (0: to the end). */
  stop: number;
  /** Buffer length announced to the server, ms (default {@link DEFAULT_BUFFER_MS}). */
  buffer: number;
  /** Seconds without data before giving up (default {@link DEFAULT_TIMEOUT_S}). */
  timeout: number;
  /** SecureToken key (answer to the server's `secureToken` challenge). */
  token: string | null;
  /** Justin.tv usher token (`NetStream.Authenticate.UsherToken`). */
  jtv: string | null;
  /** Do SWF verification with the SWF at `swfUrl`. */
  swfVfy: boolean;
  /** Days a cached SWF hash stays valid (default {@link DEFAULT_SWF_AGE_DAYS}). */
  swfAge: number;
  /** SOCKS4 proxy, or `null` for a direct connection. */
  socks: RtmpSocksProxy | null;
  /** `user` from `user:pass@` in the URL. */
  user: string | null;
  /** `pass` from `user:pass@` in the URL. */
  pass: string | null;
  /** Publisher auth user name: the `pubUser` option, else the URL's `user`. */
  pubUser: string | null;
  /** Publisher auth password: the `pubPasswd` option, else the URL's `pass`. */
  pubPasswd: string | null;
}
