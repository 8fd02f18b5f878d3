// Diffie-Hellman (RFC 2409 6.2 "Second Oakley Group"): the prime re-derived from its RFC
// definition, key agreement checked against node:crypto (OpenSSL), peer key range checks.
import { createDiffieHellman } from 'node:crypto';
import { RtmpError } from '@rtmp/core';
import { describe, expect, test } from 'vitest';
import { bigIntToBytes, bytesToBigInt, DH_PRIME, DiffieHellman, modPow } from '../src/index.js';
import { hex, seededRandom } from './helpers.js';

function piFixedPoint(bits: bigint): bigint {
  const one = 1n << (bits + 32n);
  const arctanInverse = (x: bigint) => {
    let term = one / x;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= x * x;
      sum += (k % 2n ? -1n : 1n) * (term / (2n * k + 1n));
    }
    return sum;
  };
  return (16n * arctanInverse(5n) - 4n * arctanInverse(239n)) >> 32n;
}

describe('DiffieHellman', () => {
  test('the prime is 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 pi) + 129093) (RFC 2409 6.2)', () => {
    const expected = 2n ** 1024n - 2n ** 960n - 1n + 2n ** 64n * (piFixedPoint(894n) + 129093n);
    expect(DH_PRIME).toBe(expected);
  });

  test('public key and shared secret agree with OpenSSL (node:crypto)', () => {
    const alice = new DiffieHellman(seededRandom(7));
    const bob = new DiffieHellman(seededRandom(8));
    const openssl = createDiffieHellman(Buffer.from(bigIntToBytes(DH_PRIME, 128)), Buffer.from([2]));
    openssl.generateKeys();
    const opensslPublic = new Uint8Array(openssl.getPublicKey());
    const padded = new Uint8Array(128);
    padded.set(opensslPublic, 128 - opensslPublic.length);
    const ours = alice.computeSecret(padded);
    const theirs = new Uint8Array(openssl.computeSecret(Buffer.from(alice.publicKey)));
    const theirsPadded = new Uint8Array(128);
    theirsPadded.set(theirs, 128 - theirs.length);
    expect(hex(ours.secret)).toBe(hex(theirsPadded));
    expect(ours.peerKeyInSubgroup).toBe(true);
    expect(hex(alice.computeSecret(bob.publicKey).secret)).toBe(
      hex(bob.computeSecret(alice.publicKey).secret),
    );
  });

  test('private key from the RandomSource: public = 2^(value + 2) mod p', () => {
    const dh = new DiffieHellman((target) => {
      target.fill(0);
      target[target.length - 1] = 5;
    });
    expect(bytesToBigInt(dh.publicKey)).toBe(2n ** 7n);
  });

  test('peer keys out of range are HANDSHAKE_DH_FAILED', () => {
    const dh = new DiffieHellman(seededRandom(3));
    for (const y of [0n, 1n, DH_PRIME - 1n, DH_PRIME, 2n ** 1024n - 1n]) {
      try {
        dh.computeSecret(bigIntToBytes(y, 128));
        expect.unreachable();
      } catch (error) {
        expect(RtmpError.hasCode(error, 'HANDSHAKE_DH_FAILED')).toBe(true);
      }
    }
    expect(() => dh.computeSecret(new Uint8Array(127))).toThrow(/128 bytes/);
  });

  test('subgroup test: 2 passes, p - 2 (a non-residue) is only flagged', () => {
    const dh = new DiffieHellman(seededRandom(4));
    expect(dh.computeSecret(bigIntToBytes(2n, 128)).peerKeyInSubgroup).toBe(true);
    expect(dh.computeSecret(bigIntToBytes(DH_PRIME - 2n, 128)).peerKeyInSubgroup).toBe(false);
    expect(dh.computeSecret(bigIntToBytes(DH_PRIME - 2n, 128), false).peerKeyInSubgroup).toBe(true);
  });

  test('modPow and byte conversions', () => {
    expect(modPow(4n, 13n, 497n)).toBe(445n);
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
    expect(hex(bigIntToBytes(0x0102n, 4))).toBe('00000102');
    expect(bytesToBigInt(new Uint8Array([0, 1, 2]))).toBe(0x102n);
  });

  test('private key length option is checked', () => {
    expect(() => new DiffieHellman(seededRandom(1), 8)).toThrow(RtmpError);
    expect(new DiffieHellman(seededRandom(1), 32).publicKey.length).toBe(128);
  });
});
