// The server against hostile and awkward input: client bytes split at every byte boundary (plain,
// digest and RTMPE handshakes, play and publish), replays of a recorded session, and a bounded
// fuzz loop of mutated sessions (RTMP_SLOW=1 for a long run). Only 'warning' events may come
// out; the server keeps serving correct clients afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@rtmp/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRtmpServer, type RtmpServer, type ServerWarning } from '../src/index.js';
import { type SyntheticFlv, writeSyntheticFlv } from './support/make-flv.js';
import { replay, startRelay, type TcpRelay } from './support/tcp-relay.js';

let dir: string;
let clip: SyntheticFlv;
let server: RtmpServer;
let port: number;
const warnings: ServerWarning[] = [];
const plays: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtmp-server-robust-'));
  clip = writeSyntheticFlv(join(dir, 'clip.flv'), { seconds: 2, frameBytes: 200 });
  server = createRtmpServer({ root: dir, handshakeTimeoutMs: 3000 });
  server.on('warning', (w) => warnings.push(w));
  server.on('play', (p) => plays.push(p.name));
  port = (await server.listen()).port;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function playAll(url: string, handshake: 'plain' | 'digest' | 'rtmpe'): Promise<number[]> {
  const connection = await connect(url, { handshake });
  try {
    const sizes: number[] = [];
    for await (const e of await connection.play('clip'))
      if (e.type === 'video' || e.type === 'audio') sizes.push(e.payload.length);
    return sizes;
  } finally {
    await connection.close();
  }
}

const expected = () => clip.tags.filter((t) => t.type !== 18).map((t) => t.data.length);

describe('split feeds', () => {
  let relay: TcpRelay;
  beforeAll(async () => {
    relay = await startRelay(port, { byteByByte: true });
  });
  afterAll(() => relay.close());

  for (const handshake of ['plain', 'digest', 'rtmpe'] as const) {
    it(`plays with the client's bytes arriving one at a time (${handshake})`, async () => {
      expect(await playAll(`rtmp://127.0.0.1:${relay.port}/vod`, handshake)).toEqual(expected());
    });
  }

  it('relays a publish whose bytes arrive one at a time', async () => {
    const player = await connect(`rtmp://127.0.0.1:${port}/live`);
    const stream = await player.play('split', { live: true });
    const publisher = await connect(`rtmp://127.0.0.1:${relay.port}/live`, { publish: true });
    const out = await publisher.publish('split');
    const frames = Array.from({ length: 12 }, (_, n) =>
      Uint8Array.from({ length: 150 }, (_, i) =>
        i === 0 ? (n % 6 === 0 ? 0x17 : 0x27) : i === 1 ? 1 : (n + i) & 0xff,
      ),
    );
    for (const [n, data] of frames.entries()) await out.write({ type: 9, timestamp: n * 40, data });
    await out.end();
    const got: number[][] = [];
    for await (const e of stream) if (e.type === 'video') got.push([...e.payload]);
    expect(got).toEqual(frames.map((f) => [...f]));
    await publisher.close();
    await player.close();
  });
});

describe('replays and fuzz', () => {
  let session: Buffer;
  /** The recorded session as the client wrote it (its write boundaries). */
  let pieces: Buffer[];

  beforeAll(async () => {
    // Record a whole plain-handshake session of our client (plain: C2 is only checked as an echo,
    // with a warning, so the recording replays against a new S1).
    const relay = await startRelay(port);
    await playAll(`rtmp://127.0.0.1:${relay.port}/vod`, 'plain');
    await new Promise((r) => setTimeout(r, 50));
    pieces = relay.recorded[0] ?? [];
    session = Buffer.concat(pieces);
    await relay.close();
  });

  it('replaying the recorded session plays the file again', async () => {
    const before = plays.length;
    const result = await replay(port, pieces, 500);
    expect(plays.length).toBe(before + 1);
    expect(result.received).toBeGreaterThan(clip.tags.reduce((n, t) => n + t.data.length, 0));
  });

  it('survives mutated sessions with warnings only, then serves a normal client', async () => {
    const handshakeLength = 1 + 1536 * 2;
    const mutation = fc.record({
      flips: fc.array(fc.record({ at: fc.nat(), value: fc.nat(255) }), { minLength: 1, maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      garbage: fc.uint8Array({ maxLength: 64 }),
    });
    const runs = process.env.RTMP_SLOW === '1' ? 400 : 25;
    const samples = fc.sample(mutation, { numRuns: runs, seed: 20261124 });
    warnings.length = 0;
    for (const m of samples) {
      const bytes = Buffer.from(session);
      const body = bytes.length - handshakeLength;
      for (const flip of m.flips) bytes[handshakeLength + (flip.at % body)] = flip.value;
      const cut = m.cut === undefined ? bytes.length : handshakeLength + (m.cut % body);
      // Keep the client's write boundaries (and pacing) so the mutations hit a live session.
      const mutated = Buffer.concat([bytes.subarray(0, cut), m.garbage]);
      const split: Buffer[] = [];
      let at = 0;
      for (const piece of pieces) {
        if (at >= mutated.length) break;
        split.push(mutated.subarray(at, Math.min(mutated.length, at + piece.length)));
        at += piece.length;
      }
      if (at < mutated.length) split.push(mutated.subarray(at));
      await replay(port, split, 100, 5);
    }
    const unexpected = warnings.filter(
      (w) =>
        ![
          'SERVER_PROTOCOL_ERROR',
          'SERVER_PATH_REFUSED',
          'SERVER_SOCKET_ERROR',
          'SERVER_VOD_READ_FAILED',
          'HANDSHAKE_ECHO_MISMATCH',
          'SESSION_UNKNOWN_MESSAGE_TYPE',
          'SESSION_BAD_DATA_MESSAGE',
        ].includes(w.code),
    );
    expect(unexpected).toEqual([]);
    expect(warnings.some((w) => w.code === 'SERVER_PROTOCOL_ERROR')).toBe(true);
    expect(await playAll(`rtmp://127.0.0.1:${port}/vod`, 'digest')).toEqual(expected());
  }, 120_000);

  it('survives random bytes from the first byte on', async () => {
    const samples = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 5000 }), {
      numRuns: process.env.RTMP_SLOW === '1' ? 300 : 15,
      seed: 7,
    });
    for (const bytes of samples) await replay(port, [bytes], 100);
    expect(await playAll(`rtmp://127.0.0.1:${port}/vod`, 'plain')).toEqual(expected());
  }, 120_000);
});
