/**
 * Real-peer byte streams (test/fixtures, made by fixtures/capture.sh): nginx-rtmp → rtmpdump at
 * chunk sizes 128 and 4096, ffmpeg publishing with extended timestamps (repeated on type-3
 * continuation chunks), nginx-rtmp relaying that live stream. Each must decode to exactly the
 * messages Wireshark's RTMP dissector found in the same capture (*.tshark.tsv), however the bytes
 * are split; and our encoder must reproduce ffmpeg's bytes exactly from the decoded messages.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ChunkDecoder,
  ChunkEncoder,
  type DecodedMessage,
  decodeProtocolControl,
  decodeUserControl,
} from '@rtmp/chunk';
import { describe, expect, it } from 'vitest';
import { decodeCuts } from './helpers.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const load = (name: string) => new Uint8Array(readFileSync(`${dir}${name}.bin`));

interface Row {
  csid: number;
  typeId: number;
  streamId: number;
  timestamp: number;
  length: number;
}

function tshark(name: string): Row[] {
  const lines = readFileSync(`${dir}${name}.tshark.tsv`, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [, csid, typeId, streamId, timestamp, length] = line.split('\t').map(Number) as number[];
    return { csid: csid!, typeId: typeId!, streamId: streamId!, timestamp: timestamp!, length: length! };
  });
}

const rows = (messages: DecodedMessage[]): Row[] =>
  messages.map((m) => ({
    csid: m.chunkStreamId,
    typeId: m.typeId,
    streamId: m.streamId,
    timestamp: m.timestamp,
    length: m.payload.length,
  }));

/** Deterministic pseudo-random cut points (xorshift), sizes 1..maxPiece. */
function randomCuts(length: number, seed: number, maxPiece: number): number[] {
  const cuts: number[] = [];
  let x = seed;
  let at = 0;
  while (true) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    at += 1 + ((x >>> 0) % maxPiece);
    if (at >= length) return cuts;
    cuts.push(at);
  }
}

const FIXTURES = ['nginx-128.s2c', 'nginx-4096.s2c', 'ffmpeg-publish.c2s', 'nginx-live-ext.s2c'] as const;

describe.each(FIXTURES)('wire fixture %s', (name) => {
  const bytes = load(name);
  const expected = tshark(name);
  const reference = new ChunkDecoder().push(bytes);

  it('decodes to the messages tshark dissected (csid, type, stream, timestamp, length)', () => {
    expect(expected.length).toBeGreaterThan(100);
    expect(rows(reference)).toEqual(expected);
  });

  it('media payloads start with valid FLV tag headers (framing check)', () => {
    const audio = reference.filter((m) => m.typeId === 8);
    const video = reference.filter((m) => m.typeId === 9);
    expect(audio.length).toBeGreaterThan(50);
    expect(video.length).toBeGreaterThan(50);
    for (const m of audio) expect(m.payload[0]).toBe(0xaf); // AAC, 44 kHz, 16 bit, stereo
    for (const m of video) expect([0x17, 0x27]).toContain(m.payload[0]); // AVC key/inter frame
  });

  it('gives the same messages byte by byte and in random pieces', () => {
    const want = reference.map((m) => ({ ...m, payload: Array.from(m.payload) }));
    const same = (got: DecodedMessage[]) =>
      expect(got.map((m) => ({ ...m, payload: Array.from(m.payload) }))).toEqual(want);
    same(
      decodeCuts(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    );
    for (const [seed, max] of [
      [1, 7],
      [2, 100],
      [3, 1500],
      [4, 65536],
    ] as const) {
      same(decodeCuts(bytes, randomCuts(bytes.length, seed, max)));
    }
  });

  it('gives the same message list split once at every boundary of the first 4 KiB', () => {
    const want = rows(reference);
    for (let cut = 1; cut < 4096; cut++) expect(rows(decodeCuts(bytes, [cut])), `cut ${cut}`).toEqual(want);
  });
});

describe('wire fixture details', () => {
  it('nginx control messages decode to the values tshark showed', () => {
    const messages = new ChunkDecoder().push(load('nginx-4096.s2c'));
    const controls = messages.filter((m) => [1, 5, 6].includes(m.typeId)).map(decodeProtocolControl);
    expect(controls).toEqual([
      { type: 'windowAckSize', windowSize: 5_000_000 },
      { type: 'setPeerBandwidth', windowSize: 5_000_000, limitType: 2 },
      { type: 'setChunkSize', chunkSize: 4096 },
    ]);
    const events = messages.filter((m) => m.typeId === 4).map((m) => decodeUserControl(m.payload));
    expect(events[0]).toEqual({ type: 'streamBegin', streamId: 1 });
  });

  it('the ffmpeg stream has extended timestamps repeated on continuation chunks', () => {
    const decoder = new ChunkDecoder();
    const messages = decoder.push(load('ffmpeg-publish.c2s'));
    expect(decoder.peerRepeatsExtendedTimestamp).toBe(true);
    expect(messages.some((m) => m.timestamp >= 20_000_000 && m.payload.length > 4096)).toBe(true);
  });

  it("our encoder reproduces ffmpeg's bytes exactly (FFmpeg header rule, ext. timestamps, chunking)", () => {
    // FFmpeg forces a type-0 header for media/metadata at timestamp 0 (protocol.md 2.2); the rest
    // of the header choice, the deltas, extended fields and chunk splits are the encoder's own.
    const bytes = load('ffmpeg-publish.c2s');
    const encoder = new ChunkEncoder();
    const parts: Uint8Array[] = [];
    for (const m of new ChunkDecoder().push(bytes)) {
      const force = m.timestamp === 0 && (m.typeId === 8 || m.typeId === 9 || m.typeId === 18);
      parts.push(encoder.encode(m, m.chunkStreamId, { forceFullHeader: force }));
      if (m.typeId === 1) {
        const control = decodeProtocolControl(m);
        if (control.type === 'setChunkSize') encoder.setChunkSize(control.chunkSize);
      }
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    expect(out.length).toBe(bytes.length);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });
});
