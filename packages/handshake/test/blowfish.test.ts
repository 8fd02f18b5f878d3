// Blowfish against Schneier's published test vectors (Eric Young's set: 64-bit keys and the
// variable-key-length series with key F0E1D2C3B4A5968778695A4B3C2D1E0F0011223344556677), and the
// pi-derived initial table against its first and last words.
import { RtmpError } from '@rtmp/core';
import { describe, expect, test } from 'vitest';
import { BLOWFISH_PI_HEX } from '../src/blowfish-init.js';
import { Blowfish } from '../src/index.js';
import { fromHex, hex } from './helpers.js';

const ECB: Array<[string, string, string]> = [
  ['0000000000000000', '0000000000000000', '4ef997456198dd78'],
  ['ffffffffffffffff', 'ffffffffffffffff', '51866fd5b85ecb8a'],
  ['3000000000000000', '1000000000000001', '7d856f9a613063f2'],
  ['1111111111111111', '1111111111111111', '2466dd878b963c9d'],
  ['0123456789abcdef', '1111111111111111', '61f9c3802281b096'],
  ['1111111111111111', '0123456789abcdef', '7d0cc630afda1ec7'],
  ['fedcba9876543210', '0123456789abcdef', '0aceab0fc6a0a28d'],
  ['7ca110454a1a6e57', '01a1d6d039776742', '59c68245eb05282b'],
  ['0131d9619dc1376e', '5cd54ca83def57da', 'b1b8cc0b250f09a0'],
];
const LONG_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f0011223344556677';
// Key length in bytes -> ciphertext of FEDCBA9876543210 (Schneier's set_key vectors).
const VARIABLE: Array<[number, string]> = [
  [1, 'f9ad597c49db005e'],
  [8, 'e87a244e2cc85e82'],
  [16, '93142887ee3be15c'],
  [24, '05044b62fa52d080'],
];

describe('Blowfish (Schneier vectors)', () => {
  for (const [key, plain, cipher] of ECB) {
    test(`key ${key} plain ${plain}`, () => {
      const bf = new Blowfish(fromHex(key));
      const block = fromHex(plain);
      bf.encryptBlock(block, 0, false);
      expect(hex(block)).toBe(cipher);
      bf.decryptBlock(block, 0, false);
      expect(hex(block)).toBe(plain);
    });
  }
  for (const [length, cipher] of VARIABLE) {
    test(`variable key length ${length}`, () => {
      const block = fromHex('fedcba9876543210');
      new Blowfish(fromHex(LONG_KEY).subarray(0, length)).encryptBlock(block, 0, false);
      expect(hex(block)).toBe(cipher);
    });
  }

  test('initial table is pi: P1 = 243f6a88, last S-box word 3ac372e6', () => {
    expect(BLOWFISH_PI_HEX.length).toBe((18 + 1024) * 8);
    expect(BLOWFISH_PI_HEX.slice(0, 16)).toBe('243f6a8885a308d3');
    expect(BLOWFISH_PI_HEX.slice(-8)).toBe('3ac372e6');
  });

  test('bad key lengths and short blocks are typed errors', () => {
    for (const key of [new Uint8Array(0), new Uint8Array(57)]) {
      expect(() => new Blowfish(key)).toThrow(RtmpError);
    }
    try {
      new Blowfish(new Uint8Array(8)).encryptBlock(new Uint8Array(4), 0);
      expect.unreachable();
    } catch (error) {
      expect(RtmpError.hasCode(error, 'HANDSHAKE_INVALID_OPTION')).toBe(true);
    }
  });
});
