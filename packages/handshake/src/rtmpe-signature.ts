/**
 * RTMPE type 8 / type 9 signature transform (protocol.md 1.4; librtmp handshake.h rtmpe8_sig,
 * rtmpe9_sig): after the HMAC step, each 8-byte quarter `i` of the 32-byte packet-2 signature is
 * encrypted in place with key-table entry `digestKey[i * 8] % 15` — XTEA for type 8, Blowfish for
 * type 9 — the block loaded as two little-endian words. Type 3 and 6 signatures are unchanged.
 */

import { Blowfish } from './blowfish.js';
import { DIGEST_SIZE, type HandshakeType } from './genuine-keys.js';
import { RTMPE8_KEYS, RTMPE9_KEYS_HEX } from './rtmpe-key-tables.js';
import { xteaEncryptBlock } from './xtea.js';

const blowfishCache = new Map<number, Blowfish>();

function blowfishFor(index: number): Blowfish {
  let cipher = blowfishCache.get(index);
  if (cipher === undefined) {
    const hex = RTMPE9_KEYS_HEX[index]!;
    const key = new Uint8Array(hex.length / 2);
    for (let n = 0; n < key.length; n++) key[n] = Number.parseInt(hex.slice(n * 2, n * 2 + 2), 16);
    cipher = new Blowfish(key);
    blowfishCache.set(index, cipher);
  }
  return cipher;
}

/**
 * Applies the type 8 (XTEA) or type 9 (Blowfish) transform to `signature` in place; does nothing
 * for types 3 and 6. `digestKey` is the 32-byte intermediate HMAC key of the signature.
 */
export function transformSignature(type: HandshakeType, signature: Uint8Array, digestKey: Uint8Array): void {
  if (type !== 8 && type !== 9) return;
  for (let offset = 0; offset < DIGEST_SIZE; offset += 8) {
    const index = digestKey[offset]! % 15;
    if (type === 8) xteaEncryptBlock(signature, offset, RTMPE8_KEYS[index]!, true);
    else blowfishFor(index).encryptBlock(signature, offset, true);
  }
}
