/**
 * SecureToken (librtmp `--token` / `token=`, protocol.md §6.3): the connect `_result` may carry
 * `secureToken`, a hex string; a client holding the token key answers with
 * `secureTokenResponse(0, null, <decrypted>)`. The decryption is XXTEA with the key's first 16
 * bytes packed into four little-endian words (zero-padded) over the hex-decoded token read as
 * little-endian words; the answer is `hex length / 2` bytes. Checked against librtmp 2.4 itself
 * (test/fixtures/secure-token.json).
 */

import { encodeUtf8, RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';
import { xxteaDecryptWords } from './xxtea.js';

/** Options for {@link decryptSecureToken}. */
export interface SecureTokenOptions {
  /** Longest `secureToken` accepted, in hex characters (default 4096). */
  maxLength?: number;
}

/**
 * Decrypts a server's `secureToken` with the user's token key and returns the answer bytes.
 *
 * @throws {RtmpError} COMMANDS_SECURE_TOKEN_INVALID — `secureToken` is empty, longer than
 *   `maxLength`, not a multiple of 8 hex digits, or contains a non-hex character
 */
export function decryptSecureToken(
  secureToken: string,
  tokenKey: string,
  options: SecureTokenOptions = {},
): Uint8Array {
  const maxLength = options.maxLength ?? 4096;
  const length = secureToken.length;
  if (length === 0 || length % 8 !== 0 || length > maxLength) {
    throw new RtmpError(
      CommandsErrorCode.SecureTokenInvalid,
      `secureToken must be 8..${maxLength} hex digits in multiples of 8, got ${length}`,
      { details: { length, limit: maxLength } },
    );
  }
  const words = new Uint32Array(length / 8);
  for (let w = 0; w < words.length; w++) {
    let word = 0;
    for (let b = 0; b < 4; b++) {
      const offset = w * 8 + b * 2;
      word |= ((hexDigit(secureToken, offset) << 4) | hexDigit(secureToken, offset + 1)) << (8 * b);
    }
    words[w] = word >>> 0;
  }
  const keyBytes = encodeUtf8(tokenKey);
  const key = new Uint32Array(4);
  for (let i = 0; i < Math.min(16, keyBytes.length); i++) {
    key[i >> 2] = (key[i >> 2]! | (keyBytes[i]! << (8 * (i & 3)))) >>> 0;
  }
  xxteaDecryptWords(words, key);
  const out = new Uint8Array(length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (words[i >> 2]! >>> (8 * (i & 3))) & 0xff;
  return out;
}

function hexDigit(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  throw new RtmpError(
    CommandsErrorCode.SecureTokenInvalid,
    `secureToken has a non-hex character at ${offset}`,
    {
      details: { offset },
    },
  );
}
