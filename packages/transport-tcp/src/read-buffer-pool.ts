/**
 * ReadBufferPool: the memory a plain TCP socket reads into through Node's `onread` option (Node
 * `net.Socket` "onread": libuv reads straight into a buffer we hand out, with no Readable stream,
 * no per-read allocation by Node and no 'data' event). librtmp's equivalent is the fixed 16 KiB
 * `RTMPSockBuf` that `RTMPSockBuf_Fill` reads into.
 *
 * Two modes, switchable at any time:
 * - stable (default): a read of 32 KiB or more keeps its part of a slab, which is never written
 *   again, so the chunks the transport yields stay valid for as long as they are referenced.
 *   Slabs start at 16 KiB and double (to 1 MiB) while reads fill the space they are offered, so a
 *   bulk download makes few large reads without a copy. A smaller read is copied into a buffer
 *   of its own size (as Node's stream reads do) and its slab space is read into again: a slow
 *   connection (a live player getting a few KiB at a time) holds one slab and no garbage slabs.
 * - reuse: reads land in a fixed ring of regions allocated once; a chunk's region is handed back
 *   with {@link ReadBufferPool.release} once the consumer is done with it. No allocation and no
 *   page faults per read, but a chunk is only valid until it is released.
 *
 * One read is offered at most `maxRead` bytes (the transport's read high-water mark), so a pause
 * for backpressure never lands more than that above the mark. Memory is Node `Buffer`s, so the
 * chunks are Buffers as with stream reads.
 *
 * Node asks for the next read's buffer right after each read ({@link ReadBufferPool.nextBuffer}),
 * and that buffer must still be free whenever the next read happens, however late. In reuse mode
 * the pool therefore always keeps the next read's region reserved and asks the socket to pause
 * ({@link ReadBufferPool.exhausted}) when no other region is free.
 */

/** Smallest and largest stable slab, and the least free space offered to one read. */
const MIN_SLAB = 16 * 1024;
const MAX_SLAB = 1024 * 1024;
const MIN_READ = 16 * 1024;
/** Stable-mode reads below this size are copied out, so their slab space is reused. */
const COPY_BELOW = 32 * 1024;

/** Ring geometry of reuse mode: 4 regions of 256 KiB (1 MiB, allocated on first use). */
const RING_REGIONS = 4;
const REGION_SIZE = 256 * 1024;

/** @internal Read memory of one socket transport. */
export class ReadBufferPool {
  private reuse = false;
  private slab: Uint8Array = new Uint8Array(0);
  private slabUsed = 0;
  private slabSize = MIN_SLAB;
  private ring: Uint8Array[] | null = null;
  private readonly busy: boolean[] = new Array(RING_REGIONS).fill(false);
  /** The buffer handed out for the next read, and its ring index (-1 when it is slab memory). */
  private offered: Uint8Array;
  private offeredRegion = -1;
  private listener: ((bytes: Uint8Array, region: number) => boolean) | null = null;
  /** Reads that arrived before a transport took the socket over (always stable memory). */
  private early: Uint8Array[] = [];

  private readonly maxRead: number;

  /** @param maxRead most bytes one read may take (clamped to 16 KiB..256 KiB). */
  constructor(maxRead = REGION_SIZE) {
    this.maxRead = Math.min(REGION_SIZE, Math.max(MIN_READ, maxRead));
    this.offered = this.slabRegion();
  }

  /** Node's `onread.callback`: hands the bytes to the listener; false asks Node to stop reading. */
  readonly onRead = (nread: number): boolean => {
    const { bytes, region } = this.take(nread);
    if (this.listener !== null) return this.listener(bytes, region);
    this.early.push(bytes);
    return true;
  };

  /** Routes reads to `listener` from now on; returns the reads that came before. */
  attach(listener: (bytes: Uint8Array, region: number) => boolean): Uint8Array[] {
    this.listener = listener;
    const early = this.early;
    this.early = [];
    return early;
  }

  /** True in reuse mode. */
  get reusing(): boolean {
    return this.reuse;
  }

  /** Switches mode; takes effect from the read after the one already offered. */
  setReuse(enabled: boolean): void {
    this.reuse = enabled;
  }

  /** The buffer for the next read (Node's `onread.buffer` callback). */
  readonly nextBuffer = (): Uint8Array => this.offered;

  /**
   * Takes the `nread` bytes the last read put at the start of the offered buffer and prepares
   * the next read's buffer. Returns the bytes and, in reuse mode, the region to release later
   * (-1: stable memory, never released).
   */
  take(nread: number): { bytes: Uint8Array; region: number } {
    const region = this.offeredRegion;
    let bytes: Uint8Array;
    if (region >= 0 && !this.reuse) {
      // Switched to stable after this ring region was offered: the chunk must outlive the ring.
      bytes = Buffer.from(this.offered.subarray(0, nread)); // a copy (Buffer#slice is a view)
      this.busy[region] = false;
      this.offeredRegion = -1;
      this.offered = this.slabRegion();
      return { bytes, region: -1 };
    }
    if (region < 0 && nread < COPY_BELOW) {
      // A small read: copy it out and offer the same slab space again.
      bytes = Buffer.allocUnsafe(nread);
      bytes.set(this.offered.subarray(0, nread));
      if (nread === this.offered.length && this.slabSize < MAX_SLAB) {
        // The peer filled what it was offered: bigger reads from now on, from a new slab.
        this.slabSize *= 2;
        this.slabUsed = this.slab.length;
      }
      if (this.reuse) this.offerRegion();
      else this.offered = this.slabRegion();
      return { bytes, region: -1 };
    }
    bytes = this.offered.subarray(0, nread);
    if (region < 0) {
      this.slabUsed += (nread + 7) & ~7;
      // A read that filled what it was offered: the peer sends fast, so offer more next time.
      if (nread === this.offered.length && this.slabSize < MAX_SLAB) this.slabSize *= 2;
    }
    if (this.reuse) this.offerRegion();
    else this.offered = this.slabRegion();
    return { bytes, region };
  }

  /** True when, in reuse mode, no region is free beyond the one reserved for the next read. */
  get exhausted(): boolean {
    if (!this.reuse || this.ring === null) return false;
    for (let i = 0; i < RING_REGIONS; i++) if (!this.busy[i] && i !== this.offeredRegion) return false;
    return true;
  }

  /** Hands a ring region back (the consumer is done with the chunk read into it). */
  release(region: number): void {
    if (region >= 0) this.busy[region] = false;
  }

  private offerRegion(): void {
    if (this.ring === null) {
      const memory = Buffer.allocUnsafeSlow(RING_REGIONS * REGION_SIZE);
      this.ring = Array.from({ length: RING_REGIONS }, (_, i) =>
        memory.subarray(i * REGION_SIZE, i * REGION_SIZE + this.maxRead),
      );
    }
    for (let i = 0; i < RING_REGIONS; i++) {
      if (!this.busy[i]) {
        this.busy[i] = true;
        this.offeredRegion = i;
        this.offered = this.ring[i] as Uint8Array;
        return;
      }
    }
    // Every region is held by the consumer (it ignored exhausted): fall back to stable memory.
    this.offeredRegion = -1;
    this.offered = this.slabRegion();
  }

  private slabRegion(): Uint8Array {
    this.offeredRegion = -1;
    if (this.slab.length - this.slabUsed < MIN_READ) {
      this.slab = Buffer.allocUnsafeSlow(this.slabSize);
      this.slabUsed = 0;
    }
    return this.slab.subarray(this.slabUsed, Math.min(this.slab.length, this.slabUsed + this.maxRead));
  }
}
