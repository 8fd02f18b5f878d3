// ReadBufferPool (the memory plain TCP sockets read into through Node's `onread`), driven the way
// Node drives it. Stable mode: slabs start at 16 KiB and double to 1 MiB while reads fill what
// they are offered; a read of 32 KiB or more keeps its slab space (never written again), a smaller
// one is copied out and its slab space read into again (a slow peer holds one slab); the maxRead
// clamp (16 KiB..256 KiB). Reuse mode: a ring of 4 regions, one always reserved for the next read
// (`exhausted`); switching modes with a ring region offered (copy); `attach` handing over the
// reads that came first. Expected sizes come from the documented geometry (module header), not
// from running the code.
import { describe, expect, it } from 'vitest';
import { ReadBufferPool } from '../src/read-buffer-pool.js';
import { type HeldChunk, intact, NodeReadSimulator, overlaps } from './support/pool-driver.js';

const KiB = 1024;

describe('ReadBufferPool: stable mode', () => {
  it('slabs start at 16 KiB and double up to 1 MiB while each read fills what it was offered', () => {
    const pool = new ReadBufferPool(256 * KiB);
    const node = new NodeReadSimulator(pool);
    const slabs: ArrayBufferLike[] = [];
    const chunks: HeldChunk[] = [];
    for (let i = 0; i < 12; i++) {
      const slab = node.held.buffer;
      if (!slabs.includes(slab)) slabs.push(slab);
      expect(node.held.length).toBeLessThanOrEqual(256 * KiB);
      const chunk = node.read(node.held.length); // a fast peer: every read fills the buffer
      // Reads under 32 KiB are copied out of the slab; larger ones stay where they were read.
      if (chunk.bytes.length < 32 * KiB) expect(chunk.bytes.buffer).not.toBe(slab);
      else expect(chunk.bytes.buffer).toBe(slab);
      chunks.push(chunk);
    }
    // One filled read each in 16K (copied), 32K, 64K, 128K and 256K slabs; two 256 KiB reads
    // (maxRead) in the 512K slab; four per 1M slab: 12 reads end in the second 1M slab.
    expect(slabs.map((s) => s.byteLength)).toEqual(
      [16, 32, 64, 128, 256, 512, 1024, 1024].map((n) => n * KiB),
    );
    for (const chunk of chunks) {
      expect(chunk.region).toBe(-1);
      expect(intact(chunk)).toBe(true);
    }
    for (let i = 1; i < chunks.length; i++)
      expect(overlaps((chunks[i - 1] as HeldChunk).bytes, (chunks[i] as HeldChunk).bytes)).toBe(false);
  });

  it('a slow peer (small reads) reads into one 16 KiB slab again and again; its chunks are copies', () => {
    const pool = new ReadBufferPool();
    const node = new NodeReadSimulator(pool);
    const slab = node.held.buffer;
    expect(slab.byteLength).toBe(16 * KiB);
    const chunks: HeldChunk[] = [];
    for (let i = 0; i < 2000; i++) {
      const chunk = node.read(100 + (i % 7));
      expect(chunk.bytes.buffer).not.toBe(slab);
      chunks.push(chunk);
      expect(node.held.buffer).toBe(slab);
      expect(overlaps(node.held, chunk.bytes)).toBe(false);
    }
    expect(chunks.every(intact)).toBe(true);
    for (let i = 1; i < chunks.length; i++)
      expect(overlaps((chunks[i - 1] as HeldChunk).bytes, (chunks[i] as HeldChunk).bytes)).toBe(false);
  });

  it('a large read keeps its slab space: the next read is offered the space after it', () => {
    const pool = new ReadBufferPool(256 * KiB);
    const node = new NodeReadSimulator(pool);
    for (let i = 0; i < 3; i++) node.read(node.held.length); // grow to a 128 KiB slab
    expect(node.held.buffer.byteLength).toBe(128 * KiB);
    const large = node.read(40 * KiB);
    expect(large.bytes.buffer).toBe(node.held.buffer);
    expect(node.held.byteOffset).toBeGreaterThanOrEqual(large.bytes.byteOffset + 40 * KiB);
    const small = node.read(100); // copied: the same space is offered again
    const offeredAgain = node.held.byteOffset;
    node.read(200);
    expect(node.held.byteOffset).toBe(offeredAgain);
    expect([large, small].every(intact)).toBe(true);
  });

  it('offers at least 16 KiB and at most maxRead, clamped to 16 KiB..256 KiB', () => {
    expect(new ReadBufferPool(1000).nextBuffer().length).toBe(16 * KiB);
    expect(new ReadBufferPool(0).nextBuffer().length).toBe(16 * KiB);
    // Once the slabs have grown past it, a read is offered exactly maxRead (clamped).
    for (const [asked, clamped] of [
      [40 * KiB, 40 * KiB],
      [10 * 1024 * KiB, 256 * KiB],
      [1000, 16 * KiB],
    ] as const) {
      const node = new NodeReadSimulator(new ReadBufferPool(asked));
      let largest = 0;
      for (let i = 0; i < 12; i++) {
        largest = Math.max(largest, node.held.length);
        node.read(node.held.length);
      }
      expect(largest, `maxRead ${asked}`).toBe(clamped);
    }
    // A small maxRead: each read is offered at least 16 KiB and never more than maxRead.
    const small = new ReadBufferPool(20 * KiB);
    const smallNode = new NodeReadSimulator(small);
    for (let i = 0; i < 50; i++) {
      expect(smallNode.held.length).toBeGreaterThanOrEqual(16 * KiB);
      expect(smallNode.held.length).toBeLessThanOrEqual(20 * KiB);
      smallNode.read(i % 3 === 0 ? smallNode.held.length : 3000);
    }
  });
});

describe('ReadBufferPool: reuse mode', () => {
  it('takes effect from the read after the one already offered, then reads land in one 1 MiB ring', () => {
    const pool = new ReadBufferPool(256 * KiB);
    const node = new NodeReadSimulator(pool);
    const stableOffer = node.held;
    pool.setReuse(true);
    expect(pool.reusing).toBe(true);
    // The buffer Node already holds is slab memory: that read is stable (a small one, copied).
    const first = node.read(1000);
    expect(first.region).toBe(-1);
    expect(first.bytes.buffer).not.toBe(node.held.buffer);
    expect(stableOffer.buffer).not.toBe(node.held.buffer);
    const ring = node.held.buffer;
    expect(ring.byteLength).toBe(1024 * KiB);
    const regions = new Set<number>();
    const offsets = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const chunk = node.read(5000 + i);
      expect(chunk.region).toBeGreaterThanOrEqual(0);
      expect(chunk.bytes.buffer).toBe(ring);
      expect(intact(chunk)).toBe(true);
      regions.add(chunk.region);
      offsets.add(chunk.bytes.byteOffset);
      pool.release(chunk.region); // consumed at once: its memory is read into again
    }
    expect(regions.size).toBeLessThanOrEqual(4);
    expect(offsets.size).toBe(regions.size);
    expect(first.bytes.length).toBe(1000);
    expect(intact(first)).toBe(true);
  });

  it('ring regions are maxRead bytes long', () => {
    const pool = new ReadBufferPool(100_000);
    const node = new NodeReadSimulator(pool);
    pool.setReuse(true);
    node.read(10);
    expect(node.held.length).toBe(100_000);
    const chunk = node.read(200_000);
    expect(chunk.bytes.length).toBe(100_000);
  });

  it('exhausted once every region but the reserved one is held; released bytes get overwritten', () => {
    const pool = new ReadBufferPool();
    const node = new NodeReadSimulator(pool);
    pool.setReuse(true);
    expect(pool.exhausted).toBe(false);
    node.read(10); // the stable read already offered
    const held: HeldChunk[] = [];
    for (let i = 0; i < 3; i++) {
      expect(pool.exhausted).toBe(false);
      held.push(node.read(1000 + i));
    }
    // Three regions held by the consumer, the fourth reserved for Node's next read.
    expect(pool.exhausted).toBe(true);
    for (const chunk of held) expect(overlaps(node.held, chunk.bytes)).toBe(false);
    const [a, b, c] = held as [HeldChunk, HeldChunk, HeldChunk];
    pool.release(b.region);
    expect(pool.exhausted).toBe(false);
    // The next reads go to the reserved region, then to b's: b's bytes are overwritten, a and c not.
    const d = node.read(1000);
    expect(d.region).not.toBe(b.region);
    expect(node.held.byteOffset).toBe(b.bytes.byteOffset);
    const e = node.read(1000);
    expect(e.region).toBe(b.region);
    expect(intact(b)).toBe(false);
    expect([a, c, d, e].every(intact)).toBe(true);
    expect(pool.exhausted).toBe(true);
  });

  it('a consumer that ignores exhausted gets stable slab memory, never a held region', () => {
    const pool = new ReadBufferPool();
    const node = new NodeReadSimulator(pool);
    pool.setReuse(true);
    node.read(10);
    const held = [node.read(3000), node.read(3000), node.read(3000), node.read(3000)];
    expect(held.map((h) => h.region).sort()).toEqual([0, 1, 2, 3]);
    // Every region is held: the next read must go elsewhere.
    expect(pool.exhausted).toBe(true);
    for (const chunk of held) expect(overlaps(node.held, chunk.bytes)).toBe(false);
    const extra = [node.read(3000), node.read(3000)];
    for (const chunk of extra) expect(chunk.region).toBe(-1);
    expect([...held, ...extra].every(intact)).toBe(true);
    // Releasing one region makes the pool read into the ring again (after the slab read offered).
    pool.release(2);
    expect(pool.exhausted).toBe(false);
    node.read(10);
    expect(node.read(10).region).toBe(2);
  });

  it('switching to stable with a ring region offered: the read is copied out and the region freed', () => {
    const pool = new ReadBufferPool();
    const node = new NodeReadSimulator(pool);
    pool.setReuse(true);
    node.read(10);
    const inRing = node.read(500);
    const ring = inRing.bytes.buffer;
    expect(node.held.buffer).toBe(ring); // a ring region is offered to Node
    pool.setReuse(false);
    expect(pool.exhausted).toBe(false);
    const copied = node.read(700);
    expect(copied.region).toBe(-1);
    expect(copied.bytes.buffer).not.toBe(ring);
    expect(intact(copied)).toBe(true);
    expect(node.held.buffer).not.toBe(ring);
    // Later stable reads are never overwritten, even after reuse resumes and the ring cycles.
    const stable = [node.read(900), node.read(900)];
    pool.release(inRing.region);
    pool.setReuse(true);
    node.read(10);
    for (let i = 0; i < 20; i++) pool.release(node.read(4000).region);
    expect([copied, ...stable].every(intact)).toBe(true);
    expect(stable.every((c) => c.region === -1)).toBe(true);
  });

  it('release(-1) and releasing a free region change nothing', () => {
    const pool = new ReadBufferPool();
    const node = new NodeReadSimulator(pool);
    pool.setReuse(true);
    node.read(10);
    const held = [node.read(100), node.read(100), node.read(100)];
    expect(pool.exhausted).toBe(true);
    pool.release(-1);
    expect(pool.exhausted).toBe(true);
    expect(held.every(intact)).toBe(true);
  });
});

describe('ReadBufferPool: attach', () => {
  it('keeps reads that come before a listener, returns them in order, then calls the listener', () => {
    const pool = new ReadBufferPool();
    const offered = [pool.nextBuffer()];
    offered[0]?.set([1, 2, 3]);
    expect(pool.onRead(3)).toBe(true);
    offered.push(pool.nextBuffer());
    offered[1]?.set([4, 5]);
    expect(pool.onRead(2)).toBe(true);
    const seen: Array<[number[], number]> = [];
    let answer = true;
    const early = pool.attach((bytes, region) => {
      seen.push([Array.from(bytes), region]);
      return answer;
    });
    expect(early.map((b) => Array.from(b))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    pool.nextBuffer().set([6]);
    expect(pool.onRead(1)).toBe(true);
    answer = false; // the listener asks Node to stop reading
    pool.nextBuffer().set([7, 8]);
    expect(pool.onRead(2)).toBe(false);
    expect(seen).toEqual([
      [[6], -1],
      [[7, 8], -1],
    ]);
    // A second attach has nothing early to hand over.
    expect(pool.attach(() => true)).toEqual([]);
  });
});
