/**
 * PublishBatch: the send buffer of a publishing stream (librtmp `RTMP_Write` and FFmpeg's
 * `AVIOContext` both buffer outgoing chunks; protocol.md §5.4 "Publish"). Media messages are
 * chunked straight into one of a few reused buffers ({@link ClientSession.encodeMediaInto}) and
 * each buffer goes out with one transport write: no allocation per message, one system call per
 * batch instead of one per tag.
 *
 * A buffer handed to the transport is reused only once the transport no longer holds it:
 * writes complete in order, so a buffer is free when the transport's `pendingWriteBytes` is at
 * most the bytes written after it (a socket whose kernel buffer is full keeps a few buffers
 * busy; up to 8 are kept). A transport that cannot tell gets a fresh buffer per batch.
 * RTMPE: each batch is encrypted in place right before its write, so the RC4 keystream follows
 * the wire order even when other messages (a command sent from an `onTag` callback, the
 * connection's pongs and acknowledgements) are written while tags wait in the batch.
 */
import type { ClientSession } from '@rtmp/session';
import type { RtmpConnection } from './rtmp-connection.js';

/** Default size of one batch buffer: one write per 256 KiB (a few tags of a typical file). */
export const PUBLISH_BATCH_BYTES = 256 * 1024;

/** Most buffers kept for reuse; beyond that a batch gets a fresh buffer (the transport keeps it). */
const MAX_BUFFERS = 8;

/** @internal Batches the media messages of one publishing stream. */
export class PublishBatch {
  private readonly buffers: Uint8Array[] = [];
  /** Per buffer: `written` after its last write; the buffer is free once pending ≤ written − mark. */
  private readonly marks: number[] = [];
  /** Index of the buffer being filled in `buffers` (-1: a fresh one outside the ring). */
  private index = -1;
  private current: Uint8Array | undefined;
  private position = 0;
  /** Bytes this batcher has handed to the transport. */
  private written = 0;

  constructor(
    private readonly connection: RtmpConnection,
    private readonly session: ClientSession,
    private readonly handle: number,
    private readonly size: number = PUBLISH_BATCH_BYTES,
  ) {}

  /** Bytes encoded and not yet written. */
  get pendingBytes(): number {
    return this.position;
  }

  /**
   * Encodes one media message into the batch. When it does not fit, the batch is written first;
   * if that write asks for a drain, the message is NOT added and false is returned: `await
   * drain()`, then add it again (it then goes into an empty buffer). So nothing encoded waits in
   * a buffer while the caller waits, and the chunk streams' header state always matches what the
   * transport was given.
   * @throws {RtmpError} as {@link ClientSession.encodeMedia}; CLIENT_CLOSED / TRANSPORT_* from a write.
   */
  add(typeId: number, timestamp: number, payload: Uint8Array): boolean {
    const current = this.current ?? this.acquire();
    let end = this.session.encodeMediaInto(this.handle, typeId, timestamp, payload, current, this.position);
    if (end < 0 && this.position > 0) {
      if (!this.flush()) return false;
      end = this.session.encodeMediaInto(this.handle, typeId, timestamp, payload, this.acquire(), 0);
    }
    if (end < 0) {
      // Larger than a batch buffer: a buffer of its own, written as the next batch (RTMPE
      // encrypts it at that write, in wire order, like any batch).
      const own = new Uint8Array(maxEncodedLength(payload.length, this.session.layer.encoder.chunkSize));
      end = this.session.encodeMediaInto(this.handle, typeId, timestamp, payload, own, 0);
      this.current = own;
      this.index = -1;
    }
    this.position = end;
    return true;
  }

  /**
   * Writes what is batched (encrypted for RTMPE) with one transport write. Returns false when
   * the caller should `await drain()` before writing more.
   * @throws {RtmpError} CLIENT_CLOSED / TRANSPORT_* — the connection is closed.
   */
  flush(): boolean {
    const current = this.current;
    if (current === undefined || this.position === 0) return true;
    const bytes = current.subarray(0, this.position);
    this.session.encryptOutgoing(bytes);
    this.written += bytes.length;
    if (this.index >= 0) this.marks[this.index] = this.written;
    this.current = undefined;
    this.position = 0;
    return this.connection.writeBytes(bytes);
  }

  /** Picks a buffer the transport no longer holds (or a new one) as the current one. */
  private acquire(): Uint8Array {
    const pending = this.connection.pendingWriteBytes;
    let buffer: Uint8Array | undefined;
    this.position = 0;
    if (pending !== undefined) {
      const count = this.buffers.length;
      for (let i = 1; i <= count && buffer === undefined; i++) {
        const k = (this.index + i + count) % count;
        if (pending <= this.written - (this.marks[k] as number)) {
          this.index = k;
          buffer = this.buffers[k];
        }
      }
      if (buffer === undefined && count < MAX_BUFFERS) {
        buffer = new Uint8Array(this.size);
        this.buffers.push(buffer);
        this.marks.push(Number.NEGATIVE_INFINITY);
        this.index = count;
      }
    }
    if (buffer === undefined) {
      buffer = new Uint8Array(this.size);
      this.index = -1;
    }
    this.current = buffer;
    return buffer;
  }
}

/** Upper bound of one message's chunked size: basic header ≤ 3, message header 11, extended
 * timestamp 4, and ≤ 3 + 4 bytes per continuation chunk. */
function maxEncodedLength(length: number, chunkSize: number): number {
  return length + 18 + (Math.floor(length / chunkSize) + 1) * 7;
}
