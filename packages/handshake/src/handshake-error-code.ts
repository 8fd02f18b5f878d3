/**
 * Error and warning codes of @rtmp/handshake (RTMP spec 5.2 "Handshake"; protocol.md section 1).
 *
 * Every error this package throws is an `RtmpError` from `@rtmp/core` whose `code` is one of
 * {@link HandshakeErrorCode}; `details` carries the offending values (version byte, offsets, ...).
 * Non-fatal findings (what librtmp only logs) come out as {@link HandshakeWarning}s in the step
 * results, never on the console.
 */

import { RtmpError } from '@rtmp/core';

/** Stable error codes thrown by the handshake state machines and the crypto helpers. */
export const HandshakeErrorCode = {
  /** C0/S0 is not a known version byte (3, 6, 8, 9), or not one this side offered/accepts. */
  BadVersion: 'HANDSHAKE_BAD_VERSION',
  /** The stream ended (`end()`) in the middle of a handshake packet. */
  Truncated: 'HANDSHAKE_TRUNCATED',
  /** More bytes arrived after the peer's last handshake packet than `maxLeftoverBytes` allows. */
  Oversized: 'HANDSHAKE_OVERSIZED',
  /** No digest validates in the peer's C1/S1 under either position scheme. */
  DigestNotFound: 'HANDSHAKE_DIGEST_NOT_FOUND',
  /** The peer's C2/S2 signature does not match (policy `'error'`). */
  SignatureMismatch: 'HANDSHAKE_SIGNATURE_MISMATCH',
  /** The peer's Diffie-Hellman public key is out of range (y <= 1 or y >= p-1). */
  DhFailed: 'HANDSHAKE_DH_FAILED',
  /** A method was called in the wrong state (start twice, receive before start or after done/failure). */
  BadState: 'HANDSHAKE_BAD_STATE',
  /** An option or argument is invalid (key length, version bytes, handshake type, ...). */
  InvalidOption: 'HANDSHAKE_INVALID_OPTION',
} as const;

/** A value of {@link HandshakeErrorCode}. */
export type HandshakeErrorCodeValue = (typeof HandshakeErrorCode)[keyof typeof HandshakeErrorCode];

/** Codes of the non-fatal {@link HandshakeWarning}s. */
export const HandshakeWarningCode = {
  /** The server answered another RTMPE type than the client sent (librtmp: "Type mismatch"). */
  TypeMismatch: 'HANDSHAKE_TYPE_MISMATCH',
  /** Simple handshake: the echoed packet 2 differs from what we sent as packet 1. */
  EchoMismatch: 'HANDSHAKE_ECHO_MISMATCH',
  /** The peer's digest was found only under the other position scheme (librtmp logs this). */
  DigestSchemeSwitched: 'HANDSHAKE_DIGEST_SCHEME_SWITCHED',
  /** No digest in the peer's packet 1 (policy `'warn'`): continuing without a digest. */
  DigestNotFound: 'HANDSHAKE_DIGEST_NOT_FOUND',
  /** The peer's packet-2 signature does not match (policy `'warn'`). */
  SignatureMismatch: 'HANDSHAKE_SIGNATURE_MISMATCH',
  /** The server answered a digest offer with a zero version: fell back to the simple handshake. */
  SimpleFallback: 'HANDSHAKE_SIMPLE_FALLBACK',
  /** The peer's DH public key fails the y^q mod p = 1 subgroup test (librtmp only logs it). */
  DhKeySuspicious: 'HANDSHAKE_DH_KEY_SUSPICIOUS',
} as const;

/** A value of {@link HandshakeWarningCode}. */
export type HandshakeWarningCodeValue = (typeof HandshakeWarningCode)[keyof typeof HandshakeWarningCode];

/** A non-fatal finding reported by a handshake step. */
export interface HandshakeWarning {
  code: HandshakeWarningCodeValue;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

/** Builds an `RtmpError` with a handshake code. */
export function handshakeError(
  code: HandshakeErrorCodeValue,
  message: string,
  details?: Readonly<Record<string, unknown>>,
  cause?: unknown,
): RtmpError {
  const options: { details?: Readonly<Record<string, unknown>>; cause?: unknown } = {};
  if (details !== undefined) options.details = details;
  if (cause !== undefined) options.cause = cause;
  return new RtmpError(code, message, options);
}
