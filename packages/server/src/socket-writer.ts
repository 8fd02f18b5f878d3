/**
 * SocketWriter: writes a connection's bytes to its socket, counts them, lets callers wait for
 * `drain` (Node's writable backpressure — what makes VOD go "as fast as the client's buffer
 * allows"), and enforces the `dropAfterBytes` fault injection.
 */
import type { Socket } from 'node:net';

/** Socket output with byte counting, drain waiting and an optional byte budget. */
export class SocketWriter {
  private written = 0;
  private waiters: Array<() => void> = [];
  private dropped = false;

  constructor(
    private readonly socket: Socket,
    private readonly dropAfterBytes: number | undefined,
  ) {}

  /** Bytes handed to the socket so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /**
   * Writes `bytes`. Returns false when the caller should await {@link SocketWriter.drain},
   * `'dropped'` when the byte budget ran out (the budget's prefix is written, then the socket
   * is ended and destroyed).
   */
  write(bytes: Uint8Array): boolean | 'dropped' {
    if (this.dropped || this.socket.destroyed) return true;
    const limit = this.dropAfterBytes;
    if (limit !== undefined && this.written + bytes.length > limit) {
      const keep = limit - this.written;
      if (keep > 0) this.socket.write(bytes.subarray(0, keep));
      this.written = limit;
      this.dropped = true;
      this.socket.end();
      this.socket.destroySoon();
      this.release();
      return 'dropped';
    }
    this.written += bytes.length;
    return this.socket.write(bytes);
  }

  /** Resolves when the socket drained (at once when it needs no drain or is gone). */
  drain(): Promise<void> {
    if (this.dropped || this.socket.destroyed || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every drain waiter (on `drain` and on close). */
  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
