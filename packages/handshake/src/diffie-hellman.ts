/**
 * Diffie-Hellman over the 1024-bit MODP group of RFC 2409 section 6.2 ("Oakley group 2"),
 * generator 2, as RTMPE uses it (protocol.md 1.4): 128-byte big-endian public keys, a 128-byte
 * shared secret. Plain BigInt arithmetic; randomness is injected.
 *
 * Peer key checks (protocol.md 1.4 recommendation): `y <= 1` or `y >= p - 1` is a DH failure;
 * a failed subgroup test `y^q mod p != 1` (q = (p - 1) / 2) is only reported, as librtmp does.
 */

import type { RandomSource } from '@rtmp/core';
import { DH_KEY_SIZE } from './genuine-keys.js';
import { HandshakeErrorCode, handshakeError } from './handshake-error-code.js';

/** The RFC 2409 group 2 prime. */
export const DH_PRIME = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF',
);
/** The group generator. */
export const DH_GENERATOR = 2n;
const DH_Q = (DH_PRIME - 1n) / 2n;

/** `base^exponent mod modulus` by left-to-right exponentiation with a fixed 4-bit window. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  base %= modulus;
  const table: bigint[] = [1n, base];
  for (let n = 2; n < 16; n++) table.push((table[n - 1]! * base) % modulus);
  const digits = exponent.toString(16);
  let result = table[Number.parseInt(digits[0]!, 16)]!;
  for (let n = 1; n < digits.length; n++) {
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    result = (result * result) % modulus;
    const digit = Number.parseInt(digits[n]!, 16);
    if (digit !== 0) result = (result * table[digit]!) % modulus;
  }
  return result;
}

/** Big-endian unsigned bytes to a BigInt. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '0x0';
  for (let n = 0; n < bytes.length; n++) hex += bytes[n]!.toString(16).padStart(2, '0');
  return BigInt(hex);
}

/** A non-negative BigInt as `length` big-endian bytes, left-padded with zeros. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let n = 0; n < length; n++) out[n] = Number.parseInt(hex.slice(n * 2, n * 2 + 2), 16);
  return out;
}

/** Result of {@link DiffieHellman.computeSecret}. */
export interface DhSecret {
  /** The shared secret, 128 big-endian bytes. */
  secret: Uint8Array;
  /** False when the peer key failed the subgroup test (a warning, not an error). */
  peerKeyInSubgroup: boolean;
}

/** One side of an RTMPE key exchange: a private exponent and its 128-byte public key. */
export class DiffieHellman {
  private readonly privateKey: bigint;
  /** Our public key, 128 big-endian bytes. */
  readonly publicKey: Uint8Array;

  /**
   * @param random fills the private key bytes.
   * @param privateKeyBytes length of the private exponent (default 128 = 1024 bits).
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when `privateKeyBytes` is not in 16..128.
   */
  constructor(random: RandomSource, privateKeyBytes = DH_KEY_SIZE) {
    if (!Number.isInteger(privateKeyBytes) || privateKeyBytes < 16 || privateKeyBytes > DH_KEY_SIZE) {
      throw handshakeError(
        HandshakeErrorCode.InvalidOption,
        'privateKeyBytes must be an integer in 16..128',
        {
          privateKeyBytes,
        },
      );
    }
    const bytes = new Uint8Array(privateKeyBytes);
    random(bytes);
    // x in [2, p - 2]: avoids the trivial public keys 1 and p - 1.
    this.privateKey = (bytesToBigInt(bytes) % (DH_PRIME - 3n)) + 2n;
    this.publicKey = bigIntToBytes(modPow(DH_GENERATOR, this.privateKey, DH_PRIME), DH_KEY_SIZE);
  }

  /**
   * The shared secret with the peer's 128-byte public key.
   * @throws {RtmpError} HANDSHAKE_DH_FAILED — when the key is not 128 bytes or `y <= 1` or `y >= p - 1`.
   */
  computeSecret(peerPublicKey: Uint8Array, checkSubgroup = true): DhSecret {
    if (peerPublicKey.length !== DH_KEY_SIZE) {
      throw handshakeError(HandshakeErrorCode.DhFailed, `DH public key must be ${DH_KEY_SIZE} bytes`, {
        length: peerPublicKey.length,
      });
    }
    const y = bytesToBigInt(peerPublicKey);
    if (y <= 1n || y >= DH_PRIME - 1n) {
      throw handshakeError(
        HandshakeErrorCode.DhFailed,
        'peer DH public key is out of range (must be 2..p-2)',
        {
          publicKey: y.toString(16),
        },
      );
    }
    const peerKeyInSubgroup = checkSubgroup ? modPow(y, DH_Q, DH_PRIME) === 1n : true;
    return { secret: bigIntToBytes(modPow(y, this.privateKey, DH_PRIME), DH_KEY_SIZE), peerKeyInSubgroup };
  }
}
