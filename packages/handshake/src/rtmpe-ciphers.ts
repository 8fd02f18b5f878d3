/**
 * RTMPE RC4 key derivation (protocol.md 1.4 "RC4 keys", "Keystream start"; librtmp
 * InitRC4Encryption): each direction's 16-byte key is the start of an HMAC-SHA256 keyed with the
 * 128-byte DH shared secret — over the peer's public key for what we send, over our own public
 * key for what we receive — and both keystreams then discard 1536 bytes.
 */

import { HANDSHAKE_PACKET_SIZE } from './genuine-keys.js';
import { hmacSha256 } from './hmac-sha256.js';
import { Rc4 } from './rc4.js';

/** The pair of RC4 ciphers a session applies to every byte after an RTMPE handshake. */
export interface RtmpeCiphers {
  /** Apply to every byte we send (in place). */
  encrypt: Rc4;
  /** Apply to every byte we receive (in place), starting with the handshake's `leftover`. */
  decrypt: Rc4;
}

/** Derives both ciphers from the shared secret and the two public keys, keystreams advanced by 1536. */
export function deriveRtmpeCiphers(
  secret: Uint8Array,
  ownPublicKey: Uint8Array,
  peerPublicKey: Uint8Array,
): RtmpeCiphers {
  const encrypt = new Rc4(hmacSha256(secret, peerPublicKey).subarray(0, 16));
  const decrypt = new Rc4(hmacSha256(secret, ownPublicKey).subarray(0, 16));
  encrypt.skip(HANDSHAKE_PACKET_SIZE);
  decrypt.skip(HANDSHAKE_PACKET_SIZE);
  return { encrypt, decrypt };
}
