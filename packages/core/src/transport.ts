/**
 * The Transport contract: a reliable, ordered byte pipe between the client and an RTMP peer.
 *
 * Implemented by @rtmp/transport-tcp (TCP, TLS, SOCKS) and @rtmp/transport-http (RTMPT), so
 * the session and the client never know which one they run on. Reading is pull-based (an async
 * iterator), which gives backpressure for free: a transport stops reading from the network while
 * its consumer is not pulling. Writing follows Node's convention: `write` returns false when the
 * caller should `await drain()` before writing more.
 */

/**
 * A connected byte pipe. After close, `end`/`destroy`/`drain` do nothing and `write` throws a
 * typed error (`TRANSPORT_CLOSED` or similar): bytes must never vanish silently.
 */
export interface Transport extends AsyncIterable<Uint8Array> {
  /** What carries the bytes, for logs and stats: `tcp`, `tls`, `http`, `https`, ... */
  readonly kind: string;
  /**
   * Queues bytes for sending. The caller must not modify `bytes` afterwards. Returns false when
   * the internal queue is above its high-water mark: await {@link drain} before writing more.
   */
  write(bytes: Uint8Array): boolean;
  /**
   * Optional: bytes given to {@link write} that the transport still holds (queued or being
   * sent). Writes complete in order, so these are always the most recently written bytes, and
   * a buffer written earlier than the last `pendingWriteBytes` bytes may be reused. Omitted by
   * transports that cannot tell; writers then never reuse what they wrote.
   */
  readonly pendingWriteBytes?: number;
  /**
   * Optional: turns reuse of read buffers on or off. With reuse on, a chunk the iterator yields
   * is valid only until the consumer asks for the next chunk (or ends the iteration), so the
   * transport can read into the same memory again. Takes effect from the next read; chunks
   * already queued stay valid. Returns false when the transport cannot (then chunks stay stable).
   */
  setReadBufferReuse?(enabled: boolean): boolean;
  /** Resolves when the write queue is below its high-water mark (at once if it already is). */
  drain(): Promise<void>;
  /** Flushes what is queued, then closes gracefully. */
  end(): Promise<void>;
  /** Closes at once, discarding queued bytes; `reason` becomes the iterator's error if given. */
  destroy(reason?: unknown): void;
  /** Settles when the transport has fully closed and released every resource (never rejects). */
  readonly closed: Promise<void>;
}

/** Where a transport connects to, after URL resolution. */
export interface TransportTarget {
  host: string;
  port: number;
}

/** A monotonic millisecond clock, injected into sans-IO cores instead of `Date.now()`. */
export type Clock = () => number;

/** Fills `target` with random bytes; injected into sans-IO cores instead of `crypto`. */
export type RandomSource = (target: Uint8Array) => void;
