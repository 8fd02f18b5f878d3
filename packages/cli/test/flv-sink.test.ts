// The dump's FLV sinks (src/dump/flv-sink.ts). openFileSink, on temp files: the file holds exactly
// the concatenation of every chunk written, for random tag sizes around the 16 KiB direct-write
// threshold and the 1 MiB batch (fast-check); chunks changed after writeTag returns do not change
// the file (the chunks are transient); a small tag reaches the disk through the 250 ms timer
// without close(); a resume position truncates there and appends from there; close() is
// idempotent. stdoutSink, with fake Writables: one copy per tag, backpressure as a promise that
// resolves on 'drain', on 'close' and on 'error'.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSink, stdoutSink } from '../src/dump/flv-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'rtmp-flv-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = () => join(dir, `out-${files++}.flv`);

const KiB = 1024;
const slow = process.env.RTMP_SLOW === '1';

/** `size` bytes from a seed (distinct per tag, so misplaced bytes show). */
function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}

/** A tag as the muxer hands it over: 1 to 3 chunks (header, payload, trailer). */
function tagChunks(sizes: number[], seed: number): Uint8Array[] {
  return sizes.map((size, i) => bytes(size, seed * 7 + i));
}

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)));
}

/** Tag sizes: small ones (batched), ones just around 16 KiB, large ones (written directly). */
const tagSize = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 2000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 16 * KiB - 3, max: 16 * KiB + 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 16 * KiB, max: 200 * KiB }) },
  { weight: 1, arbitrary: fc.integer({ min: 4 * KiB, max: 15 * KiB }) },
);
/** One tag: its total size split into 1..3 chunks (the first may be the 11-byte header). */
const tagArb = fc.tuple(tagSize, fc.integer({ min: 1, max: 3 }), fc.nat(1000)).map(([size, parts, seed]) => {
  const sizes: number[] = [];
  let left = size;
  for (let i = 0; i < parts - 1 && left > 1; i++) {
    const part = 1 + ((seed * (i + 3)) % (left - 1));
    sizes.push(part);
    left -= part;
  }
  sizes.push(left);
  return { sizes, seed };
});

describe('openFileSink', () => {
  it('property: the file is the concatenation of every chunk, even if chunks change after writeTag', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tagArb, { minLength: 1, maxLength: 120 }), async (tags) => {
        const path = tempFile();
        const sink = openFileSink(path, undefined);
        const expected: Uint8Array[] = [];
        let total = 0;
        for (const [n, tag] of tags.entries()) {
          const chunks = tagChunks(tag.sizes, tag.seed + n);
          for (const chunk of chunks) expected.push(chunk.slice());
          total += tag.sizes.reduce((a, b) => a + b, 0);
          expect(sink.writeTag(chunks)).toBeUndefined();
          for (const chunk of chunks) chunk.fill(0xee); // transient: the caller reuses its buffers
        }
        expect(sink.bytesWritten).toBe(total);
        await sink.close();
        expect(readFileSync(path).equals(concat(expected))).toBe(true);
        rmSync(path);
      }),
      { numRuns: slow ? 300 : 40 },
    );
  });

  it('more small tags than the 1 MiB batch holds, then a large one: all in order', async () => {
    const path = tempFile();
    const sink = openFileSink(path, undefined);
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const chunks = tagChunks([11, 8000 + (i % 50), 4], i); // 300 × ~8 KiB = 2.4 MiB of small tags
      expected.push(...chunks.map((c) => c.slice()));
      sink.writeTag(chunks);
      for (const chunk of chunks) chunk.fill(0);
    }
    const big = tagChunks([11, 64 * KiB, 4], 999);
    expected.push(...big.map((c) => c.slice()));
    sink.writeTag(big);
    for (const chunk of big) chunk.fill(0);
    await sink.close();
    expect(readFileSync(path).equals(concat(expected))).toBe(true);
  });

  it('the timer writes a small tag to disk within ~0.5 s, without close()', async () => {
    const path = tempFile();
    const sink = openFileSink(path, undefined);
    const tag = tagChunks([11, 100, 4], 5);
    const want = concat(tag.map((c) => c.slice()));
    sink.writeTag(tag);
    expect(readFileSync(path).length).toBe(0); // batched, not written yet
    await new Promise((resolve) => setTimeout(resolve, 550));
    expect(readFileSync(path).equals(want)).toBe(true);
    await sink.close();
    expect(readFileSync(path).equals(want)).toBe(true);
  });

  it('a resume position truncates the file there and appends from there', async () => {
    for (const position of [0, 600, 1000]) {
      const path = tempFile();
      const original = bytes(1000, 77);
      writeFileSync(path, original);
      const sink = openFileSink(path, position);
      const small = tagChunks([11, 50, 4], 1);
      const large = tagChunks([11, 20 * KiB, 4], 2);
      const expected = concat([original.subarray(0, position), ...small, ...large]);
      sink.writeTag(small);
      sink.writeTag(large);
      expect(sink.bytesWritten).toBe(65 + 20 * KiB + 15); // without the resume offset
      await sink.close();
      expect(readFileSync(path).equals(expected), `position ${position}`).toBe(true);
    }
  });

  it('a resume position inside a longer file drops the rest even when nothing is written', async () => {
    const path = tempFile();
    writeFileSync(path, bytes(5000, 3));
    const sink = openFileSink(path, 1234);
    await sink.close();
    expect(readFileSync(path).equals(Buffer.from(bytes(5000, 3).subarray(0, 1234)))).toBe(true);
  });

  it('close() flushes once and is idempotent', async () => {
    const path = tempFile();
    const sink = openFileSink(path, undefined);
    const tag = tagChunks([11, 300, 4], 9);
    const want = concat(tag.map((c) => c.slice()));
    sink.writeTag(tag);
    await sink.close();
    await sink.close();
    expect(readFileSync(path).equals(want)).toBe(true);
  });
});

/** A Writable stand-in: write() answers `accept`, records copies, and emits what the test says. */
class FakeWritable extends EventEmitter {
  accept = true;
  readonly written: Buffer[] = [];
  readonly views: Uint8Array[] = [];
  write(chunk: Uint8Array): boolean {
    this.views.push(chunk);
    this.written.push(Buffer.from(chunk));
    return this.accept;
  }
}

/** Whether `promise` settles (either way) within `ms`. */
const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);

describe('stdoutSink', () => {
  it('writes one copy per tag and returns nothing while the stream accepts', async () => {
    const out = new FakeWritable();
    const sink = stdoutSink(out as unknown as NodeJS.WritableStream);
    const tag = tagChunks([11, 500, 4], 4);
    const want = concat(tag.map((c) => c.slice()));
    expect(sink.writeTag(tag)).toBeUndefined();
    for (const chunk of tag) chunk.fill(0); // transient chunks: the sink must have copied
    expect(out.written.length).toBe(1);
    expect(Buffer.from(out.views[0] as Uint8Array).equals(want)).toBe(true);
    expect(sink.bytesWritten).toBe(515);
    await sink.close();
  });

  for (const event of ['drain', 'close', 'error'] as const) {
    it(`applies backpressure when write() returns false, and resolves on '${event}'`, async () => {
      const out = new FakeWritable();
      out.accept = false;
      const sink = stdoutSink(out as unknown as NodeJS.WritableStream);
      const pending = sink.writeTag(tagChunks([11, 40, 4], 6));
      expect(pending).toBeInstanceOf(Promise);
      expect(await settledWithin(pending as Promise<void>, 50)).toBe(false);
      out.emit(event, event === 'error' ? new Error('EPIPE') : undefined);
      expect(await settledWithin(pending as Promise<void>, 200)).toBe(true);
      // Its listeners are gone: nothing left waiting on the stream.
      expect(out.listenerCount('drain') + out.listenerCount('close') + out.listenerCount('error')).toBe(0);
    });
  }

  // Once the stream has closed (stdout's reader went away: EPIPE destroyed it, as with
  // `rtmp dump -o - | head -c 1000`), write() returns false and emits nothing more, so waiting
  // would hang the dump: writeTag throws instead, which ends the dump with the tags so far.
  it('a write to a stream that already closed throws instead of leaving the dump waiting forever', async () => {
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    });
    out.on('error', () => {});
    out.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(out.destroyed).toBe(true);
    const sink = stdoutSink(out);
    expect(() => sink.writeTag(tagChunks([11, 40, 4], 8))).toThrow('stdout is closed');
  });
});
