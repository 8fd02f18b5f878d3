// Golden vectors from bytes real peers put on the wire (fixtures/*.json, recorded with
// scripts/capture-handshake.mjs): FFmpeg 5.1 and rtmpdump 2.4 against nginx-rtmp 1.2.2, and
// rtmpdump's RTMPE against librtmp's rtmpsrv (type 6 answered with type 8). Replaying a peer's
// random bytes through our state machines must reproduce that peer's packets byte for byte, and
// our checks must accept the other side's real packets.
import { readFileSync } from 'node:fs';
import type { RandomSource } from '@rtmp/core';
import { describe, expect, test } from 'vitest';
import { expectedSignature } from '../src/handshake-packets.js';
import { hmacSha256 } from '../src/hmac-sha256.js';
import {
  ClientHandshake,
  deriveRtmpeCiphers,
  dhKeyOffset,
  FMS_KEY_PARTIAL_LENGTH,
  FP_KEY_PARTIAL_LENGTH,
  findPacketDigest,
  GENUINE_FMS_KEY,
  GENUINE_FP_KEY,
  ServerHandshake,
} from '../src/index.js';
import { concat, fromHex, hex } from './helpers.js';

interface Capture {
  c0: string;
  c1: string;
  c2: string;
  s0: string;
  s1: string;
  s2: string;
  after?: string;
  clientSecret?: string;
  clientRc4OutKey?: string;
  clientRc4InKey?: string;
}

function load(name: string) {
  const raw = JSON.parse(
    readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Capture;
  return {
    raw,
    c0: fromHex(raw.c0),
    c1: fromHex(raw.c1),
    c2: fromHex(raw.c2),
    s0: fromHex(raw.s0),
    s1: fromHex(raw.s1),
    s2: fromHex(raw.s2),
  };
}

/** Hands out the given byte runs in order, one per call (lengths must match the requests). */
function replay(...runs: Uint8Array[]): RandomSource {
  let index = 0;
  return (target) => {
    const run = runs[index++];
    if (!run || run.length !== target.length) {
      throw new Error(`replay ${index - 1}: wanted ${target.length}, have ${run?.length}`);
    }
    target.set(run);
  };
}

const fpPartial = GENUINE_FP_KEY.subarray(0, FP_KEY_PARTIAL_LENGTH);
const fmsPartial = GENUINE_FMS_KEY.subarray(0, FMS_KEY_PARTIAL_LENGTH);
const time = (packet: Uint8Array) => new DataView(packet.buffer, packet.byteOffset).getUint32(0);

describe('digest handshakes against nginx-rtmp', () => {
  for (const name of ['ffmpeg-play-nginx', 'rtmpdump-swfverify-nginx']) {
    test(`${name}: digests and signatures of both sides validate`, () => {
      const cap = load(name);
      const c1Digest = findPacketDigest(cap.c1, fpPartial, 0);
      const s1Digest = findPacketDigest(cap.s1, fmsPartial, 0);
      expect(c1Digest?.scheme).toBe(0);
      expect(s1Digest?.scheme).toBe(0);
      const c1d = cap.c1.subarray(c1Digest!.offset, c1Digest!.offset + 32);
      const s1d = cap.s1.subarray(s1Digest!.offset, s1Digest!.offset + 32);
      expect(hex(expectedSignature(cap.c2, s1d, GENUINE_FP_KEY, 3))).toBe(hex(cap.c2.subarray(1504)));
      expect(hex(expectedSignature(cap.s2, c1d, GENUINE_FMS_KEY, 3))).toBe(hex(cap.s2.subarray(1504)));
    });

    test(`${name}: our client replays the peer's C0+C1 and C2 byte for byte and accepts nginx's S0+S1+S2`, () => {
      const cap = load(name);
      const client = new ClientHandshake({
        mode: 'digest',
        version: [cap.c1[4]!, cap.c1[5]!, cap.c1[6]!, cap.c1[7]!],
        clock: () => time(cap.c1),
        random: replay(cap.c1.slice(8), cap.c2.slice(0, 1504)),
      });
      expect(hex(client.start())).toBe(hex(concat(cap.c0, cap.c1)));
      const step = client.receive(concat(cap.s0, cap.s1, cap.s2));
      expect(step.warnings).toEqual([]);
      expect(hex(step.send!)).toBe(hex(cap.c2));
      expect(step.done?.mode).toBe('digest');
      expect(step.done?.peerVersion).toEqual([13, 14, 10, 13]);
      expect(hex(step.done!.peerPacket1)).toBe(hex(cap.s1)); // e.g. for the SWF verification key
    });

    test(`${name}: our server replays nginx's S0+S1+S2 byte for byte and accepts the peer's C2`, () => {
      const cap = load(name);
      const server = new ServerHandshake({
        version: [13, 14, 10, 13],
        digestScheme: 0,
        clock: () => time(cap.s1),
        random: replay(cap.s1.slice(8), cap.s2.slice(0, 1504)),
      });
      const first = server.receive(concat(cap.c0, cap.c1));
      expect(hex(first.send!)).toBe(hex(concat(cap.s0, cap.s1, cap.s2)));
      const second = server.receive(cap.c2);
      expect(second.warnings).toEqual([]);
      expect(second.done?.mode).toBe('digest');
    });
  }

  test('ffmpeg publishing echoes S1 as C2: our server accepts it with a warning', () => {
    const cap = load('ffmpeg-publish-nginx');
    expect(hex(cap.c2)).toBe(hex(cap.s1));
    const server = new ServerHandshake({
      version: [13, 14, 10, 13],
      digestScheme: 0,
      clock: () => time(cap.s1),
      random: replay(cap.s1.slice(8), cap.s2.slice(0, 1504)),
    });
    expect(hex(server.receive(concat(cap.c0, cap.c1)).send!)).toBe(hex(concat(cap.s0, cap.s1, cap.s2)));
    const step = server.receive(cap.c2);
    expect(step.done?.mode).toBe('digest');
    expect(step.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_ECHO_MISMATCH']);
  });

  test('rtmpdump plain: our client replays C0+C1 and the C2 echo byte for byte', () => {
    const cap = load('rtmpdump-plain-nginx');
    expect(hex(cap.c1.subarray(4, 8))).toBe('00000000');
    const client = new ClientHandshake({
      mode: 'plain',
      clock: () => time(cap.c1),
      random: replay(cap.c1.slice(8)),
    });
    expect(hex(client.start())).toBe(hex(concat(cap.c0, cap.c1)));
    const step = client.receive(concat(cap.s0, cap.s1, cap.s2));
    expect(hex(step.send!)).toBe(hex(cap.c2));
    expect(step.done?.mode).toBe('plain');
    expect(step.warnings).toEqual([]);
  });
});

describe('RTMPE: rtmpdump (type 6) against rtmpsrv (answers type 8)', () => {
  const cap = load('rtmpdump-rtmpe-rtmpsrv');
  test('digest schemes, DH key offsets and the XTEA-transformed signatures validate', () => {
    expect(cap.raw.c0).toBe('06');
    expect(cap.raw.s0).toBe('08');
    const c1Digest = findPacketDigest(cap.c1, fpPartial, 1)!;
    const s1Digest = findPacketDigest(cap.s1, fmsPartial, 1)!;
    expect(c1Digest.scheme).toBe(1);
    expect(s1Digest.scheme).toBe(1);
    expect(dhKeyOffset(cap.c1, 1)).toBe(472); // rtmpdump -V: "DH pubkey position: 472"
    const c1d = cap.c1.subarray(c1Digest.offset, c1Digest.offset + 32);
    const s1d = cap.s1.subarray(s1Digest.offset, s1Digest.offset + 32);
    expect(hex(expectedSignature(cap.c2, s1d, GENUINE_FP_KEY, 8))).toBe(hex(cap.c2.subarray(1504)));
    expect(hex(expectedSignature(cap.s2, c1d, GENUINE_FMS_KEY, 8))).toBe(hex(cap.s2.subarray(1504)));
    // Untransformed (type 6) signatures do not match: the XTEA step is really in play.
    expect(hex(expectedSignature(cap.s2, c1d, GENUINE_FMS_KEY, 6))).not.toBe(hex(cap.s2.subarray(1504)));
  });

  test('RC4 keys from the logged secret match rtmpdump, and its encrypted connect decrypts', () => {
    const secret = fromHex(cap.raw.clientSecret!);
    const clientPub = cap.c1.subarray(dhKeyOffset(cap.c1, 1), dhKeyOffset(cap.c1, 1) + 128);
    const serverPub = cap.s1.subarray(dhKeyOffset(cap.s1, 1), dhKeyOffset(cap.s1, 1) + 128);
    expect(hex(hmacSha256(secret, serverPub).subarray(0, 16))).toBe(cap.raw.clientRc4OutKey);
    expect(hex(hmacSha256(secret, clientPub).subarray(0, 16))).toBe(cap.raw.clientRc4InKey);
    const { encrypt } = deriveRtmpeCiphers(secret, clientPub, serverPub);
    const wire = fromHex(cap.raw.after!);
    const plain = encrypt.process(wire.slice());
    // Chunk basic header fmt 0 csid 3, message type 20 (AMF0 command), then "connect".
    expect(plain[0]).toBe(0x03);
    expect(plain[7]).toBe(20);
    expect(Buffer.from(plain.subarray(12, 12 + 10)).toString('latin1')).toBe('\x02\x00\x07connect');
    expect(Buffer.from(plain).toString('latin1')).toContain('app\x02\x00\x03vod');
  });
});
