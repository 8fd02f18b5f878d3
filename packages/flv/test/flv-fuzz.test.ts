// Bounded fuzz loops: corrupt and random input must only ever produce typed FlvErrors (or results),
// never another exception, a hang, or unbounded buffering. RTMP_SLOW=1 runs 20x longer.
import { describe, expect, it } from 'vitest';
import {
  FlvDemuxer,
  FlvError,
  FlvMuxer,
  FlvTailScanner,
  findLastCompleteTag,
  parseAudioTagHeader,
  parseOnMetaData,
  parseVideoTagHeader,
} from '../src/index.js';
import { fixture } from './helpers.js';

const rounds = process.env.RTMP_SLOW === '1' ? 20 : 1;

/** Deterministic xorshift32 so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function onlyFlvErrors(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof FlvError)) throw error;
    expect(error.code).toMatch(/^FLV_/);
  }
}

describe('fuzz', () => {
  const tiny = fixture('tiny.flv');

  it('demuxer: mutated real file in random chunks (strict and lenient)', () => {
    const random = rng(0xf1f1);
    for (let i = 0; i < 400 * rounds; i++) {
      const file = tiny.slice();
      const flips = 1 + Math.floor(random() * 8);
      for (let k = 0; k < flips; k++) file[Math.floor(random() * file.length)] = Math.floor(random() * 256);
      for (const strict of [true, false]) {
        const demuxer = new FlvDemuxer({ strict, maxBuffered: 64 * 1024 });
        onlyFlvErrors(() => {
          let pos = 0;
          while (pos < file.length) {
            const n = 1 + Math.floor(random() * 3000);
            demuxer.push(file.subarray(pos, pos + n));
            pos += n;
          }
          demuxer.end();
        });
        expect(demuxer.bufferedBytes).toBeLessThanOrEqual(64 * 1024);
      }
      const scan = findLastCompleteTag(file);
      expect(scan.validLength).toBeLessThanOrEqual(file.length);
    }
  });

  it('demuxer and scanners: random bytes after a valid header', () => {
    const random = rng(0xbeef);
    for (let i = 0; i < 400 * rounds; i++) {
      const file = new Uint8Array(13 + Math.floor(random() * 2000));
      file.set(tiny.subarray(0, 13));
      for (let k = 13; k < file.length; k++) file[k] = random() < 0.3 ? 0 : Math.floor(random() * 256);
      onlyFlvErrors(() => new FlvDemuxer({ strict: false }).push(file));
      findLastCompleteTag(file);
      const scanner = new FlvTailScanner(file.length, { initialWindow: 128, maxWindow: 4096 });
      let reads = 0;
      for (let r = scanner.next(); r; r = scanner.next()) {
        reads++;
        scanner.supply(file.slice(r.position, r.position + r.length));
      }
      expect(reads).toBeLessThan(20);
    }
  });

  it('tag classifiers, metadata parser and aggregate muxing on random bodies', () => {
    const random = rng(0x1234);
    for (let i = 0; i < 3000 * rounds; i++) {
      const body = new Uint8Array(Math.floor(random() * 40));
      for (let k = 0; k < body.length; k++) body[k] = Math.floor(random() * 256);
      if (body.length > 0 && random() < 0.5)
        body[0] = [0x97, 0x96, 0x95, 0x91, 0xd1, 0x17, 0xaf, 0x90][i % 8]!;
      onlyFlvErrors(() => parseVideoTagHeader(body));
      onlyFlvErrors(() => parseAudioTagHeader(body));
      onlyFlvErrors(() => parseOnMetaData(body));
      onlyFlvErrors(() =>
        new FlvMuxer({ headerFlags: 5 }).write({ typeId: 22, timestamp: i, payload: body }),
      );
    }
  });

  it('resume filter on random streams', () => {
    const random = rng(0x5151);
    for (let i = 0; i < 200 * rounds; i++) {
      const muxer = new FlvMuxer({
        resumeFrom: {
          offset: 0,
          timestampOffset: 1000,
          initialFrame: { type: 9, data: Uint8Array.of(0x17, 1) },
        },
      });
      onlyFlvErrors(() => {
        for (let k = 0; k < 60; k++) {
          const type = [8, 9, 18, 22][Math.floor(random() * 4)]!;
          const payload = new Uint8Array(Math.floor(random() * 30));
          for (let j = 0; j < payload.length; j++) payload[j] = Math.floor(random() * 256);
          muxer.write({ typeId: type, timestamp: random() < 0.5 ? 0 : Math.floor(random() * 5000), payload });
        }
      });
    }
  });
});
