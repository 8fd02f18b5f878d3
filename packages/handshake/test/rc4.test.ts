// RC4 against RFC 6229 section 2 (40-bit key 0x0102030405, every listed keystream offset),
// in place, in pieces, with skip(), and the key-length limits.
import { RtmpError } from '@rtmp/core';
import { describe, expect, test } from 'vitest';
import { Rc4 } from '../src/index.js';
import { fromHex, hex } from './helpers.js';

// RFC 6229, "Key length: 40 bits. key: 0x0102030405": offset -> 16 keystream bytes.
const RFC6229_40BIT: Array<[number, string]> = [
  [0, 'b2396305f03dc027ccc3524a0a1118a8'],
  [16, '6982944f18fc82d589c403a47a0d0919'],
  [240, '28cb1132c96ce286421dcaadb8b69eae'],
  [256, '1cfcf62b03eddb641d77dfcf7f8d8c93'],
  [496, '42b7d0cdd918a8a33dd51781c81f4041'],
  [512, '6459844432a7da923cfb3eb4980661f6'],
  [752, 'ec10327bde2beefd18f9277680457e22'],
  [768, 'eb62638d4f0ba1fe9fca20e05bf8ff2b'],
  [1008, '45129048e6a0ed0b56b490338f078da5'],
  [1024, '30abbcc7c20b01609f23ee2d5f6bb7df'],
  [1520, '3294f744d8f9790507e70f62e5bbceea'],
  [1536, 'd8729db41882259bee4f825325f5a130'],
  [2032, '1eb14a0c13b3bf47fa2a0ba93ad45b8b'],
  [2048, 'cc582f8ba9f265e2b1be9112e975d2d7'],
  [3056, 'f2e30f9bd102ecbf75aaade9bc35c43c'],
  [3072, 'ec0e11c479dc329dc8da7968fe965681'],
  [4080, '068326a2118416d21f9d04b2cd1ca050'],
  [4096, 'ff25b58995996707e51fbdf08b34d875'],
];
const KEY = fromHex('0102030405');

describe('Rc4 (RFC 6229)', () => {
  test('keystream at every RFC 6229 offset, one call', () => {
    const stream = new Rc4(KEY).process(new Uint8Array(4112));
    for (const [offset, expected] of RFC6229_40BIT) {
      expect(hex(stream.subarray(offset, offset + 16)), `offset ${offset}`).toBe(expected);
    }
  });

  test('same keystream when processed in pieces of every size 1..64', () => {
    for (let size = 1; size <= 64; size++) {
      const cipher = new Rc4(KEY);
      const stream = new Uint8Array(1552);
      for (let at = 0; at < stream.length; at += size) {
        cipher.process(stream, at, Math.min(stream.length, at + size));
      }
      expect(hex(stream.subarray(1536, 1552)), `size ${size}`).toBe('d8729db41882259bee4f825325f5a130');
    }
  });

  test('skip(1536) is the RTMPE discard: the next bytes are the offset-1536 keystream', () => {
    const cipher = new Rc4(KEY);
    cipher.skip(1536);
    expect(hex(cipher.process(new Uint8Array(16)))).toBe('d8729db41882259bee4f825325f5a130');
  });

  test('process is XOR in place: a second cipher with the same key restores the plaintext', () => {
    const plain = new TextEncoder().encode('The quick brown fox');
    const data = plain.slice();
    expect(new Rc4(KEY).process(data)).toBe(data);
    expect(hex(data)).not.toBe(hex(plain));
    new Rc4(KEY).process(data);
    expect(hex(data)).toBe(hex(plain));
  });

  test('works on a Buffer and a subarray view', () => {
    const buffer = Buffer.alloc(40);
    new Rc4(KEY).process(buffer.subarray(8, 24));
    expect(buffer.subarray(8, 24).toString('hex')).toBe(RFC6229_40BIT[0]![1]);
    expect(buffer.subarray(0, 8).toString('hex')).toBe('0000000000000000');
  });

  test('rejects empty and over-long keys', () => {
    for (const key of [new Uint8Array(0), new Uint8Array(257)]) {
      try {
        new Rc4(key);
        expect.unreachable();
      } catch (error) {
        expect(RtmpError.hasCode(error, 'HANDSHAKE_INVALID_OPTION')).toBe(true);
      }
    }
  });
});
