/**
 * Digest and Diffie-Hellman key positions in a 1536-byte handshake packet, and the packet digest
 * (protocol.md 1.3 "Digest position schemes", "Computing a packet digest"; librtmp handshake.h
 * GetDigestOffset1/2, GetDHOffset1/2, CalculateDigest).
 *
 * Scheme 0: offset bytes at 8..11, digest at sum % 728 + 12; DH key at sum(1532..1535) % 632 + 772.
 * Scheme 1: offset bytes at 772..775, digest at sum % 728 + 776; DH key at sum(768..771) % 632 + 8.
 */

import { DIGEST_SIZE, HANDSHAKE_PACKET_SIZE } from './genuine-keys.js';
import { hmacSha256 } from './hmac-sha256.js';

/** Digest position scheme: 0 = digest in the first half (offset bytes at 8), 1 = second half (at 772). */
export type DigestScheme = 0 | 1;

function sum4(packet: Uint8Array, at: number): number {
  return packet[at]! + packet[at + 1]! + packet[at + 2]! + packet[at + 3]!;
}

/** Offset of the 32-byte digest in `packet` under `scheme`. */
export function digestOffset(packet: Uint8Array, scheme: DigestScheme): number {
  return scheme === 0 ? (sum4(packet, 8) % 728) + 12 : (sum4(packet, 772) % 728) + 776;
}

/** Offset of the 128-byte DH public key in `packet` under `scheme`. */
export function dhKeyOffset(packet: Uint8Array, scheme: DigestScheme): number {
  return scheme === 0 ? (sum4(packet, 1532) % 632) + 772 : (sum4(packet, 768) % 632) + 8;
}

/** HMAC-SHA256 of `packet` without its 32 bytes at `offset`, keyed with `key`. */
export function computePacketDigest(packet: Uint8Array, offset: number, key: Uint8Array): Uint8Array {
  return hmacSha256(
    key,
    packet.subarray(0, offset),
    packet.subarray(offset + DIGEST_SIZE, HANDSHAKE_PACKET_SIZE),
  );
}

/** Computes the digest of `packet` at the position given by `scheme` and writes it there; returns the offset. */
export function writePacketDigest(packet: Uint8Array, scheme: DigestScheme, key: Uint8Array): number {
  const offset = digestOffset(packet, scheme);
  packet.set(computePacketDigest(packet, offset, key), offset);
  return offset;
}

/** True when the 32 bytes at `offset` are the packet's digest under `key`. */
export function verifyPacketDigest(packet: Uint8Array, offset: number, key: Uint8Array): boolean {
  return bytesEqual(computePacketDigest(packet, offset, key), packet.subarray(offset, offset + DIGEST_SIZE));
}

/** Where a digest was found: the scheme and the digest's offset. */
export interface DigestLocation {
  scheme: DigestScheme;
  offset: number;
}

/**
 * Looks for a valid digest in `packet`, trying `preferred` first and then the other scheme
 * (librtmp's order). Returns undefined when neither validates.
 */
export function findPacketDigest(
  packet: Uint8Array,
  key: Uint8Array,
  preferred: DigestScheme,
): DigestLocation | undefined {
  for (const scheme of [preferred, (1 - preferred) as DigestScheme]) {
    const offset = digestOffset(packet, scheme);
    if (verifyPacketDigest(packet, offset, key)) return { scheme, offset };
  }
  return undefined;
}

/**
 * The packet-2 signature (protocol.md 1.3 steps 3-4): `HMAC(HMAC(fullKey, peerDigest), packet[0..1504))`.
 * Returns the intermediate key too (the RTMPE type 8/9 transform indexes its key table with it).
 */
export function computePacketSignature(
  packet: Uint8Array,
  peerDigest: Uint8Array,
  fullKey: Uint8Array,
): { signature: Uint8Array; digestKey: Uint8Array } {
  const digestKey = hmacSha256(fullKey, peerDigest);
  const signature = hmacSha256(digestKey, packet.subarray(0, HANDSHAKE_PACKET_SIZE - DIGEST_SIZE));
  return { signature, digestKey };
}

/** Constant-length byte comparison. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let n = 0; n < a.length; n++) diff |= a[n]! ^ b[n]!;
  return diff === 0;
}
