// Test support: drives a ReadBufferPool the way Node's `onread` does (net.js / stream_base_commons
// onStreamRead: libuv reads into the buffer last handed out, then `callback(nread)`, then
// `buffer()` for the next read), and checks memory overlap between what the consumer holds and
// what "Node" would read into next.
import type { ReadBufferPool } from '../../src/read-buffer-pool.js';

/** One read as the consumer got it, with a copy of what was read (to check it later). */
export interface HeldChunk {
  bytes: Uint8Array;
  region: number;
  expected: Uint8Array;
}

/** A fake socket: the buffer Node holds for its next read, and a read that fills it. */
export class NodeReadSimulator {
  /** The buffer Node would read into next (asked for right after the previous read). */
  held: Uint8Array;
  private counter = 0;

  constructor(private readonly pool: ReadBufferPool) {
    this.held = pool.nextBuffer();
  }

  /**
   * Reads up to `size` bytes (a recognisable pattern) into the held buffer, calls `take`, then asks
   * for the next buffer. Returns the chunk with the bytes that were written.
   */
  read(size: number): HeldChunk {
    const target = this.held;
    const nread = Math.max(1, Math.min(size, target.length));
    const expected = new Uint8Array(nread);
    for (let i = 0; i < nread; i++) expected[i] = (this.counter * 37 + i * 11 + (i >> 8)) & 0xff;
    this.counter++;
    target.set(expected, 0);
    const { bytes, region } = this.pool.take(nread);
    this.held = this.pool.nextBuffer();
    return { bytes, region, expected };
  }
}

/** True when the two views share at least one byte of memory. */
export function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer !== b.buffer || a.length === 0 || b.length === 0) return false;
  return a.byteOffset < b.byteOffset + b.length && b.byteOffset < a.byteOffset + a.length;
}

/** True when the chunk still holds the bytes that were read into it. */
export function intact(chunk: HeldChunk): boolean {
  const { bytes, expected } = chunk;
  if (bytes.length !== expected.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== expected[i]) return false;
  return true;
}
