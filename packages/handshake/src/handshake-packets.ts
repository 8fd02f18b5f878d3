/**
 * Building and checking the handshake packets shared by both roles (RTMP spec 5.2.3 "C1 and S1
 * Format", 5.2.4 "C2 and S2 Format"; protocol.md 1.2-1.4): packet 1 with optional DH key and
 * digest, the signed packet 2 of the digest handshake, and its verification.
 */

import type { RandomSource } from '@rtmp/core';
import type { DiffieHellman } from './diffie-hellman.js';
import { DH_KEY_SIZE, DIGEST_SIZE, HANDSHAKE_PACKET_SIZE, type HandshakeType } from './genuine-keys.js';
import { HandshakeErrorCode, handshakeError } from './handshake-error-code.js';
import {
  bytesEqual,
  computePacketSignature,
  type DigestScheme,
  dhKeyOffset,
  writePacketDigest,
} from './packet-digest.js';
import { transformSignature } from './rtmpe-signature.js';

/** What {@link buildPacket1} produced. */
export interface Packet1 {
  packet: Uint8Array;
  /** Offset of our digest (undefined for a simple packet). */
  digestOffset: number | undefined;
  /** Offset of our DH public key (undefined unless RTMPE). */
  dhOffset: number | undefined;
}

/** Parameters of {@link buildPacket1}. */
export interface Packet1Options {
  time: number;
  version: readonly number[];
  random: RandomSource;
  /** Present for the digest/RTMPE handshake: where to put the digest, keyed with `digestKey`. */
  digest?: { scheme: DigestScheme; key: Uint8Array } | undefined;
  /** Present for RTMPE: the DH key pair whose public key goes in the packet. */
  dh?: DiffieHellman | undefined;
}

/**
 * Builds C1/S1: time, version, random fill, then (RTMPE) the DH public key and (digest) the digest.
 * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when `version` is not four bytes.
 */
export function buildPacket1(options: Packet1Options): Packet1 {
  const { version } = options;
  if (version.length !== 4 || version.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
    throw handshakeError(HandshakeErrorCode.InvalidOption, 'version must be four bytes', { version });
  }
  const packet = new Uint8Array(HANDSHAKE_PACKET_SIZE);
  options.random(packet.subarray(8));
  new DataView(packet.buffer).setUint32(0, options.time >>> 0);
  packet.set(version, 4);
  let dhOffset: number | undefined;
  let digestOffset: number | undefined;
  if (options.digest !== undefined) {
    if (options.dh !== undefined) {
      dhOffset = dhKeyOffset(packet, options.digest.scheme);
      packet.set(options.dh.publicKey, dhOffset);
    }
    digestOffset = writePacketDigest(packet, options.digest.scheme, options.digest.key);
  }
  return { packet, digestOffset, dhOffset };
}

/** The peer's DH public key in its packet 1 under `scheme` (a view). */
export function peerDhKey(packet: Uint8Array, scheme: DigestScheme): Uint8Array {
  const offset = dhKeyOffset(packet, scheme);
  return packet.subarray(offset, offset + DH_KEY_SIZE);
}

/** The expected packet-2 signature for `packet`, transformed for handshake `type`. */
export function expectedSignature(
  packet: Uint8Array,
  peerDigest: Uint8Array,
  fullKey: Uint8Array,
  type: HandshakeType,
): Uint8Array {
  const { signature, digestKey } = computePacketSignature(packet, peerDigest, fullKey);
  transformSignature(type, signature, digestKey);
  return signature;
}

/**
 * Builds a signed C2/S2: 1504 bytes from `body` (or random when `body` is undefined), then the
 * signature over them (protocol.md 1.3 step 3).
 */
export function buildSignedPacket2(
  random: RandomSource,
  peerDigest: Uint8Array,
  fullKey: Uint8Array,
  type: HandshakeType,
  body?: Uint8Array,
): Uint8Array {
  const packet = new Uint8Array(HANDSHAKE_PACKET_SIZE);
  const signedLength = HANDSHAKE_PACKET_SIZE - DIGEST_SIZE;
  if (body === undefined) random(packet.subarray(0, signedLength));
  else packet.set(body.subarray(0, signedLength));
  packet.set(expectedSignature(packet, peerDigest, fullKey, type), signedLength);
  return packet;
}

/** True when the last 32 bytes of `packet` are the signature keyed from our own digest. */
export function verifySignedPacket2(
  packet: Uint8Array,
  ownDigest: Uint8Array,
  fullKey: Uint8Array,
  type: HandshakeType,
): boolean {
  const signedLength = HANDSHAKE_PACKET_SIZE - DIGEST_SIZE;
  return bytesEqual(expectedSignature(packet, ownDigest, fullKey, type), packet.subarray(signedLength));
}
