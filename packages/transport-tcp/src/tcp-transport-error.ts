/**
 * Error codes of @rtmp/transport-tcp (protocol.md §7 intro: RTMP over TCP, RTMPS over TLS; librtmp
 * `RTMP_Connect0` / `SocksNegotiate` / `RTMPSockBuf_Fill`). Every failure of a connect or of an open
 * transport is a {@link TcpTransportError}; the Node error that caused it is kept as `cause` and
 * the facts (host, port, phase, reply code, certificate reason, limit) are in `details`.
 */
import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Stable error codes of this package. */
export const TcpTransportErrorCode = {
  /** The connect deadline (`connectTimeout`) passed during DNS, TCP, SOCKS or TLS (`details.phase`). */
  ConnectTimeout: 'TRANSPORT_CONNECT_TIMEOUT',
  /** The server (or the SOCKS proxy) refused the TCP connection (ECONNREFUSED). */
  ConnectionRefused: 'TRANSPORT_CONNECTION_REFUSED',
  /** The host name could not be resolved (ENOTFOUND, EAI_AGAIN, ...). */
  DnsFailed: 'TRANSPORT_DNS_FAILED',
  /** The peer reset the connection (ECONNRESET, EPIPE) or it broke in the middle of a read. */
  ConnectionReset: 'TRANSPORT_CONNECTION_RESET',
  /** No byte arrived for `idleTimeout` ms while the consumer was reading. */
  IdleTimeout: 'TRANSPORT_IDLE_TIMEOUT',
  /** The TLS handshake or the TLS session failed; `details.reason` is the certificate/alert code. */
  TlsFailed: 'TRANSPORT_TLS_FAILED',
  /** The SOCKS proxy rejected the request or spoke garbage; `details.replyCode` when it answered. */
  SocksFailed: 'TRANSPORT_SOCKS_FAILED',
  /** The caller's AbortSignal fired (connect or lifetime); `cause` is the signal's reason. */
  Aborted: 'TRANSPORT_ABORTED',
  /** `write` after the transport was closed, ended or destroyed; `cause` is the closing error. */
  Closed: 'TRANSPORT_CLOSED',
  /** The target or an option is invalid (port out of range, empty host, name too long for SOCKS). */
  InvalidArgument: 'TRANSPORT_INVALID_ARGUMENT',
  /** Any other socket error (EHOSTUNREACH, ENETUNREACH, ...); `details.errno` names it. */
  NetworkError: 'TRANSPORT_NETWORK_ERROR',
} as const;

/** One of the {@link TcpTransportErrorCode} values. */
export type TcpTransportErrorCodeValue = (typeof TcpTransportErrorCode)[keyof typeof TcpTransportErrorCode];

/** The error class of this package: an {@link RtmpError} whose `code` is narrowed. */
export class TcpTransportError extends RtmpError {
  declare readonly code: TcpTransportErrorCodeValue;

  constructor(code: TcpTransportErrorCodeValue, message: string, options: RtmpErrorOptions = {}) {
    super(code, message, options);
  }

  override get name(): string {
    return 'TcpTransportError';
  }
}
