/**
 * Blowfish block cipher (Schneier, "Description of a New Variable-Length Key, 64-Bit Block
 * Cipher (Blowfish)", Fast Software Encryption 1993): 16 rounds, 18-word P-array and four
 * 256-word S-boxes initialised from the hex digits of pi, then mixed with the key.
 *
 * RTMPE type 9 (protocol.md 1.4) encrypts each 8-byte quarter of a handshake signature with a
 * 24-byte key from a fixed table, the block words loaded little-endian.
 */

import { BLOWFISH_PI_HEX } from './blowfish-init.js';
import { HandshakeErrorCode, handshakeError } from './handshake-error-code.js';

const ROUNDS = 16;
let initialTable: Uint32Array | undefined;

/** The 18 + 1024 initial words (P then S0..S3), parsed once from the pi digits. */
function initialWords(): Uint32Array {
  if (initialTable === undefined) {
    const words = new Uint32Array(18 + 1024);
    for (let n = 0; n < words.length; n++) {
      words[n] = Number.parseInt(BLOWFISH_PI_HEX.slice(n * 8, n * 8 + 8), 16);
    }
    initialTable = words;
  }
  return initialTable;
}

/** A keyed Blowfish instance (encryption and decryption of 64-bit blocks). */
export class Blowfish {
  private readonly p: Uint32Array;
  private readonly s: Uint32Array;
  private readonly pair = new Uint32Array(2);

  /**
   * @param key 1 to 56 key bytes (the spec allows 32 to 448 bits; shorter keys are accepted for
   *   the published variable-key-length test vectors).
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when the key is empty or longer than 56 bytes.
   */
  constructor(key: Uint8Array) {
    if (key.length < 1 || key.length > 56) {
      throw handshakeError(
        HandshakeErrorCode.InvalidOption,
        `Blowfish key must be 1..56 bytes, got ${key.length}`,
        {
          keyLength: key.length,
        },
      );
    }
    const init = initialWords();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
    let k = 0;
    for (let n = 0; n < 18; n++) {
      let word = 0;
      for (let b = 0; b < 4; b++) {
        word = (word << 8) | key[k]!;
        k = (k + 1) % key.length;
      }
      this.p[n] = this.p[n]! ^ word;
    }
    const pair = this.pair;
    pair[0] = 0;
    pair[1] = 0;
    for (let n = 0; n < 18; n += 2) {
      this.encryptPair(pair);
      this.p[n] = pair[0]!;
      this.p[n + 1] = pair[1]!;
    }
    for (let n = 0; n < 1024; n += 2) {
      this.encryptPair(pair);
      this.s[n] = pair[0]!;
      this.s[n + 1] = pair[1]!;
    }
  }

  private f(x: number): number {
    const s = this.s;
    return (
      (((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) ^ s[512 + ((x >>> 8) & 0xff)]!) +
        s[768 + (x & 0xff)]!) >>>
      0
    );
  }

  /** Encrypts `pair[0], pair[1]` (left, right words) in place. */
  encryptPair(pair: Uint32Array): void {
    const p = this.p;
    let left = pair[0]!;
    let right = pair[1]!;
    for (let n = 0; n < ROUNDS; n++) {
      left = (left ^ p[n]!) >>> 0;
      right = (right ^ this.f(left)) >>> 0;
      const t = left;
      left = right;
      right = t;
    }
    pair[0] = (right ^ p[ROUNDS + 1]!) >>> 0;
    pair[1] = (left ^ p[ROUNDS]!) >>> 0;
  }

  /** Decrypts `pair[0], pair[1]` (left, right words) in place. */
  decryptPair(pair: Uint32Array): void {
    const p = this.p;
    let left = pair[0]!;
    let right = pair[1]!;
    for (let n = ROUNDS + 1; n > 1; n--) {
      left = (left ^ p[n]!) >>> 0;
      right = (right ^ this.f(left)) >>> 0;
      const t = left;
      left = right;
      right = t;
    }
    pair[0] = (right ^ p[0]!) >>> 0;
    pair[1] = (left ^ p[1]!) >>> 0;
  }

  /**
   * Encrypts the 8 bytes at `bytes[offset..offset+8)` in place; block words little-endian (RTMPE
   * type 9) or big-endian (`littleEndian = false`, the convention of Schneier's test vectors).
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when fewer than 8 bytes are available at `offset`.
   */
  encryptBlock(bytes: Uint8Array, offset: number, littleEndian = true): void {
    this.transformBlock(bytes, offset, littleEndian, true);
  }

  /**
   * Decrypts the 8 bytes at `bytes[offset..offset+8)` in place (see {@link encryptBlock}).
   * @throws {RtmpError} HANDSHAKE_INVALID_OPTION — when fewer than 8 bytes are available at `offset`.
   */
  decryptBlock(bytes: Uint8Array, offset: number, littleEndian = true): void {
    this.transformBlock(bytes, offset, littleEndian, false);
  }

  private transformBlock(bytes: Uint8Array, offset: number, littleEndian: boolean, encrypt: boolean): void {
    if (offset < 0 || offset + 8 > bytes.length) {
      throw handshakeError(HandshakeErrorCode.InvalidOption, 'Blowfish block needs 8 bytes', { offset });
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
    const pair = this.pair;
    pair[0] = view.getUint32(0, littleEndian);
    pair[1] = view.getUint32(4, littleEndian);
    if (encrypt) this.encryptPair(pair);
    else this.decryptPair(pair);
    view.setUint32(0, pair[0]!, littleEndian);
    view.setUint32(4, pair[1]!, littleEndian);
  }
}
