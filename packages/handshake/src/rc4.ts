/**
 * RC4 stream cipher (the "ARCFOUR" algorithm; test vectors RFC 6229), as RTMPE uses it
 * (protocol.md 1.4): one instance per direction, keyed with 16 bytes, applied to every byte
 * after the handshake.
 *
 * `process` works in place on a `Uint8Array` (a `Buffer` works too) and keeps the cipher
 * state between calls, so a stream may be fed in pieces of any size.
 */

import { HandshakeErrorCode, handshakeError } from './handshake-error-code.js';

/** An RC4 keystream generator / XOR transform with state kept across calls. */
export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  /**
   * @param key 1 to 256 key bytes (RTMPE uses 16).
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when the key is empty or longer than 256 bytes.
   */
  constructor(key: Uint8Array) {
    if (key.length < 1 || key.length > 256) {
      throw handshakeError(
        HandshakeErrorCode.InvalidOption,
        `RC4 key must be 1..256 bytes, got ${key.length}`,
        {
          keyLength: key.length,
        },
      );
    }
    const s = this.s;
    for (let n = 0; n < 256; n++) s[n] = n;
    let j = 0;
    const keyLength = key.length;
    for (let n = 0; n < 256; n++) {
      const t = s[n]!;
      j = (j + t + key[n % keyLength]!) & 0xff;
      s[n] = s[j]!;
      s[j] = t;
    }
  }

  /**
   * XORs `bytes[start..end)` with the next keystream bytes, in place (encrypts or decrypts),
   * and returns `bytes`.
   */
  process(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let n = start; n < end; n++) {
      i = (i + 1) & 0xff;
      const si = s[i]!;
      j = (j + si) & 0xff;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
      bytes[n] = bytes[n]! ^ s[(si + sj) & 0xff]!;
    }
    this.i = i;
    this.j = j;
    return bytes;
  }

  /** Advances the keystream by `count` bytes without output (RTMPE discards 1536 bytes). */
  skip(count: number): void {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let n = 0; n < count; n++) {
      i = (i + 1) & 0xff;
      const si = s[i]!;
      j = (j + si) & 0xff;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
    }
    this.i = i;
    this.j = j;
  }
}
