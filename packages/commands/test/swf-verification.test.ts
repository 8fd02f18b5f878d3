/**
 * SWF verification (protocol.md §6.4). Expected values computed independently with Python:
 *   swf = b'FWS\x0a' + (40).to_bytes(4, 'little') + bytes(range(32))
 *   h = hmac.new(b'Genuine Adobe Flash Player 001', swf, sha256).digest()
 *   s1 = bytes((i * 31 + 7) & 0xff for i in range(1536))
 *   r = b'\x01\x01' + len(swf).to_bytes(4, 'big') * 2 + hmac.new(s1[1504:], h, sha256).digest()
 */
import { swfHash, swfVerificationResponse } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from './helpers.js';

const swf = fromHex('4657530a28000000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const s1 = Uint8Array.from({ length: 1536 }, (_, i) => (i * 31 + 7) & 0xff);

describe('SWF verification', () => {
  it('hashes an uncompressed SWF', () => {
    const result = swfHash(swf);
    expect(hex(result.hash)).toBe('10eb8ad90b7f0fcf36b043f5a6cd72e16f53c9d74ab9c6f75e577f65698827bf');
    expect(result.size).toBe(40);
  });

  it('computes the 42-byte response from S1', () => {
    expect(hex(swfVerificationResponse(swfHash(swf), s1))).toBe(
      '01010000002800000028d4358d0a90b647b7f32f287128d3a118b19cfce8abc7d8f129ae1a2271dff431',
    );
  });

  it('rejects compressed SWFs and bad sizes', () => {
    const cws = swf.slice();
    cws[0] = 0x43;
    expect(() => swfHash(cws)).toThrowError(expect.objectContaining({ code: 'COMMANDS_INVALID_VALUE' }));
    expect(() => swfVerificationResponse({ hash: new Uint8Array(31), size: 1 }, s1)).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_VALUE' }),
    );
    expect(() => swfVerificationResponse(swfHash(swf), s1.subarray(1))).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_VALUE' }),
    );
  });
});
