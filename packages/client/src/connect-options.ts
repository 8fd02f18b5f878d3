/**
 * Options of `connect()` (librtmp `RTMP_SetupURL` + `RTMP_Connect`; protocol.md §5.2, §10):
 * what the URL cannot say — deadlines, TLS trust, the handshake flavour, a custom transport.
 */
import type { Clock, RandomSource, Transport } from '@rtmp/core';
import type { DigestPolicy, HandshakeMode } from '@rtmp/handshake';
import type { RtmpConnectionParams } from './url/rtmp-connection-params.js';

/** TLS settings for rtmps/rtmpts. */
export interface TlsOptions {
  /** Extra trusted CA certificates (PEM). */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | undefined;
  /** Verify the server certificate (default true). */
  rejectUnauthorized?: boolean | undefined;
  /** SNI / certificate host name (default: the URL's host). */
  servername?: string | undefined;
}

/** Opens the byte pipe for a resolved address; the default picks TCP, TLS or RTMPT by protocol. */
export type TransportFactory = (
  params: RtmpConnectionParams,
  options: TransportFactoryOptions,
) => Promise<Transport>;

/** What a {@link TransportFactory} is given besides the parameters. */
export interface TransportFactoryOptions {
  signal: AbortSignal;
  connectTimeout: number;
  idleTimeout: number;
  tls: TlsOptions;
}

/** Options of `connect()`. Every field is optional. */
export interface ConnectOptions {
  /** URL options as librtmp names them (`app`, `playpath`, `live`, `conn`, ...); override the URL. */
  params?: Partial<RtmpConnectionParams> | undefined;
  /** Connect for publishing: sends `type: "nonprivate"` and the publish connect object. */
  publish?: boolean | undefined;
  /** Whose connect defaults to copy: `librtmp` (default) or `ffmpeg`. */
  profile?: 'librtmp' | 'ffmpeg' | undefined;
  /** Aborts connecting and, later, the whole connection. */
  signal?: AbortSignal | undefined;
  /** Deadline for transport + handshake + connect `_result`, ms (default: params.timeout s, 30 s). */
  connectTimeout?: number | undefined;
  /** No byte received for this long (ms) fails the connection (default: params.timeout s). 0 disables. */
  idleTimeout?: number | undefined;
  /** A write that cannot go out for this long (ms; the server stopped reading) fails (default: the idle timeout). 0 disables. */
  sendTimeout?: number | undefined;
  /** A play that saw no media for this long (ms) after it started fails (default 0 = off). */
  noMediaTimeout?: number | undefined;
  /** Handshake flavour; default `rtmpe` for rtmpe/rtmpte URLs, else `digest` (falls back to plain). */
  handshake?: HandshakeMode | undefined;
  /** RTMPE C0 type 6 (default), 8 or 9. */
  rtmpeType?: 6 | 8 | 9 | undefined;
  /** A bad server digest: `'error'` (default) or `'warn'`. */
  digestPolicy?: DigestPolicy | undefined;
  /** librtmp `--auth`: appended to connect as a boolean and a string. */
  auth?: string | undefined;
  /** SWF verification: HMAC-SHA256 of the decompressed SWF (32 bytes) and its size (rtmpdump -w/-x). */
  swfVerification?: { hash: Uint8Array; size: number } | undefined;
  /** TLS trust settings for rtmps/rtmpts. */
  tls?: TlsOptions | undefined;
  /** Replace the transport (tests, custom proxies). */
  transport?: TransportFactory | undefined;
  /** Randomness for the handshake (default: crypto.getRandomValues). */
  random?: RandomSource | undefined;
  /** Clock for the handshake time field (default: ms since the connection started). */
  clock?: Clock | undefined;
  /** librtmp's pause/unpause on BufferEmpty while downloading VOD (default true, off with realtime). */
  bufferEmptyTrick?: boolean | undefined;
  /** Chunk size for publishing (default 4096). */
  publishChunkSize?: number | undefined;
}
