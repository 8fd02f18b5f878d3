/**
 * PayloadAllocator: where ChunkDecoder assembles messages that span several chunks (RTMP spec
 * 5.3.1: a message is split into chunks; the receiver reassembles it). One buffer of exactly the
 * declared length per message, so each payload byte is copied once:
 * - stable mode: carved from a slab (one allocation per slab instead of per message; slabs are
 *   never reused, so payloads stay valid for as long as they are referenced);
 * - reuse mode: one buffer per chunk stream, reused for its next message (no allocation at all).
 */

import type { ChunkStreamState } from './chunk-stream-state.js';

/** Message buffer allocation for {@link ChunkDecoder}. Internal. */
export class PayloadAllocator {
  private readonly slabMaxMessage: number;
  private slab: Uint8Array = new Uint8Array(0);
  private slabUsed = 0;
  /** Bytes held by the chunk streams' reusable buffers. */
  private spareBytes = 0;

  /**
   * @param slabSize bytes per slab; messages above a quarter of it get their own buffer (0: all).
   * @param maxSpareBytes bound on the total size of reusable buffers.
   */
  constructor(
    private readonly slabSize: number,
    private readonly maxSpareBytes: number,
    private readonly create: (length: number) => Uint8Array = (length) => new Uint8Array(length),
  ) {
    this.slabMaxMessage = slabSize >>> 2;
  }

  /** A never-reused buffer of `length` bytes. */
  allocate(length: number): Uint8Array {
    if (length > this.slabMaxMessage) return this.create(length);
    let at = this.slabUsed;
    if (at + length > this.slab.length) {
      this.slab = this.create(this.slabSize);
      at = 0;
    }
    this.slabUsed = (at + length + 7) & ~7;
    return this.slab.subarray(at, at + length);
  }

  /**
   * The chunk stream's reusable buffer viewed at `length` (grown as needed while the total of
   * reusable buffers stays within the bound; past it, a never-reused buffer).
   */
  reusable(state: ChunkStreamState, length: number): Uint8Array {
    const spare = state.spare;
    if (spare !== null && spare.buffer.byteLength >= length) {
      state.spare = new Uint8Array(spare.buffer, 0, length);
      return state.spare;
    }
    const capacity = spare === null ? 0 : spare.buffer.byteLength;
    if (this.spareBytes - capacity + length > this.maxSpareBytes) return this.allocate(length);
    this.spareBytes += length - capacity;
    state.spare = new Uint8Array(length);
    return state.spare;
  }
}
