// Our client against our server in every mode (RTMP spec 5.2; protocol.md 1.2-1.4), whole and
// byte by byte, including the RC4 streams in both directions.
import { describe, expect, test } from 'vitest';
import { runHandshake } from './helpers.js';

const modes = [
  { name: 'plain', client: { mode: 'plain' as const }, type: 3, mode: 'plain' },
  { name: 'digest', client: { mode: 'digest' as const }, type: 3, mode: 'digest' },
  { name: 'rtmpe 6', client: { mode: 'rtmpe' as const, rtmpeType: 6 as const }, type: 6, mode: 'rtmpe' },
  { name: 'rtmpe 8', client: { mode: 'rtmpe' as const, rtmpeType: 8 as const }, type: 8, mode: 'rtmpe' },
  { name: 'rtmpe 9', client: { mode: 'rtmpe' as const, rtmpeType: 9 as const }, type: 9, mode: 'rtmpe' },
];

describe('client against server', () => {
  for (const m of modes) {
    for (const chunk of [Number.POSITIVE_INFINITY, 1, 7, 1536]) {
      test(`${m.name}, pieces of ${chunk}`, () => {
        const out = runHandshake(m.client, {}, chunk);
        expect(out.client.type).toBe(m.type);
        expect(out.server.type).toBe(m.type);
        expect(out.client.mode).toBe(m.mode);
        expect(out.server.mode).toBe(m.mode);
        expect(out.clientWarnings).toEqual([]);
        expect(out.serverWarnings).toEqual([]);
        expect(out.client.leftover.length).toBe(0);
        expect(out.c0c1.length).toBe(1537);
        expect(out.s0s1s2.length).toBe(3073);
        expect(out.c2.length).toBe(1536);
        if (m.mode === 'rtmpe') {
          const c = out.client.ciphers!;
          const s = out.server.ciphers!;
          const message = new TextEncoder().encode('connect app=vod '.repeat(50));
          const wire = c.encrypt.process(message.slice());
          expect(Buffer.from(wire)).not.toEqual(Buffer.from(message));
          expect(s.decrypt.process(wire)).toEqual(message);
          const back = s.encrypt.process(message.slice());
          expect(c.decrypt.process(back)).toEqual(message);
        } else {
          expect(out.client.ciphers).toBeUndefined();
        }
      });
    }
  }

  test('librtmp-style server answers type 6 with 8 and our client accepts it', () => {
    const out = runHandshake({ mode: 'rtmpe', rtmpeType: 6 }, { upgradeType6To8: true });
    expect(out.s0s1s2[0]).toBe(8);
    expect(out.client.type).toBe(8);
    expect(out.clientWarnings.map((w) => w.code)).toEqual(['HANDSHAKE_TYPE_MISMATCH']);
    const c = out.client.ciphers!;
    const s = out.server.ciphers!;
    expect(s.decrypt.process(c.encrypt.process(new Uint8Array([1, 2, 3])))).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });
});
