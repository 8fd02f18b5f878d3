/**
 * XXTEA ("Corrected Block TEA", Wheeler & Needham 1998) decryption over little-endian 32-bit
 * words, as librtmp's SecureToken answer uses it (protocol.md §6.3). Written here because the
 * handshake package's cipher is XTEA (a different algorithm) for RTMPE type 8.
 */

const DELTA = 0x9e3779b9;

/**
 * Decrypts `v` (n ≥ 1 words) in place with the 128-bit key `k` (four words): rounds = 6 + 52/n,
 * delta 0x9E3779B9. Throws nothing; `k` must have 4 entries.
 */
export function xxteaDecryptWords(v: Uint32Array, k: Uint32Array): void {
  const n = v.length;
  if (n === 0) return;
  const rounds = 6 + Math.floor(52 / n);
  let sum = Math.imul(rounds, DELTA) >>> 0;
  let y = v[0]!;
  let z: number;
  while (sum !== 0) {
    const e = (sum >>> 2) & 3;
    for (let p = n - 1; p > 0; p--) {
      z = v[p - 1]!;
      y = v[p] = (v[p]! - mx(sum, y, z, p, e, k)) >>> 0;
    }
    z = v[n - 1]!;
    y = v[0] = (v[0]! - mx(sum, y, z, 0, e, k)) >>> 0;
    sum = (sum - DELTA) >>> 0;
  }
}

/** Encrypts `v` in place (the inverse of {@link xxteaDecryptWords}). Throws nothing. */
export function xxteaEncryptWords(v: Uint32Array, k: Uint32Array): void {
  const n = v.length;
  if (n === 0) return;
  let rounds = 6 + Math.floor(52 / n);
  let sum = 0;
  let z = v[n - 1]!;
  let y: number;
  while (rounds-- > 0) {
    sum = (sum + DELTA) >>> 0;
    const e = (sum >>> 2) & 3;
    for (let p = 0; p < n - 1; p++) {
      y = v[p + 1]!;
      z = v[p] = (v[p]! + mx(sum, y, z, p, e, k)) >>> 0;
    }
    y = v[0]!;
    z = v[n - 1] = (v[n - 1]! + mx(sum, y, z, n - 1, e, k)) >>> 0;
  }
}

function mx(sum: number, y: number, z: number, p: number, e: number, k: Uint32Array): number {
  const a = (((z >>> 5) ^ (y << 2)) + ((y >>> 3) ^ (z << 4))) >>> 0;
  const b = (((sum ^ y) >>> 0) + ((k[(p & 3) ^ e]! ^ z) >>> 0)) >>> 0;
  return (a ^ b) >>> 0;
}
