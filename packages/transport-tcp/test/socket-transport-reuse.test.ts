// SocketTransport.setReadBufferReuse over real loopback sockets (plain TCP reads through `onread`
// into a ReadBufferPool): with reuse on, ≥ 8 MiB in random-size writes arrive intact and in order
// for a consumer that copies each chunk before pulling the next (and a chunk stays intact while
// held, however long); reads land in one reused ring; a slow or holding consumer keeps memory
// bounded and the peer feels backpressure; turning reuse off converts queued ring chunks into
// copies; chunks yielded with reuse off are never overwritten, even after reuse is turned on.
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Cleanups,
  loopbackPair,
  randomBytes,
  sha256,
  writeInPieces,
  writeSizes,
} from './support/loopback-pair.js';
import { delay } from './support/servers.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const MiB = 1024 * 1024;

/** Reads `count` bytes, each chunk copied before the next pull; returns the copies concatenated. */
async function readCopies(iterator: AsyncIterator<Uint8Array>, count: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < count) {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`ended after ${got} of ${count} bytes`);
    parts.push(Buffer.from(value));
    got += value.length;
  }
  return Buffer.concat(parts);
}

describe('SocketTransport read-buffer reuse (loopback)', () => {
  it('delivers ≥ 8 MiB intact and in order; held chunks stay intact until the next pull', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 10_000 });
    expect(transport.setReadBufferReuse(true)).toBe(true);
    const sent = randomBytes(9 * MiB, 0x5eed);
    const writer = writeInPieces(peer, sent, writeSizes(sent.length, 200_000, 7));
    const copies: Buffer[] = [];
    const memory = new Map<ArrayBufferLike, number>();
    const kept: Array<{ view: Uint8Array; copy: Buffer }> = [];
    let pulls = 0;
    for await (const chunk of transport) {
      const copy = Buffer.from(chunk);
      memory.set(chunk.buffer, (memory.get(chunk.buffer) ?? 0) + 1);
      // Now and then hold the chunk across event-loop turns (more reads arrive meanwhile).
      if (pulls % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (pulls % 97 === 0) await delay(2);
      expect(Buffer.compare(Buffer.from(chunk), copy)).toBe(0);
      copies.push(copy);
      if (kept.length < 40) kept.push({ view: chunk, copy });
      pulls++;
    }
    await writer;
    const received = Buffer.concat(copies);
    expect(received.length).toBe(sent.length);
    expect(sha256(received)).toBe(sha256(sent));
    // Reads went into reused memory: a handful of buffers for thousands of chunks (stable slabs
    // would need at least 9 for 9 MiB), and chunks released long ago were read into again.
    expect(pulls).toBeGreaterThan(30);
    expect(memory.size).toBeLessThanOrEqual(3);
    expect(kept.some(({ view, copy }) => Buffer.compare(Buffer.from(view), copy) !== 0)).toBe(true);
  });

  it('keeps memory bounded under a slow consumer with reuse on: pauses, the peer sees backpressure', async () => {
    const highWater = 64 * 1024;
    const { peer, transport } = await loopbackPair(cleanups, {
      readHighWaterMark: highWater,
      idleTimeout: 0,
    });
    transport.setReadBufferReuse(true);
    const sent = randomBytes(24 * MiB, 3);
    const writer = writeInPieces(peer, sent, writeSizes(sent.length, 128 * 1024, 11));
    let maxQueued = 0;
    const iterator = transport[Symbol.asyncIterator]();
    const parts: Buffer[] = [];
    for (let reads = 0; ; reads++) {
      if (reads < 20) await delay(20); // slow start: the transport must pause, not buffer everything
      maxQueued = Math.max(maxQueued, transport.bufferedBytes);
      const { value, done } = await iterator.next();
      if (done) break;
      parts.push(Buffer.from(value));
    }
    expect(await writer).toBe(true);
    expect(sha256(Buffer.concat(parts))).toBe(sha256(sent));
    // One read (≤ maxRead = the mark, clamped up to 16 KiB) may land above the mark.
    expect(maxQueued).toBeLessThanOrEqual(highWater + highWater);
    expect(maxQueued).toBeGreaterThan(0);
  });

  it('a consumer holding one chunk stops reading once the ring is full (far below the read mark)', async () => {
    const mark = 8 * MiB; // the mark alone would let 8 MiB pile up
    const { peer, transport } = await loopbackPair(cleanups, { readHighWaterMark: mark, idleTimeout: 0 });
    transport.setReadBufferReuse(true);
    const sent = randomBytes(32 * MiB, 99);
    let writerDone = false;
    const writer = writeInPieces(peer, sent, writeSizes(sent.length, 256 * 1024, 5)).then((refused) => {
      writerDone = true;
      return refused;
    });
    const iterator = transport[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstCopy = Buffer.from(first.value as Uint8Array);
    let maxQueued = 0;
    for (let i = 0; i < 15; i++) {
      await delay(20);
      maxQueued = Math.max(maxQueued, transport.bufferedBytes);
    }
    // The held chunk is intact, at most the 4 ring regions (256 KiB each) of data wait (plus the
    // one stable read offered before reuse took effect), and the peer is blocked.
    expect(Buffer.compare(Buffer.from(first.value as Uint8Array), firstCopy)).toBe(0);
    expect(maxQueued).toBeLessThanOrEqual(4 * 256 * 1024 + 256 * 1024);
    expect(writerDone).toBe(false);
    const rest = await readCopies(iterator, sent.length - firstCopy.length);
    expect(await writer).toBe(true);
    expect(sha256(Buffer.concat([firstCopy, rest]))).toBe(sha256(sent));
    expect((await iterator.next()).done).toBe(true);
  });

  it('turning reuse off makes queued ring chunks copies: they survive the ring being reused later', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 0 });
    peer.setNoDelay(true);
    transport.setReadBufferReuse(true);
    const iterator = transport[Symbol.asyncIterator]();
    // A primer read uses the stable buffer that was already offered; later reads use the ring.
    peer.write(Buffer.from('primer'));
    expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('primer');
    const pieces = [randomBytes(30_000, 1), randomBytes(50_000, 2), randomBytes(20_000, 3)];
    for (const piece of pieces) {
      peer.write(piece);
      await delay(15);
    }
    const queuedBytes = pieces.reduce((n, p) => n + p.length, 0);
    for (let i = 0; i < 100 && transport.bufferedBytes < queuedBytes; i++) await delay(10);
    expect(transport.bufferedBytes).toBe(queuedBytes);
    expect(transport.setReadBufferReuse(false)).toBe(true);
    // Take the queued chunks without copying them.
    const held: Uint8Array[] = [];
    for (let got = 0; got < queuedBytes; ) {
      const { value } = await iterator.next();
      held.push(value as Uint8Array);
      got += (value as Uint8Array).length;
    }
    // Reuse on again, and cycle the ring many times over.
    transport.setReadBufferReuse(true);
    const more = randomBytes(6 * MiB, 4);
    const writer = writeInPieces(peer, more, writeSizes(more.length, 100_000, 13));
    const rest = await readCopies(iterator, more.length);
    await writer;
    expect(sha256(rest)).toBe(sha256(more));
    expect(Buffer.concat(held).equals(Buffer.concat(pieces))).toBe(true);
  });

  it('control: without turning reuse off, the same held chunks are read into again', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 0 });
    peer.setNoDelay(true);
    transport.setReadBufferReuse(true);
    const iterator = transport[Symbol.asyncIterator]();
    peer.write(Buffer.from('primer'));
    await iterator.next();
    const pieces = [randomBytes(30_000, 1), randomBytes(50_000, 2)];
    for (const piece of pieces) {
      peer.write(piece);
      await delay(15);
    }
    const queuedBytes = pieces.reduce((n, p) => n + p.length, 0);
    for (let i = 0; i < 100 && transport.bufferedBytes < queuedBytes; i++) await delay(10);
    const held: Uint8Array[] = [];
    for (let got = 0; got < queuedBytes; ) {
      const { value } = await iterator.next();
      held.push(value as Uint8Array);
      got += (value as Uint8Array).length;
    }
    const more = randomBytes(4 * MiB, 5);
    const writer = writeInPieces(peer, more, writeSizes(more.length, 100_000, 17));
    expect(sha256(await readCopies(iterator, more.length))).toBe(sha256(more));
    await writer;
    // Contract: a reuse chunk is valid only until the next pull — these were released and reused.
    expect(Buffer.concat(held).equals(Buffer.concat(pieces))).toBe(false);
  });

  it('chunks yielded with reuse off are never overwritten, even after reuse is turned on', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 0 });
    const phase1 = randomBytes(3 * MiB, 21);
    const phase2 = randomBytes(8 * MiB, 22);
    const iterator = transport[Symbol.asyncIterator]();
    const writer1 = writeInPieces(peer, phase1, writeSizes(phase1.length, 70_000, 23), false);
    const held: Uint8Array[] = [];
    for (let got = 0; got < phase1.length; ) {
      const { value } = await iterator.next();
      held.push(value as Uint8Array);
      got += (value as Uint8Array).length;
    }
    await writer1;
    expect(Buffer.concat(held).equals(phase1)).toBe(true);
    transport.setReadBufferReuse(true);
    const writer2 = writeInPieces(peer, phase2, writeSizes(phase2.length, 70_000, 24));
    const rest = await readCopies(iterator, phase2.length);
    await writer2;
    expect(sha256(rest)).toBe(sha256(phase2));
    expect((await iterator.next()).done).toBe(true);
    // Every phase-1 chunk, held without a copy, still has its bytes.
    expect(sha256(Buffer.concat(held))).toBe(sha256(phase1));
  });
});
