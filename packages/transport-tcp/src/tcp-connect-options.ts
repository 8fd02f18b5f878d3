/**
 * Options of {@link connectTcp} / {@link connectTls} and their defaults (protocol.md §7 intro;
 * librtmp `timeout=` (30 s) and `socks=host:port`). Every limit on what the network can make us
 * hold is here, with a safe default.
 */
import type { LookupFunction } from 'node:net';
import { TcpTransportError, TcpTransportErrorCode } from './tcp-transport-error.js';

/** Port of `rtmp://` (and `rtmpe://`) URLs without one. */
export const RTMP_DEFAULT_PORT = 1935;
/** Port of `rtmps://` URLs without one (plain RTMP over TLS). */
export const RTMPS_DEFAULT_PORT = 443;
/** Port of a SOCKS proxy given without one (librtmp `SocksSetup`). */
export const SOCKS_DEFAULT_PORT = 1080;

/** A SOCKS proxy the TCP connection is tunnelled through (TLS, when asked, runs inside the tunnel). */
export interface SocksProxy {
  host: string;
  port: number;
  /**
   * `4`: SOCKS4, the target name is resolved here (what librtmp's `socks=` does); `'4a'`: SOCKS4a,
   * the proxy resolves it; `5`: SOCKS5 (RFC 1928), the proxy resolves names. Default `4`.
   */
  version?: 4 | '4a' | 5 | undefined;
  /** SOCKS4/4a USERID field (default empty). */
  userId?: string | undefined;
  /** SOCKS5 user name; with `password`, offers RFC 1929 user/password authentication. */
  username?: string | undefined;
  /** SOCKS5 password (RFC 1929). */
  password?: string | undefined;
}

/** Options of {@link connectTcp}. Every field is optional. */
export interface TcpConnectOptions {
  /**
   * Deadline in ms for the whole connect: DNS + TCP + SOCKS + TLS (default 30 000, librtmp's
   * `timeout=`). `0` disables it.
   */
  connectTimeout?: number | undefined;
  /**
   * No byte received for this many ms while the transport is reading → the iterator throws
   * `TRANSPORT_IDLE_TIMEOUT` and the socket is closed (default 30 000; `0` disables). Time the
   * transport spends paused because its consumer is slow does not count.
   */
  idleTimeout?: number | undefined;
  /** Aborts the connect, and later the open transport (then the iterator throws `TRANSPORT_ABORTED`). */
  signal?: AbortSignal | undefined;
  /** Tunnel through this SOCKS proxy. */
  proxy?: SocksProxy | undefined;
  /**
   * Bytes queued for the consumer before the socket is paused (TCP flow control then slows the
   * peer). Default 262 144. The queue may exceed it by one socket read (at most 64 KiB).
   */
  readHighWaterMark?: number | undefined;
  /**
   * Bytes queued for sending above which `write` returns false (default 65 536; for TLS at least
   * Node's 16 KiB).
   */
  writeHighWaterMark?: number | undefined;
  /** ms that `end()` waits for the peer to close after our FIN before destroying (default 5 000). */
  endTimeout?: number | undefined;
  /** Address family to resolve names to: 0 (either, default), 4 or 6. */
  family?: 0 | 4 | 6 | undefined;
  /** Name resolution to use instead of `dns.lookup` (also for SOCKS4's local resolution). */
  lookup?: LookupFunction | undefined;
  /** TCP keep-alive probes after this many ms of silence (default 0: off). */
  keepAlive?: number | undefined;
}

/** TLS options of {@link connectTls} (Node's `tls.connect` names). */
export interface TlsConnectOptions extends TcpConnectOptions {
  /** Extra trusted CA certificates (PEM); replaces Node's root store when given. */
  ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | undefined;
  /** Verify the server certificate chain and host name (default true). */
  rejectUnauthorized?: boolean | undefined;
  /** SNI and certificate host name (default: the target host; IP addresses send no SNI). */
  servername?: string | undefined;
  /** Minimum TLS version (default Node's, TLSv1.2). */
  minVersion?: 'TLSv1.2' | 'TLSv1.3' | undefined;
}

/** The option values after defaults. @internal */
export interface ResolvedTcpOptions {
  connectTimeout: number;
  idleTimeout: number;
  readHighWaterMark: number;
  writeHighWaterMark: number;
  endTimeout: number;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TcpTransportError(
      TcpTransportErrorCode.InvalidArgument,
      `option ${name} must be a finite number >= 0, got ${String(value)}`,
      { details: { option: name, value } },
    );
  return value;
}

/**
 * Applies the defaults. @internal
 * @throws {TcpTransportError} TRANSPORT_INVALID_ARGUMENT — a number is negative or not finite.
 */
export function resolveTcpOptions(options: TcpConnectOptions): ResolvedTcpOptions {
  return {
    connectTimeout: nonNegative('connectTimeout', options.connectTimeout, 30_000),
    idleTimeout: nonNegative('idleTimeout', options.idleTimeout, 30_000),
    readHighWaterMark: Math.max(1, nonNegative('readHighWaterMark', options.readHighWaterMark, 262_144)),
    writeHighWaterMark: Math.max(1, nonNegative('writeHighWaterMark', options.writeHighWaterMark, 65_536)),
    endTimeout: nonNegative('endTimeout', options.endTimeout, 5_000),
  };
}
