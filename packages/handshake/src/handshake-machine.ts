/**
 * HandshakeMachine: the input side shared by the client and server handshakes (RTMP spec 5.2):
 * assembles packet 1 (with its version byte) and packet 2 from input split anywhere, dispatches
 * them to the role, hands back what to send, the warnings and the completion with the leftover
 * bytes, and enforces the states (a thrown error is terminal).
 */

import type { Clock, RandomSource } from '@rtmp/core';
import type { DiffieHellman } from './diffie-hellman.js';
import { DH_KEY_SIZE, HANDSHAKE_PACKET_SIZE, type HandshakeType } from './genuine-keys.js';
import { HandshakeErrorCode, HandshakeWarningCode, handshakeError } from './handshake-error-code.js';
import type {
  DigestPolicy,
  HandshakeCommonOptions,
  HandshakeCompletion,
  HandshakeMode,
  HandshakeState,
  HandshakeStep,
} from './handshake-types.js';
import { PacketAssembler } from './packet-assembler.js';
import type { DigestScheme } from './packet-digest.js';
import { deriveRtmpeCiphers, type RtmpeCiphers } from './rtmpe-ciphers.js';

const DEFAULT_MAX_LEFTOVER = 65536;

/** Base class of {@link ClientHandshake} and {@link ServerHandshake}; not used directly. */
export abstract class HandshakeMachine {
  protected readonly random: RandomSource;
  protected readonly clock: () => number;
  protected readonly digestPolicy: DigestPolicy;
  protected readonly checkDhSubgroup: boolean;
  protected readonly dhPrivateKeyBytes: number;
  private readonly maxLeftoverBytes: number;
  private readonly assembler = new PacketAssembler(1 + HANDSHAKE_PACKET_SIZE);
  private currentState: HandshakeState = 'idle';
  private completion: HandshakeCompletion | undefined;
  protected peerScheme: DigestScheme | undefined;
  protected ciphers: RtmpeCiphers | undefined;
  private peerTime = 0;
  private versionChecked = false;
  private peerVersion: readonly [number, number, number, number] = [0, 0, 0, 0];
  private peerPacket1: Uint8Array = new Uint8Array(0);

  protected constructor(
    options: HandshakeCommonOptions,
    readonly role: 'client' | 'server',
  ) {
    if (options === undefined || typeof options.random !== 'function') {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'options.random (a RandomSource) is required');
    }
    this.random = options.random;
    const clock: Clock | undefined = options.clock;
    this.clock = clock === undefined ? () => 0 : () => clock() >>> 0;
    this.digestPolicy = options.digestPolicy ?? 'error';
    if (this.digestPolicy !== 'error' && this.digestPolicy !== 'warn') {
      throw handshakeError(HandshakeErrorCode.InvalidOption, "digestPolicy must be 'error' or 'warn'");
    }
    this.checkDhSubgroup = options.checkDhSubgroup ?? true;
    this.dhPrivateKeyBytes = options.dhPrivateKeyBytes ?? DH_KEY_SIZE;
    this.maxLeftoverBytes = options.maxLeftoverBytes ?? DEFAULT_MAX_LEFTOVER;
    if (!(this.maxLeftoverBytes >= 0)) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'maxLeftoverBytes must be >= 0', {
        maxLeftoverBytes: this.maxLeftoverBytes,
      });
    }
  }

  /** Current state. */
  get state(): HandshakeState {
    return this.currentState;
  }

  /** The completion, once the handshake is done. */
  get result(): HandshakeCompletion | undefined {
    return this.completion;
  }

  /**
   * Feeds bytes from the peer (any split). Returns what to send, the warnings, and — on the call
   * that completes the handshake — the completion with the leftover bytes for the chunk layer.
   * @throws {RtmpError} HANDSHAKE_BAD_STATE — before `start()` (client), after completion or failure.
   *   HANDSHAKE_BAD_VERSION, HANDSHAKE_DIGEST_NOT_FOUND, HANDSHAKE_SIGNATURE_MISMATCH,
   *   HANDSHAKE_DH_FAILED, HANDSHAKE_OVERSIZED — see {@link HandshakeErrorCode}. Any error is terminal.
   */
  receive(input: Uint8Array): HandshakeStep {
    const state = this.currentState;
    if (state !== 'awaiting-packet1' && state !== 'awaiting-packet2') {
      throw handshakeError(HandshakeErrorCode.BadState, `receive() in state ${state}`, { state });
    }
    const step: HandshakeStep = { send: undefined, warnings: [], done: undefined };
    try {
      let offset = 0;
      for (;;) {
        offset = this.assembler.fill(input, offset);
        if (this.currentState === 'awaiting-packet1' && !this.versionChecked && this.assembler.filled > 0) {
          // Fail fast on a wrong C0/S0 (an HTTP request, TLS hello...) without waiting for 1536 bytes.
          this.versionChecked = true;
          this.onVersionByte(this.assembler.packet[0]!, step);
        }
        if (!this.assembler.complete) break;
        if (this.currentState === 'awaiting-packet1') {
          this.onPacket1(this.assembler.packet, step);
          this.enter('awaiting-packet2', HANDSHAKE_PACKET_SIZE);
          continue;
        }
        this.onPacket2(this.assembler.packet, step);
        const leftover = input.subarray(offset);
        if (leftover.length > this.maxLeftoverBytes) {
          throw handshakeError(
            HandshakeErrorCode.Oversized,
            `${leftover.length} bytes arrived after the handshake, limit ${this.maxLeftoverBytes}`,
            { leftover: leftover.length, limit: this.maxLeftoverBytes },
          );
        }
        this.completion = {
          type: this.completionType(),
          mode: this.completionMode(),
          peerDigestScheme: this.completionMode() === 'plain' ? undefined : this.peerScheme,
          peerTime: this.peerTime,
          peerVersion: this.peerVersion,
          peerPacket1: this.peerPacket1,
          ciphers: this.ciphers,
          leftover,
        };
        this.currentState = 'done';
        step.done = this.completion;
        break;
      }
    } catch (error) {
      this.fail();
      throw error;
    }
    return step;
  }

  /**
   * Tells the machine the peer closed the stream. Does nothing once the handshake is done.
   * @throws {RtmpError} HANDSHAKE_TRUNCATED — when the stream ends before the handshake completes.
   *   HANDSHAKE_BAD_STATE — after a failure.
   */
  end(): void {
    const state = this.currentState;
    if (state === 'done') return;
    if (state === 'failed') throw handshakeError(HandshakeErrorCode.BadState, 'end() after a failure');
    this.fail();
    throw handshakeError(HandshakeErrorCode.Truncated, `stream ended in state ${state}`, {
      state,
      received: this.assembler.filled,
      missing: this.assembler.missing,
    });
  }

  protected requireState(expected: HandshakeState, method: string): void {
    if (this.currentState !== expected) {
      throw handshakeError(HandshakeErrorCode.BadState, `${method}() in state ${this.currentState}`, {
        state: this.currentState,
      });
    }
  }

  protected enter(state: HandshakeState, packetSize: number): void {
    this.currentState = state;
    this.assembler.expect(packetSize);
  }

  protected fail(): void {
    this.currentState = 'failed';
  }

  protected recordPeer(packet1: Uint8Array): void {
    this.peerTime = new DataView(packet1.buffer, packet1.byteOffset, 4).getUint32(0);
    this.peerVersion = [packet1[4]!, packet1[5]!, packet1[6]!, packet1[7]!];
    this.peerPacket1 = packet1.slice();
  }

  /** DH with the peer's key, subgroup warning, RC4 pair. */
  protected exchangeKeys(dh: DiffieHellman, peerKey: Uint8Array, step: HandshakeStep): RtmpeCiphers {
    const { secret, peerKeyInSubgroup } = dh.computeSecret(peerKey, this.checkDhSubgroup);
    if (!peerKeyInSubgroup) {
      step.warnings.push({
        code: HandshakeWarningCode.DhKeySuspicious,
        message: 'peer DH public key fails the y^q mod p = 1 test',
      });
    }
    return deriveRtmpeCiphers(secret, dh.publicKey, peerKey.slice());
  }

  protected signatureMismatch(packet: 'C2' | 'S2', step: HandshakeStep): void {
    if (this.digestPolicy === 'error') {
      throw handshakeError(HandshakeErrorCode.SignatureMismatch, `${packet} signature does not match`, {
        packet,
      });
    }
    step.warnings.push({
      code: HandshakeWarningCode.SignatureMismatch,
      message: `${packet} signature does not match`,
      details: { packet },
    });
  }

  /** Checks the peer's version byte (C0/S0) as soon as it arrives. */
  protected abstract onVersionByte(version: number, step: HandshakeStep): void;
  protected abstract onPacket1(packet: Uint8Array, step: HandshakeStep): void;
  protected abstract onPacket2(packet: Uint8Array, step: HandshakeStep): void;
  protected abstract completionType(): HandshakeType;
  protected abstract completionMode(): HandshakeMode;
}
