/**
 * ClientHandshake: the client side of the RTMP handshake as a sans-IO state machine (RTMP spec
 * 5.2 "Handshake"; protocol.md 1.2 simple, 1.3 Flash Player 9 digest, 1.4 RTMPE). Behaviour
 * follows librtmp's HandShake(): C2 is sent as soon as S1 is processed, a type-8 answer to a
 * type-6 offer is accepted, and a digest offer answered by a zero-version S1 falls back to the
 * simple handshake.
 *
 * ```ts
 * const hs = new ClientHandshake({ mode: 'digest', random: (b) => crypto.getRandomValues(b) });
 * socket.write(hs.start());
 * socket.on('data', (bytes) => { const step = hs.receive(bytes); ... });
 * ```
 */

import { DiffieHellman } from './diffie-hellman.js';
import {
  DEFAULT_CLIENT_VERSION,
  DIGEST_SIZE,
  FMS_KEY_PARTIAL_LENGTH,
  FP_KEY_PARTIAL_LENGTH,
  GENUINE_FMS_KEY,
  GENUINE_FP_KEY,
  HANDSHAKE_PACKET_SIZE,
  type HandshakeType,
} from './genuine-keys.js';
import { HandshakeErrorCode, HandshakeWarningCode, handshakeError } from './handshake-error-code.js';
import { HandshakeMachine } from './handshake-machine.js';
import { buildPacket1, buildSignedPacket2, peerDhKey, verifySignedPacket2 } from './handshake-packets.js';
import type { HandshakeCommonOptions, HandshakeMode, HandshakeStep } from './handshake-types.js';
import { bytesEqual, type DigestScheme, findPacketDigest } from './packet-digest.js';

/** Options of {@link ClientHandshake}. */
export interface ClientHandshakeOptions extends HandshakeCommonOptions {
  /** Flavour to offer (default `'digest'`, which plain-only servers answer with a simple handshake). */
  mode?: HandshakeMode | undefined;
  /** C0 for `mode: 'rtmpe'`: 6 (default, what librtmp and FFmpeg send), 8 or 9. */
  rtmpeType?: 6 | 8 | 9 | undefined;
  /** C1 version bytes (default 0.0.0.0 plain, 9.0.124.2 digest, 128.0.3.2 RTMPE). */
  version?: readonly [number, number, number, number] | undefined;
  /** Digest position scheme of C1 (default 0 for digest, 1 for RTMPE, as librtmp and FFmpeg). */
  digestScheme?: DigestScheme | undefined;
}

/** The client handshake state machine. */
export class ClientHandshake extends HandshakeMachine {
  private readonly mode: HandshakeMode;
  private readonly offeredType: HandshakeType;
  private readonly version: readonly number[];
  private readonly scheme: DigestScheme;
  private dh: DiffieHellman | undefined;
  private c1: Uint8Array | undefined;
  private c1Digest: Uint8Array | undefined;
  private serverType: HandshakeType = 3;
  /** Effective flavour once S1 is known. */
  private effective: HandshakeMode = 'plain';

  /**
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when an option is out of range.
   */
  constructor(options: ClientHandshakeOptions) {
    super(options, 'client');
    this.mode = options.mode ?? 'digest';
    if (this.mode !== 'plain' && this.mode !== 'digest' && this.mode !== 'rtmpe') {
      throw handshakeError(HandshakeErrorCode.InvalidOption, `unknown mode ${String(this.mode)}`);
    }
    const rtmpeType = options.rtmpeType ?? 6;
    if (rtmpeType !== 6 && rtmpeType !== 8 && rtmpeType !== 9) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, `rtmpeType must be 6, 8 or 9`, { rtmpeType });
    }
    this.offeredType = this.mode === 'rtmpe' ? rtmpeType : 3;
    this.version =
      options.version ??
      (this.mode === 'plain'
        ? [0, 0, 0, 0]
        : this.mode === 'rtmpe'
          ? DEFAULT_CLIENT_VERSION.rtmpe
          : DEFAULT_CLIENT_VERSION.digest);
    this.scheme = options.digestScheme ?? (this.mode === 'rtmpe' ? 1 : 0);
    if (this.scheme !== 0 && this.scheme !== 1) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'digestScheme must be 0 or 1');
    }
  }

  /**
   * Builds C0+C1 (1537 bytes, freshly allocated) to send first.
   * @throws {RtmpError} HANDSHAKE_BAD_STATE — when called twice. HANDSHAKE_INVALID_OPTION — bad version bytes.
   */
  start(): Uint8Array {
    this.requireState('idle', 'start');
    try {
      const complex = this.mode !== 'plain';
      if (this.mode === 'rtmpe') this.dh = new DiffieHellman(this.random, this.dhPrivateKeyBytes);
      const built = buildPacket1({
        time: this.clock(),
        version: this.version,
        random: this.random,
        digest: complex
          ? { scheme: this.scheme, key: GENUINE_FP_KEY.subarray(0, FP_KEY_PARTIAL_LENGTH) }
          : undefined,
        dh: this.dh,
      });
      this.c1 = built.packet;
      if (built.digestOffset !== undefined) {
        this.c1Digest = built.packet.slice(built.digestOffset, built.digestOffset + DIGEST_SIZE);
      }
      const out = new Uint8Array(1 + HANDSHAKE_PACKET_SIZE);
      out[0] = this.offeredType;
      out.set(built.packet, 1);
      this.enter('awaiting-packet1', 1 + HANDSHAKE_PACKET_SIZE);
      return out;
    } catch (error) {
      this.fail();
      throw error;
    }
  }

  /** S0+S1 complete: check the version, find the digest, derive RTMPE keys, build C2. */
  protected override onPacket1(s0s1: Uint8Array, step: HandshakeStep): void {
    const type = s0s1[0]!;
    const s1 = s0s1.subarray(1);
    this.serverType = type as HandshakeType;
    this.recordPeer(s1);
    this.effective = this.mode;
    if (this.mode === 'digest' && type === 3 && s1[4] === 0) {
      step.warnings.push({
        code: HandshakeWarningCode.SimpleFallback,
        message: 'server answered with a zero version: using the simple handshake',
      });
      this.effective = 'plain';
    }
    if (this.effective === 'plain') {
      step.send = s1.slice();
      return;
    }
    const found = findPacketDigest(s1, GENUINE_FMS_KEY.subarray(0, FMS_KEY_PARTIAL_LENGTH), this.scheme);
    if (found === undefined) {
      if (this.mode === 'rtmpe' || this.digestPolicy === 'error') {
        throw handshakeError(HandshakeErrorCode.DigestNotFound, 'no valid digest in S1 under either scheme');
      }
      step.warnings.push({
        code: HandshakeWarningCode.DigestNotFound,
        message: 'no valid digest in S1: falling back to the simple handshake',
      });
      this.effective = 'plain';
      step.send = s1.slice();
      return;
    }
    this.peerScheme = found.scheme;
    if (found.scheme !== this.scheme) {
      step.warnings.push({
        code: HandshakeWarningCode.DigestSchemeSwitched,
        message: `server digest found under scheme ${found.scheme}`,
        details: { scheme: found.scheme },
      });
    }
    if (this.mode === 'rtmpe') {
      const serverKey = peerDhKey(s1, found.scheme);
      this.ciphers = this.exchangeKeys(this.dh!, serverKey, step);
    }
    const s1Digest = s1.subarray(found.offset, found.offset + DIGEST_SIZE);
    step.send = buildSignedPacket2(this.random, s1Digest, GENUINE_FP_KEY, this.serverType);
  }

  /** S2 complete: check its signature (digest/RTMPE) or the echo (plain). */
  protected override onPacket2(s2: Uint8Array, step: HandshakeStep): void {
    if (this.effective === 'plain') {
      if (!bytesEqual(s2, this.c1!)) {
        step.warnings.push({ code: HandshakeWarningCode.EchoMismatch, message: 'S2 is not an echo of C1' });
      }
      return;
    }
    if (verifySignedPacket2(s2, this.c1Digest!, GENUINE_FMS_KEY, this.serverType)) return;
    if (this.mode === 'digest' && bytesEqual(s2, this.c1!)) {
      step.warnings.push({
        code: HandshakeWarningCode.EchoMismatch,
        message: 'S2 echoes C1 instead of carrying a signature (old-style server)',
        details: { echoed: true },
      });
      return;
    }
    this.signatureMismatch('S2', step);
  }

  /** S0: must answer our offer (any RTMPE type for an RTMPE offer, with a warning if different). */
  protected override onVersionByte(type: number, step: HandshakeStep): void {
    if (this.offeredType === 3) {
      if (type !== 3) {
        throw handshakeError(
          HandshakeErrorCode.BadVersion,
          `server answered version ${type} to a plain offer`,
          {
            version: type,
          },
        );
      }
      return;
    }
    if (type !== 6 && type !== 8 && type !== 9) {
      throw handshakeError(
        HandshakeErrorCode.BadVersion,
        `server answered version ${type} to an RTMPE offer (type ${this.offeredType})`,
        { version: type, offered: this.offeredType },
      );
    }
    if (type !== this.offeredType) {
      step.warnings.push({
        code: HandshakeWarningCode.TypeMismatch,
        message: `type mismatch: client sent ${this.offeredType}, server answered ${type}`,
        details: { offered: this.offeredType, answered: type },
      });
    }
  }

  protected override completionType(): HandshakeType {
    return this.serverType;
  }

  protected override completionMode(): HandshakeMode {
    return this.effective;
  }
}
