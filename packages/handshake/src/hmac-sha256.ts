/**
 * HMAC-SHA256 (RFC 2104 with FIPS 180-4 SHA-256) over one or more byte ranges, via @noble/hashes
 * (audited, dependency-free, no `node:*` import). Used for every handshake digest and signature
 * and for the RTMPE RC4 key derivation (protocol.md 1.3, 1.4).
 */

import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';

/** HMAC-SHA256 of the concatenation of `parts` under `key` (32 bytes, freshly allocated). */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const mac = hmac.create(sha256, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}
