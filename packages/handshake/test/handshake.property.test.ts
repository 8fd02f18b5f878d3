// Property and fuzz tests (fast-check): any split of any direction gives the same packets and
// completion as whole feeds, in every mode; any single corrupted byte of S1/S2/C1/C2 in the
// digest and RTMPE modes is caught with the right typed error; random input only ever produces
// typed errors; RC4 is split-invariant. RTMP_SLOW=1 runs many more cases.
import { RtmpError } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClientHandshake, type HandshakeMode, modPow, Rc4, ServerHandshake } from '../src/index.js';
import { concat, hex, pieces, seededRandom } from './helpers.js';

const slow = process.env.RTMP_SLOW === '1';
const runs = (fast: number, long: number) => ({ numRuns: slow ? long : fast });
const modeArb = fc.constantFrom<{ mode: HandshakeMode; rtmpeType?: 6 | 8 | 9 }>(
  { mode: 'plain' },
  { mode: 'digest' },
  { mode: 'rtmpe', rtmpeType: 6 },
  { mode: 'rtmpe', rtmpeType: 8 },
  { mode: 'rtmpe', rtmpeType: 9 },
);
const cutsArb = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max: max - 1 }), { maxLength: 12 });

function handshake(
  offer: { mode: HandshakeMode; rtmpeType?: 6 | 8 | 9 },
  seed: number,
  cuts: { c0c1: number[]; answer: number[]; c2: number[] },
) {
  const client = new ClientHandshake({ ...offer, random: seededRandom(seed) });
  const server = new ServerHandshake({ random: seededRandom(seed + 1) });
  const c0c1 = client.start();
  const sends: Uint8Array[] = [];
  for (const piece of pieces(
    c0c1,
    cuts.c0c1.sort((a, b) => a - b),
  )) {
    const step = server.receive(piece);
    if (step.send) sends.push(step.send);
  }
  const answer = sends[0]!;
  let c2: Uint8Array | undefined;
  for (const piece of pieces(
    answer,
    cuts.answer.sort((a, b) => a - b),
  )) {
    const step = client.receive(piece);
    if (step.send) c2 = step.send;
  }
  for (const piece of pieces(
    c2!,
    cuts.c2.sort((a, b) => a - b),
  ))
    server.receive(piece);
  return { c0c1, answer, c2: c2!, client: client.result!, server: server.result!, sends: sends.length };
}

describe('properties', () => {
  test('any split of every direction gives the same bytes and completion as whole feeds', () => {
    fc.assert(
      fc.property(
        modeArb,
        fc.integer({ min: 1, max: 1000 }),
        cutsArb(1537),
        cutsArb(3073),
        cutsArb(1536),
        (offer, seed, a, b, c) => {
          const split = handshake(offer, seed, { c0c1: a, answer: b, c2: c });
          const whole = handshake(offer, seed, { c0c1: [], answer: [], c2: [] });
          expect(split.sends).toBe(1);
          expect(hex(split.answer)).toBe(hex(whole.answer));
          expect(hex(split.c2)).toBe(hex(whole.c2));
          expect(split.client.type).toBe(whole.client.type);
          expect(split.server.mode).toBe(offer.mode);
          if (offer.mode === 'rtmpe') {
            const data = new Uint8Array(64).fill(0x5a);
            const wire = split.client.ciphers!.encrypt.process(data.slice());
            expect(hex(split.server.ciphers!.decrypt.process(wire))).toBe(hex(data));
          }
        },
      ),
      runs(15, 300),
    );
  });

  test('one corrupted byte in S1 or S2 is HANDSHAKE_DIGEST_NOT_FOUND or HANDSHAKE_SIGNATURE_MISMATCH', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HandshakeMode>('digest', 'rtmpe'),
        fc.integer({ min: 1, max: 3072 }),
        fc.integer({ min: 1, max: 255 }),
        (mode, at, xor) => {
          // S1 version byte 3 turned into 0: a legitimate simple-handshake answer, not corruption.
          fc.pre(!(mode === 'digest' && at === 5 && xor === 3));
          const client = new ClientHandshake({ mode, random: seededRandom(at) });
          const answer = new ServerHandshake({ random: seededRandom(xor) }).receive(client.start()).send!;
          answer[at]! ^= xor;
          try {
            client.receive(answer);
            expect.unreachable('corruption not detected');
          } catch (error) {
            if (!RtmpError.is(error)) throw error;
            const expected =
              at <= 1536
                ? ['HANDSHAKE_DIGEST_NOT_FOUND', 'HANDSHAKE_DH_FAILED']
                : ['HANDSHAKE_SIGNATURE_MISMATCH'];
            expect(expected).toContain(error.code);
          }
        },
      ),
      runs(40, 2000),
    );
  });

  test('one corrupted byte in C1 or C2 is caught by the server', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3072 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        // C1 version byte 9 turned into 0 asks for the simple handshake: not detectable.
        fc.pre(!(at === 5 && xor === 9));
        const client = new ClientHandshake({ mode: 'digest', random: seededRandom(at) });
        const server = new ServerHandshake({ random: seededRandom(xor) });
        const c0c1 = client.start();
        const all = concat(c0c1, client.receive(server.receive(c0c1.slice()).send!).send!);
        const fresh = new ServerHandshake({ random: seededRandom(xor) });
        all[at]! ^= xor;
        try {
          fresh.receive(all);
          expect.unreachable('corruption not detected');
        } catch (error) {
          if (!RtmpError.is(error)) throw error;
          expect(error.code).toBe(at <= 1536 ? 'HANDSHAKE_DIGEST_NOT_FOUND' : 'HANDSHAKE_SIGNATURE_MISMATCH');
        }
      }),
      runs(40, 2000),
    );
  });

  test('RC4 output does not depend on how the input is split', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.uint8Array({ maxLength: 600 }),
        cutsArb(600),
        (key, data, cuts) => {
          const whole = new Rc4(key).process(data.slice());
          const cipher = new Rc4(key);
          const split = data.slice();
          let start = 0;
          for (const cut of [...cuts.filter((c) => c < data.length).sort((a, b) => a - b), data.length]) {
            cipher.process(split, start, cut);
            start = cut;
          }
          expect(hex(split)).toBe(hex(whole));
        },
      ),
      runs(100, 5000),
    );
  });
});

describe('modPow', () => {
  test('equals the naive power for exponents up to 300 and moduli up to 2^80', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 90n }),
        fc.integer({ min: 0, max: 300 }),
        fc.bigInt({ min: 1n, max: 2n ** 80n }),
        (b, e, m) => {
          expect(modPow(b, BigInt(e), m)).toBe(b ** BigInt(e) % m);
        },
      ),
      runs(200, 5000),
    );
  });
});

describe('fuzz: random peer bytes only ever produce typed errors', () => {
  const iterations = slow ? 3000 : 150;
  test(`client and server, ${iterations} random inputs each`, () => {
    const random = seededRandom(2024);
    const pick = new Uint8Array(4);
    let typed = 0;
    let completed = 0;
    for (let n = 0; n < iterations; n++) {
      random(pick);
      const length = ((pick[0]! << 8) | pick[1]!) % 3300;
      const input = new Uint8Array(length);
      random(input);
      // Half of the inputs start with a valid version byte so the digest/DH paths are reached.
      if (pick[2]! & 1) input[0] = [3, 6, 8, 9][pick[3]! & 3]!;
      const modes: HandshakeMode[] = ['plain', 'digest', 'rtmpe'];
      const client = new ClientHandshake({ mode: modes[pick[3]! % 3]!, random });
      client.start();
      const server = new ServerHandshake({ random, digestPolicy: pick[2]! & 2 ? 'warn' : 'error' });
      for (const machine of [client, server]) {
        try {
          const step = machine.receive(input);
          if (step.done) completed++;
          if (!step.done) expect(() => machine.end()).toThrow(RtmpError);
        } catch (error) {
          expect(RtmpError.is(error), String(error)).toBe(true);
          expect((error as RtmpError).code).toMatch(/^HANDSHAKE_/);
          typed++;
        }
      }
    }
    expect(typed + completed).toBeGreaterThan(0);
  });
});
