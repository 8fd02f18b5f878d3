/**
 * ServerHandshake: the server side of the RTMP handshake as a sans-IO state machine (RTMP spec
 * 5.2 "Handshake"; protocol.md 1.2-1.4). Behaviour follows librtmp's SHandShake(): a C1 whose
 * first version byte is 0 gets the simple handshake (S2 = echo of C1); otherwise the client's
 * digest is looked up under both schemes and S1/S2 are signed; C0 = 6/8/9 runs RTMPE. The whole
 * answer S0+S1+S2 is produced as soon as C0+C1 is in.
 *
 * ```ts
 * const hs = new ServerHandshake({ random: (b) => crypto.getRandomValues(b) });
 * socket.on('data', (bytes) => { const step = hs.receive(bytes); if (step.send) socket.write(step.send); ... });
 * ```
 */

import { DiffieHellman } from './diffie-hellman.js';
import {
  DEFAULT_SERVER_VERSION,
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

/** Options of {@link ServerHandshake}. */
export interface ServerHandshakeOptions extends HandshakeCommonOptions {
  /** C0 values accepted (default `[3, 6, 8, 9]`); anything else is `HANDSHAKE_BAD_VERSION`. */
  acceptTypes?: readonly HandshakeType[] | undefined;
  /**
   * Answer a type-6 request from a client whose C1 version starts with 128 with type 8, as
   * librtmp's server does (default false: answer the requested type).
   */
  upgradeType6To8?: boolean | undefined;
  /** S1 version bytes in digest/RTMPE mode (default 3.5.1.1, librtmp's server). */
  version?: readonly [number, number, number, number] | undefined;
  /** Digest position scheme of S1 (default 0 for digest, 1 for RTMPE, as librtmp's server). */
  digestScheme?: DigestScheme | undefined;
}

/** The server handshake state machine. Starts waiting for C0+C1; there is no `start()`. */
export class ServerHandshake extends HandshakeMachine {
  private readonly acceptTypes: readonly HandshakeType[];
  private readonly upgradeType6To8: boolean;
  private readonly version: readonly number[];
  private readonly schemeOption: DigestScheme | undefined;
  private answerType: HandshakeType = 3;
  private mode: HandshakeMode = 'plain';
  private s1: Uint8Array | undefined;
  private s1Digest: Uint8Array | undefined;

  /**
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when an option is out of range.
   */
  constructor(options: ServerHandshakeOptions) {
    super(options, 'server');
    this.acceptTypes = options.acceptTypes ?? [3, 6, 8, 9];
    if (this.acceptTypes.some((t) => t !== 3 && t !== 6 && t !== 8 && t !== 9)) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'acceptTypes may only hold 3, 6, 8 and 9', {
        acceptTypes: this.acceptTypes,
      });
    }
    this.upgradeType6To8 = options.upgradeType6To8 ?? false;
    this.version = options.version ?? DEFAULT_SERVER_VERSION;
    this.schemeOption = options.digestScheme;
    if (this.schemeOption !== undefined && this.schemeOption !== 0 && this.schemeOption !== 1) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'digestScheme must be 0 or 1');
    }
    this.enter('awaiting-packet1', 1 + HANDSHAKE_PACKET_SIZE);
  }

  /** C0: one of `acceptTypes`. */
  protected override onVersionByte(requested: number): void {
    if (!this.acceptTypes.includes(requested as HandshakeType)) {
      throw handshakeError(
        HandshakeErrorCode.BadVersion,
        `client requested unsupported version ${requested}`,
        {
          version: requested,
          accepted: this.acceptTypes,
        },
      );
    }
  }

  /** C0+C1 complete: pick the flavour, check the client digest, build S0+S1+S2. */
  protected override onPacket1(c0c1: Uint8Array, step: HandshakeStep): void {
    const requested = c0c1[0]!;
    const c1 = c0c1.subarray(1);
    if (!this.acceptTypes.includes(requested as HandshakeType)) {
      throw handshakeError(
        HandshakeErrorCode.BadVersion,
        `client requested unsupported version ${requested}`,
        {
          version: requested,
          accepted: this.acceptTypes,
        },
      );
    }
    this.recordPeer(c1);
    const encrypted = requested !== 3;
    this.answerType =
      requested === 6 && this.upgradeType6To8 && c1[4] === 128 ? 8 : (requested as HandshakeType);
    this.mode = encrypted ? 'rtmpe' : c1[4] === 0 ? 'plain' : 'digest';
    const scheme: DigestScheme = this.schemeOption ?? (encrypted ? 1 : 0);

    let found: { scheme: DigestScheme; offset: number } | undefined;
    if (this.mode !== 'plain') {
      found = findPacketDigest(c1, GENUINE_FP_KEY.subarray(0, FP_KEY_PARTIAL_LENGTH), scheme);
      if (found === undefined) {
        if (encrypted || this.digestPolicy === 'error') {
          throw handshakeError(
            HandshakeErrorCode.DigestNotFound,
            'no valid digest in C1 under either scheme',
          );
        }
        step.warnings.push({
          code: HandshakeWarningCode.DigestNotFound,
          message: 'no valid digest in C1: answering with the simple handshake',
        });
        this.mode = 'plain';
      } else if (found.scheme !== scheme) {
        step.warnings.push({
          code: HandshakeWarningCode.DigestSchemeSwitched,
          message: `client digest found under scheme ${found.scheme}`,
          details: { scheme: found.scheme },
        });
      }
    }

    const out = new Uint8Array(1 + 2 * HANDSHAKE_PACKET_SIZE);
    out[0] = this.answerType;
    if (this.mode === 'plain' || found === undefined) {
      const s1 = buildPacket1({ time: this.clock(), version: [0, 0, 0, 0], random: this.random }).packet;
      this.s1 = s1;
      out.set(s1, 1);
      out.set(c1, 1 + HANDSHAKE_PACKET_SIZE);
      step.send = out;
      return;
    }
    this.peerScheme = found.scheme;
    const dh = encrypted ? new DiffieHellman(this.random, this.dhPrivateKeyBytes) : undefined;
    const built = buildPacket1({
      time: this.clock(),
      version: this.version,
      random: this.random,
      digest: { scheme, key: GENUINE_FMS_KEY.subarray(0, FMS_KEY_PARTIAL_LENGTH) },
      dh,
    });
    this.s1 = built.packet;
    this.s1Digest = built.packet.slice(built.digestOffset!, built.digestOffset! + DIGEST_SIZE);
    if (dh !== undefined) this.ciphers = this.exchangeKeys(dh, peerDhKey(c1, found.scheme), step);
    const c1Digest = c1.subarray(found.offset, found.offset + DIGEST_SIZE);
    const s2 = buildSignedPacket2(this.random, c1Digest, GENUINE_FMS_KEY, this.answerType);
    out.set(built.packet, 1);
    out.set(s2, 1 + HANDSHAKE_PACKET_SIZE);
    step.send = out;
  }

  /** C2 complete: check its signature (digest/RTMPE) or the echo (plain). */
  protected override onPacket2(c2: Uint8Array, step: HandshakeStep): void {
    if (this.mode === 'plain') {
      if (!bytesEqual(c2, this.s1!)) {
        step.warnings.push({ code: HandshakeWarningCode.EchoMismatch, message: 'C2 is not an echo of S1' });
      }
      return;
    }
    if (verifySignedPacket2(c2, this.s1Digest!, GENUINE_FP_KEY, this.answerType)) return;
    if (this.mode === 'digest' && bytesEqual(c2, this.s1!)) {
      // FFmpeg's publishing client echoes S1 instead of signing C2.
      step.warnings.push({
        code: HandshakeWarningCode.EchoMismatch,
        message: 'C2 echoes S1 instead of carrying a signature (FFmpeg publishing does this)',
        details: { echoed: true },
      });
      return;
    }
    this.signatureMismatch('C2', step);
  }

  protected override completionType(): HandshakeType {
    return this.answerType;
  }

  protected override completionMode(): HandshakeMode {
    return this.mode;
  }
}
