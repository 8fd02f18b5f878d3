/**
 * Maps Node socket, DNS and TLS errors to {@link TcpTransportError} codes (protocol.md §7 intro;
 * the failure cases librtmp reports from `RTMP_Connect0`, `SocksNegotiate` and `RTMPSockBuf_Fill`).
 */
import {
  TcpTransportError,
  TcpTransportErrorCode,
  type TcpTransportErrorCodeValue,
} from './tcp-transport-error.js';

/** Where in the life of a connection an error happened. */
export type TransportPhase = 'dns' | 'tcp' | 'socks' | 'tls' | 'transfer';

/** Facts attached to every mapped error. */
export interface ErrorContext {
  host: string;
  port: number;
  phase: TransportPhase;
  /** The proxy, when the error happened on the way to it. */
  proxy?: string | undefined;
}

const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_NONAME',
  'EAI_ADDRFAMILY',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Human wording for the OpenSSL/Node certificate codes users meet most. */
const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate is in the chain (untrusted CA)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server certificate is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) for (const e of inner) if (codeOf(e)) return codeOf(e);
  return undefined;
}

function isTlsError(code: string | undefined, error: unknown): boolean {
  if (!code) return false;
  if (code in TLS_REASONS || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return true;
  if (/CERT|_ISSUER|SIGNATURE/.test(code)) return true;
  return typeof (error as { library?: unknown }).library === 'string';
}

/**
 * Wraps `error` (kept as `cause`) in the matching {@link TcpTransportError}; RtmpErrors pass through.
 * ECONNREFUSED → CONNECTION_REFUSED, ENOTFOUND/EAI_* → DNS_FAILED, ECONNRESET/EPIPE →
 * CONNECTION_RESET, certificate/SSL codes → TLS_FAILED (`details.reason`), other → NETWORK_ERROR.
 */
export function toTransportError(error: unknown, context: ErrorContext): TcpTransportError {
  if (error instanceof TcpTransportError) return error;
  const errno = codeOf(error);
  const where = `${context.host}:${context.port}${context.proxy ? ` via SOCKS proxy ${context.proxy}` : ''}`;
  const text = error instanceof Error ? error.message : String(error);
  let code: TcpTransportErrorCodeValue;
  let message: string;
  const details: Record<string, unknown> = { ...context, errno };
  if (errno === 'ECONNREFUSED') {
    code = TcpTransportErrorCode.ConnectionRefused;
    message = `connection refused by ${context.phase === 'tcp' && context.proxy ? `SOCKS proxy ${context.proxy}` : where}`;
  } else if (errno !== undefined && DNS_CODES.has(errno)) {
    code = TcpTransportErrorCode.DnsFailed;
    const name = context.phase === 'tcp' && context.proxy ? context.proxy : context.host;
    message = `cannot resolve ${name.replace(/:\d+$/, '')} (${errno})`;
  } else if (context.phase === 'tls' || isTlsError(errno, error)) {
    code = TcpTransportErrorCode.TlsFailed;
    const reason = errno ?? 'TLS_ERROR';
    details.reason = reason;
    message = `TLS with ${where} failed: ${TLS_REASONS[reason] ?? text} (${reason})`;
  } else if (errno !== undefined && RESET_CODES.has(errno)) {
    code = TcpTransportErrorCode.ConnectionReset;
    message = `connection to ${where} was reset (${errno})`;
  } else {
    code = TcpTransportErrorCode.NetworkError;
    message = `network error with ${where}: ${text}`;
  }
  return new TcpTransportError(code, message, { cause: error, details });
}
