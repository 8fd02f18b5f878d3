/**
 * Fuzz: random bytes and mutated captured messages fed to decodeCommand / decodeDataMessage.
 * Only typed `COMMANDS_*` errors may escape. Bounded by default; RTMP_SLOW=1 runs ~100× longer.
 */
import { decodeCommand, decodeDataMessage } from '@rtmp/commands';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { captured, fromHex } from './helpers.js';

const slow = process.env.RTMP_SLOW === '1';
const ITERATIONS = slow ? 500_000 : 5_000;

/** Deterministic xorshift32 so a failure is reproducible from the seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

function attempt(typeId: number, payload: Uint8Array): 'ok' | 'typed' {
  try {
    if (typeId === 18 || typeId === 15)
      decodeDataMessage({ typeId, payload }, { amf0: { maxElements: 10_000 } });
    else decodeCommand({ typeId, payload }, { amf0: { maxElements: 10_000 } });
    return 'ok';
  } catch (e) {
    if (RtmpError.is(e) && e.code.startsWith('COMMANDS_')) return 'typed';
    throw e;
  }
}

describe('decoders under fuzz', () => {
  const seeds = captured.map((m) => ({ typeId: m.typeId, bytes: fromHex(m.hex) }));

  it(`${ITERATIONS} mutated captured messages: only typed errors`, () => {
    const random = rng(0xc0ffee);
    const outcomes = { ok: 0, typed: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const seed = seeds[Math.floor(random() * seeds.length)]!;
      const bytes = seed.bytes.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * bytes.length);
        const r = random();
        if (r < 0.5) bytes[at] = Math.floor(random() * 256);
        else if (r < 0.75)
          bytes[at] = [0x00, 0x02, 0x03, 0x05, 0x07, 0x08, 0x09, 0x0a, 0x0c, 0x10, 0x11, 0xff][
            Math.floor(random() * 12)
          ]!;
        else bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
      }
      const cut = random() < 0.3 ? Math.floor(random() * bytes.length) : bytes.length;
      const typeId = random() < 0.1 ? [15, 17, 18, 20][Math.floor(random() * 4)]! : seed.typeId;
      outcomes[attempt(typeId, bytes.subarray(0, cut))]++;
    }
    expect(outcomes.ok + outcomes.typed).toBe(ITERATIONS);
    expect(outcomes.typed).toBeGreaterThan(0);
    expect(outcomes.ok).toBeGreaterThan(0);
  });

  it(`${ITERATIONS} random payloads: only typed errors`, () => {
    const random = rng(0xbadc0de);
    for (let i = 0; i < ITERATIONS; i++) {
      const length = Math.floor(random() * 64);
      const bytes = new Uint8Array(length);
      for (let j = 0; j < length; j++) bytes[j] = Math.floor(random() * 256);
      if (length > 0 && random() < 0.5) bytes[0] = 0x02; // start like a name string
      attempt([15, 17, 18, 20][i & 3]!, bytes);
    }
  });
});
