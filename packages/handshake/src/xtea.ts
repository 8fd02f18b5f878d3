/**
 * XTEA block cipher, encryption only (Needham & Wheeler, "Tea extensions", 1997): 64-bit block as
 * two 32-bit words, 128-bit key as four words, delta 0x9E3779B9, 32 cycles by default.
 *
 * RTMPE type 8 (protocol.md 1.4) encrypts each 8-byte quarter of a handshake signature with it,
 * loading the block words little-endian and using librtmp's key table words as given.
 */

import { HandshakeErrorCode, handshakeError } from './handshake-error-code.js';

const DELTA = 0x9e3779b9;

/**
 * Encrypts the block `(v0, v1)` under `key` (four 32-bit words) and returns the two cipher words.
 * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when `key` does not hold four words.
 */
export function xteaEncryptWords(
  v0: number,
  v1: number,
  key: ArrayLike<number>,
  cycles = 32,
): [number, number] {
  if (key.length !== 4) {
    throw handshakeError(HandshakeErrorCode.InvalidOption, 'XTEA key must be four 32-bit words', {
      keyLength: key.length,
    });
  }
  let sum = 0;
  v0 >>>= 0;
  v1 >>>= 0;
  for (let n = 0; n < cycles; n++) {
    v0 = (v0 + ((((v1 << 4) ^ (v1 >>> 5)) + v1) ^ (sum + key[sum & 3]!))) >>> 0;
    sum = (sum + DELTA) >>> 0;
    v1 = (v1 + ((((v0 << 4) ^ (v0 >>> 5)) + v0) ^ (sum + key[(sum >>> 11) & 3]!))) >>> 0;
  }
  return [v0, v1];
}

/**
 * Encrypts the 8 bytes at `bytes[offset..offset+8)` in place, loading and storing the two block
 * words little-endian (RTMPE type 8 convention) or big-endian (`littleEndian = false`, the
 * convention of the published XTEA test vectors).
 * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when `key` does not hold four words or the block is short.
 */
export function xteaEncryptBlock(
  bytes: Uint8Array,
  offset: number,
  key: ArrayLike<number>,
  littleEndian = true,
): void {
  if (offset < 0 || offset + 8 > bytes.length) {
    throw handshakeError(HandshakeErrorCode.InvalidOption, 'XTEA block needs 8 bytes', { offset });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const [c0, c1] = xteaEncryptWords(view.getUint32(0, littleEndian), view.getUint32(4, littleEndian), key);
  view.setUint32(0, c0, littleEndian);
  view.setUint32(4, c1, littleEndian);
}
