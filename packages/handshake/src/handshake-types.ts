/**
 * Types shared by {@link ClientHandshake} and {@link ServerHandshake} (RTMP spec 5.2; protocol.md
 * section 1): the flavours, the policies, the result of each `receive` step and the completion.
 */

import type { Clock, RandomSource } from '@rtmp/core';
import type { HandshakeType } from './genuine-keys.js';
import type { HandshakeWarning } from './handshake-error-code.js';
import type { DigestScheme } from './packet-digest.js';
import type { RtmpeCiphers } from './rtmpe-ciphers.js';

/**
 * The handshake flavour: `plain` (version-3 "simple" handshake, zero version field), `digest`
 * (Flash Player 9 HMAC-SHA256 digests and signatures, still unencrypted) or `rtmpe`
 * (digest + Diffie-Hellman + RC4, C0 = 6, 8 or 9).
 */
export type HandshakeMode = 'plain' | 'digest' | 'rtmpe';

/**
 * What to do with a peer digest or signature that does not validate: `'error'` throws
 * (librtmp's behaviour, the default), `'warn'` reports a warning and goes on. Without a digest
 * in the peer's packet 1 a non-encrypted handshake falls back to the simple echo; RTMPE cannot
 * (the DH key position depends on the digest) and always fails.
 */
export type DigestPolicy = 'error' | 'warn';

/** Options common to both roles. */
export interface HandshakeCommonOptions {
  /** Fills bytes with randomness (packets, DH private key). Required: sans-IO, nothing is assumed. */
  random: RandomSource;
  /** Millisecond clock for the packet-1 time field (default: always 0, as FFmpeg sends). */
  clock?: Clock | undefined;
  /** Bad peer digest/signature handling (default `'error'`, as librtmp). */
  digestPolicy?: DigestPolicy | undefined;
  /**
   * Most bytes accepted after the peer's last handshake packet within the same `receive` calls
   * before completion (default 65536). A peer that legitimately pipelines sends a few hundred
   * (rtmpdump's connect after C2). Past it: `HANDSHAKE_OVERSIZED`.
   */
  maxLeftoverBytes?: number | undefined;
  /** Run the y^q mod p = 1 subgroup test on the peer's DH key (warning only; default true). */
  checkDhSubgroup?: boolean | undefined;
  /** Length of our DH private exponent in bytes, 16..128 (default 128). */
  dhPrivateKeyBytes?: number | undefined;
}

/** The outcome of a completed handshake. */
export interface HandshakeCompletion {
  /** The negotiated version byte (S0): 3, 6, 8 or 9. */
  type: HandshakeType;
  /** The flavour actually used (a digest offer may fall back to `plain`). */
  mode: HandshakeMode;
  /** The peer's digest scheme (digest/RTMPE), undefined for plain. */
  peerDigestScheme: DigestScheme | undefined;
  /** The time field of the peer's packet 1. */
  peerTime: number;
  /** The version bytes of the peer's packet 1. */
  peerVersion: readonly [number, number, number, number];
  /**
   * A copy of the peer's C1/S1 (1536 bytes). SWF verification keys its response with the last
   * 32 bytes of S1 (protocol.md 6.4).
   */
  peerPacket1: Uint8Array;
  /** The RC4 pair for every later byte (RTMPE only). */
  ciphers: RtmpeCiphers | undefined;
  /**
   * Bytes received after the peer's last handshake packet: they belong to the chunk layer. A view
   * into the caller's input of the completing `receive` call (valid as long as that buffer is).
   * For RTMPE they are still encrypted: run `ciphers.decrypt.process(leftover)` on them first.
   */
  leftover: Uint8Array;
}

/** The result of one `receive` call. */
export interface HandshakeStep {
  /** Bytes to write to the peer now (undefined when there is nothing to send). Freshly allocated. */
  send: Uint8Array | undefined;
  /** Non-fatal findings, in order. */
  warnings: HandshakeWarning[];
  /** Set by the call that completes the handshake. */
  done: HandshakeCompletion | undefined;
}

/** Where a handshake state machine is. */
export type HandshakeState = 'idle' | 'awaiting-packet1' | 'awaiting-packet2' | 'done' | 'failed';
