/**
 * Collects one fixed-size handshake packet (C0+C1, S0+S1, C2, S2; RTMP spec 5.2) from input
 * split at arbitrary byte boundaries, into one preallocated buffer. Never holds more than the
 * packet's size, so handshake memory is bounded by construction.
 */

/** A fixed-size packet being filled from successive inputs. */
export class PacketAssembler {
  private readonly buffer: Uint8Array;
  private size = 0;
  /** Bytes collected so far for the current packet. */
  filled = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Starts a new packet of `size` bytes (at most the capacity). */
  expect(size: number): void {
    this.size = size;
    this.filled = 0;
  }

  /** Bytes still missing. */
  get missing(): number {
    return this.size - this.filled;
  }

  /** Copies what the packet still needs from `input[offset..]`; returns the offset after it. */
  fill(input: Uint8Array, offset: number): number {
    const count = Math.min(this.size - this.filled, input.length - offset);
    if (count > 0) {
      this.buffer.set(input.subarray(offset, offset + count), this.filled);
      this.filled += count;
    }
    return offset + count;
  }

  /** True once all `size` bytes are present. */
  get complete(): boolean {
    return this.filled === this.size;
  }

  /** The packet (a view of the internal buffer, valid until the next `expect`). */
  get packet(): Uint8Array {
    return this.buffer.subarray(0, this.size);
  }
}
