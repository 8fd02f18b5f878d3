// Typed errors and warnings (HANDSHAKE_* codes): wrong version bytes, corrupted digests and
// signatures under both policies, DH failure, truncation, oversized leftovers, bad states,
// invalid options; fallbacks and leftover hand-over.
import { RtmpError } from '@rtmp/core';
import { describe, expect, test } from 'vitest';
import type { DiffieHellman } from '../src/diffie-hellman.js';
import { buildPacket1, buildSignedPacket2 } from '../src/handshake-packets.js';
import {
  ClientHandshake,
  type ClientHandshakeOptions,
  FMS_KEY_PARTIAL_LENGTH,
  GENUINE_FMS_KEY,
  ServerHandshake,
  type ServerHandshakeOptions,
} from '../src/index.js';
import { concat, runHandshake, seededRandom } from './helpers.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (!RtmpError.is(error)) throw error;
    return error.code;
  }
  throw new Error('did not throw');
}

function client(options: Partial<ClientHandshakeOptions> = {}) {
  return new ClientHandshake({ random: seededRandom(11), ...options });
}
function server(options: Partial<ServerHandshakeOptions> = {}) {
  return new ServerHandshake({ random: seededRandom(12), ...options });
}

/** Server answer for a given client mode, optionally corrupted at byte `flip` of S0+S1+S2. */
function answer(mode: 'plain' | 'digest' | 'rtmpe', flip?: number) {
  const c = client({ mode });
  const s = server();
  const s0s1s2 = s.receive(c.start()).send!;
  if (flip !== undefined) s0s1s2[flip]! ^= 0x01;
  return { c, s, s0s1s2 };
}

describe('version byte', () => {
  test('server: unknown C0 is HANDSHAKE_BAD_VERSION at once and the machine is failed', () => {
    for (const c0 of [0, 1, 2, 4, 5, 7, 10, 0xff]) {
      const s = server();
      // Checked on the first byte, without waiting for C1.
      expect(code(() => s.receive(new Uint8Array([c0])))).toBe('HANDSHAKE_BAD_VERSION');
      expect(s.state).toBe('failed');
    }
  });
  test('server: C0 outside acceptTypes', () => {
    const s = server({ acceptTypes: [3] });
    const c0c1 = client({ mode: 'rtmpe' }).start();
    expect(code(() => s.receive(c0c1))).toBe('HANDSHAKE_BAD_VERSION');
    expect(s.state).toBe('failed');
    expect(code(() => s.receive(new Uint8Array(1)))).toBe('HANDSHAKE_BAD_STATE');
  });
  test('client: plain offer answered with 6, RTMPE offer answered with 3', () => {
    const plain = client({ mode: 'plain' });
    plain.start();
    expect(code(() => plain.receive(new Uint8Array([6])))).toBe('HANDSHAKE_BAD_VERSION');
    const rtmpe = client({ mode: 'rtmpe' });
    rtmpe.start();
    expect(code(() => rtmpe.receive(concat(new Uint8Array([3]), new Uint8Array(1536))))).toBe(
      'HANDSHAKE_BAD_VERSION',
    );
  });
  test('client: type 6 offer answered with 9 is a warning, like librtmp', () => {
    const c = client({ mode: 'rtmpe', rtmpeType: 6 });
    const c0c1 = c.start();
    c0c1[0] = 9; // the server sees a type 9 request and answers 9
    const s = server();
    const step = c.receive(s.receive(c0c1).send!);
    expect(step.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_TYPE_MISMATCH']);
    expect(step.done?.type).toBe(9);
  });
  test('upgradeType6To8 needs a 128.x client version', () => {
    const out = runHandshake({ mode: 'rtmpe', version: [10, 0, 0, 0] }, { upgradeType6To8: true });
    expect(out.server.type).toBe(6);
  });
});

describe('corrupted packets', () => {
  test('client: corrupted S1 digest is HANDSHAKE_DIGEST_NOT_FOUND (digest and RTMPE)', () => {
    for (const mode of ['digest', 'rtmpe'] as const) {
      const { c, s0s1s2 } = answer(mode, 1 + 1000);
      expect(code(() => c.receive(s0s1s2))).toBe('HANDSHAKE_DIGEST_NOT_FOUND');
    }
  });
  test("client, policy 'warn': no S1 digest falls back to the echo; RTMPE still fails", () => {
    const c = client({ mode: 'digest', digestPolicy: 'warn' });
    const s0s1s2 = server().receive(c.start()).send!;
    s0s1s2[100]! ^= 1;
    const step = c.receive(s0s1s2);
    expect(step.warnings.map((w) => w.code)).toEqual([
      'HANDSHAKE_DIGEST_NOT_FOUND',
      'HANDSHAKE_ECHO_MISMATCH',
    ]);
    expect(step.done?.mode).toBe('plain');
    expect(step.send).toEqual(s0s1s2.subarray(1, 1537));
    const e = client({ mode: 'rtmpe', digestPolicy: 'warn' });
    const bad = server().receive(e.start()).send!;
    bad[100]! ^= 1;
    expect(code(() => e.receive(bad))).toBe('HANDSHAKE_DIGEST_NOT_FOUND');
  });
  test('client: corrupted S2 is HANDSHAKE_SIGNATURE_MISMATCH, or a warning', () => {
    for (const mode of ['digest', 'rtmpe'] as const) {
      const { c, s0s1s2 } = answer(mode, 1537 + 3);
      expect(code(() => c.receive(s0s1s2))).toBe('HANDSHAKE_SIGNATURE_MISMATCH');
      const w = client({ mode, digestPolicy: 'warn' });
      const bytes = server().receive(w.start()).send!;
      bytes[1537 + 1535]! ^= 0x80;
      const step = w.receive(bytes);
      expect(step.warnings.map((x) => x.code)).toEqual(['HANDSHAKE_SIGNATURE_MISMATCH']);
      expect(step.done?.mode).toBe(mode);
    }
  });
  test('plain: a wrong echo is only a warning on both sides', () => {
    const { c, s0s1s2 } = answer('plain', 1537 + 20);
    const step = c.receive(s0s1s2);
    expect(step.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_ECHO_MISMATCH']);
    const s = server();
    const cc = client({ mode: 'plain' });
    s.receive(cc.start());
    const done = s.receive(new Uint8Array(1536));
    expect(done.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_ECHO_MISMATCH']);
  });
  test('server: corrupted C1 digest is HANDSHAKE_DIGEST_NOT_FOUND, or a simple answer under warn', () => {
    const c0c1 = client({ mode: 'digest' }).start();
    c0c1[1 + 500]! ^= 4;
    expect(code(() => server().receive(c0c1))).toBe('HANDSHAKE_DIGEST_NOT_FOUND');
    const lenient = server({ digestPolicy: 'warn' });
    const step = lenient.receive(c0c1);
    expect(step.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_DIGEST_NOT_FOUND']);
    expect(step.send!.subarray(1 + 1536)).toEqual(c0c1.subarray(1)); // S2 = echo of C1
    expect(step.send!.subarray(5, 9)).toEqual(new Uint8Array(4)); // S1 version zero
    const rtmpe = client({ mode: 'rtmpe' }).start();
    rtmpe[1 + 1200]! ^= 4;
    expect(code(() => server({ digestPolicy: 'warn' }).receive(rtmpe))).toBe('HANDSHAKE_DIGEST_NOT_FOUND');
  });
  test('server: corrupted C2 is HANDSHAKE_SIGNATURE_MISMATCH, or a warning', () => {
    for (const policy of ['error', 'warn'] as const) {
      const c = client({ mode: 'rtmpe', rtmpeType: 8 });
      const s = server({ digestPolicy: policy });
      const c2 = c.receive(s.receive(c.start()).send!).send!;
      c2[0]! ^= 1;
      if (policy === 'error') expect(code(() => s.receive(c2))).toBe('HANDSHAKE_SIGNATURE_MISMATCH');
      else expect(s.receive(c2).warnings.map((w) => w.code)).toEqual(['HANDSHAKE_SIGNATURE_MISMATCH']);
    }
  });
  test('client: server DH key out of range (digest still valid) is HANDSHAKE_DH_FAILED', () => {
    for (const fill of [0x00, 0xff]) {
      const c = client({ mode: 'rtmpe' });
      const c0c1 = c.start();
      const fakeDh = { publicKey: new Uint8Array(128).fill(fill) } as DiffieHellman;
      const random = seededRandom(5);
      const s1 = buildPacket1({
        time: 0,
        version: [3, 5, 1, 1],
        random,
        digest: { scheme: 1, key: GENUINE_FMS_KEY.subarray(0, FMS_KEY_PARTIAL_LENGTH) },
        dh: fakeDh,
      }).packet;
      const s2 = buildSignedPacket2(random, c0c1.subarray(1, 33), GENUINE_FMS_KEY, 6);
      expect(code(() => c.receive(concat(new Uint8Array([6]), s1, s2)))).toBe('HANDSHAKE_DH_FAILED');
    }
  });
});

describe('stream boundaries and states', () => {
  test('end() before completion is HANDSHAKE_TRUNCATED with what was received', () => {
    const c = client();
    const s0s1s2 = server().receive(c.start()).send!;
    c.receive(s0s1s2.subarray(0, 2000));
    try {
      c.end();
      expect.unreachable();
    } catch (error) {
      expect(RtmpError.hasCode(error, 'HANDSHAKE_TRUNCATED')).toBe(true);
      expect((error as RtmpError).details).toMatchObject({
        state: 'awaiting-packet2',
        received: 463,
        missing: 1073,
      });
    }
    expect(code(() => c.end())).toBe('HANDSHAKE_BAD_STATE');
    const s = server();
    expect(code(() => s.end())).toBe('HANDSHAKE_TRUNCATED');
  });
  test('end() after completion does nothing', () => {
    const c = client({ mode: 'plain' });
    const s = server();
    const step = c.receive(s.receive(c.start()).send!);
    expect(step.done).toBeDefined();
    expect(() => c.end()).not.toThrow();
    expect(c.state).toBe('done');
  });
  test('bad states: receive before start, start twice, receive after done', () => {
    const c = client();
    expect(code(() => c.receive(new Uint8Array(1)))).toBe('HANDSHAKE_BAD_STATE');
    c.start();
    expect(code(() => c.start())).toBe('HANDSHAKE_BAD_STATE');
    const p = client({ mode: 'plain' });
    p.receive(server().receive(p.start()).send!);
    expect(code(() => p.receive(new Uint8Array(1)))).toBe('HANDSHAKE_BAD_STATE');
  });
  test('leftover bytes are handed over as a view; beyond maxLeftoverBytes is HANDSHAKE_OVERSIZED', () => {
    const c = client();
    const s = server();
    const s0s1s2 = s.receive(c.start()).send!;
    const extra = new Uint8Array([1, 2, 3, 4, 5]);
    const input = concat(s0s1s2, extra);
    const step = c.receive(input);
    expect(step.done!.leftover).toEqual(extra);
    expect(step.done!.leftover.buffer).toBe(input.buffer);
    const c2 = step.send!;
    const connect = new Uint8Array(300).fill(7);
    expect(s.receive(concat(c2, connect)).done!.leftover).toEqual(connect);

    const small = client({ maxLeftoverBytes: 4 });
    const answerBytes = server().receive(small.start()).send!;
    expect(code(() => small.receive(concat(answerBytes, extra)))).toBe('HANDSHAKE_OVERSIZED');
  });
  test('a digest offer answered with a zero-version S1 falls back to the simple handshake', () => {
    const c = client({ mode: 'digest' });
    const c0c1 = c.start();
    const s1 = buildPacket1({ time: 5, version: [0, 0, 0, 0], random: seededRandom(9) }).packet;
    const step = c.receive(concat(new Uint8Array([3]), s1, c0c1.subarray(1)));
    expect(step.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_SIMPLE_FALLBACK']);
    expect(step.send).toEqual(s1);
    expect(step.done).toMatchObject({ mode: 'plain', peerTime: 5, peerVersion: [0, 0, 0, 0] });
  });
});

describe('options', () => {
  test('invalid options are HANDSHAKE_INVALID_OPTION', () => {
    const random = seededRandom(1);
    expect(code(() => new ClientHandshake({} as ClientHandshakeOptions))).toBe('HANDSHAKE_INVALID_OPTION');
    expect(code(() => new ClientHandshake({ random, mode: 'x' as 'plain' }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ClientHandshake({ random, rtmpeType: 7 as 6 }))).toBe('HANDSHAKE_INVALID_OPTION');
    expect(code(() => new ClientHandshake({ random, digestScheme: 2 as 0 }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ClientHandshake({ random, digestPolicy: 'x' as 'warn' }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ClientHandshake({ random, maxLeftoverBytes: -1 }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ClientHandshake({ random, version: [1, 2, 3] as never }).start())).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ServerHandshake({ random, acceptTypes: [4 as 3] }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
    expect(code(() => new ServerHandshake({ random, digestScheme: 5 as 0 }))).toBe(
      'HANDSHAKE_INVALID_OPTION',
    );
  });
  test('clock feeds the time field; version and scheme options are honoured', () => {
    const out = runHandshake(
      { mode: 'digest', clock: () => 0x1_0000_0005, version: [10, 0, 45, 2], digestScheme: 1 },
      { clock: () => 77, version: [4, 5, 6, 7], digestScheme: 1 },
    );
    expect(out.server.peerTime).toBe(5);
    expect(out.server.peerVersion).toEqual([10, 0, 45, 2]);
    expect(out.server.peerDigestScheme).toBe(1);
    expect(out.client.peerTime).toBe(77);
    expect(out.client.peerVersion).toEqual([4, 5, 6, 7]);
  });
  test('mismatched digest schemes are found under the other scheme (warning)', () => {
    const out = runHandshake({ mode: 'digest', digestScheme: 1 }, { digestScheme: 0 });
    expect(out.serverWarnings.map((w) => w.code)).toEqual(['HANDSHAKE_DIGEST_SCHEME_SWITCHED']);
    expect(out.clientWarnings.map((w) => w.code)).toEqual(['HANDSHAKE_DIGEST_SCHEME_SWITCHED']);
    expect(out.client.peerDigestScheme).toBe(0);
    expect(out.server.peerDigestScheme).toBe(1);
  });
});
