/**
 * SendBuffer: the outgoing side of the RTMPT tunnel (protocol.md §7, "RTMPT framing"). Writes
 * are appended into one growable buffer; each `/send` request takes everything queued as one
 * body (batching many RTMP chunks into one POST). Two buffers alternate, so taking a batch never
 * copies unless a batch is cut at `maxBytes`.
 */

/** A double-buffered byte queue. Throws nothing. */
export class SendBuffer {
  private fill: Uint8Array;
  private spare: Uint8Array | null = null;
  private taken: Uint8Array | null = null;
  /** Bytes queued and not yet taken. */
  length = 0;

  constructor(initialSize = 16 * 1024) {
    this.fill = new Uint8Array(initialSize);
  }

  /** Queues a copy of `bytes`. */
  append(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (needed > this.fill.length) {
      let size = this.fill.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.fill.subarray(0, this.length));
      this.fill = grown;
    }
    this.fill.set(bytes, this.length);
    this.length = needed;
  }

  /**
   * Takes up to `maxBytes` queued bytes as a view that stays valid until {@link release}; only
   * one batch may be out at a time.
   */
  take(maxBytes: number): Uint8Array {
    const n = Math.min(this.length, maxBytes);
    const batch = this.fill.subarray(0, n);
    const rest = this.length - n;
    let next = this.spare ?? new Uint8Array(Math.max(16 * 1024, rest));
    if (next.length < rest) next = new Uint8Array(rest * 2);
    if (rest > 0) next.set(this.fill.subarray(n, this.length));
    this.taken = this.fill;
    this.fill = next;
    this.spare = null;
    this.length = rest;
    return batch;
  }

  /** Returns the memory of the last taken batch for reuse. */
  release(): void {
    if (this.taken !== null && this.spare === null) this.spare = this.taken;
    this.taken = null;
  }

  /** Drops everything queued. */
  clear(): void {
    this.length = 0;
  }
}
