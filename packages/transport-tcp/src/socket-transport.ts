/**
 * SocketTransport: the {@link Transport} contract (@rtmp/core) over a connected Node socket — TCP or
 * TLS (protocol.md §7 intro: RTMP and RTMPS are plain byte pipes; librtmp `RTMPSockBuf_Fill` /
 * `RTMPSockBuf_Send` / `WriteN`, whose `timeout=` becomes our idle timeout).
 *
 * Reading is pull-based: socket chunks are queued as they come (no copy, no concat) and handed to
 * the async iterator; above `readHighWaterMark` queued bytes the socket is paused, so TCP flow
 * control slows the peer instead of memory growing. A plain TCP socket reads through Node's
 * `onread` into a {@link ReadBufferPool} (no stream machinery, no allocation by Node per read);
 * with {@link SocketTransport.setReadBufferReuse} its chunks come from a reused ring instead. Writing passes straight to the socket and
 * returns false above `writeHighWaterMark`. Clean EOF ends the iterator; a reset, idle timeout,
 * abort or TLS failure makes it throw a {@link TcpTransportError}.
 */
import type { Socket } from 'node:net';
import type { Transport } from '@rtmp/core';
import type { ReadBufferPool } from './read-buffer-pool.js';
import { TcpTransportError, TcpTransportErrorCode } from './tcp-transport-error.js';
import { toTransportError } from './to-transport-error.js';

/** Settings of a {@link SocketTransport}. @internal */
export interface SocketTransportSettings {
  kind: 'tcp' | 'tls';
  idleTimeout: number;
  readHighWaterMark: number;
  writeHighWaterMark: number;
  endTimeout: number;
  signal?: AbortSignal | undefined;
  /** The TCP socket under a TLS socket (for the EOF probe); default: the socket itself. */
  probe?: Socket | undefined;
  /** Bytes that arrived before the transport existed (after a SOCKS reply). */
  initial?: Uint8Array | null | undefined;
  /** Set when the socket was created with `onread` feeding this pool (plain TCP). */
  readPool?: ReadBufferPool | undefined;
  host: string;
  port: number;
}

type Waiter = { resolve: (result: IteratorResult<Uint8Array>) => void; reject: (error: unknown) => void };

const DONE: IteratorResult<Uint8Array> = { value: undefined, done: true };

/**
 * A connected TCP or TLS transport, returned by {@link connectTcp} and {@link connectTls}.
 *
 * Chunks yielded by the iterator are never reused by the transport, so a consumer may keep them —
 * unless it turned on {@link SocketTransport.setReadBufferReuse}. Breaking out of a `for await` loop destroys the transport (as with
 * Node streams); use `transport[Symbol.asyncIterator]().next()` to read piecemeal instead.
 */
export class SocketTransport implements Transport {
  /** `tcp` or `tls`. */
  readonly kind: 'tcp' | 'tls';
  /** Settles when the socket has closed and every timer and listener is gone (never rejects). */
  readonly closed: Promise<void>;

  private readonly socket: Socket;
  private readonly settings: SocketTransportSettings;
  private queue: Uint8Array[] = [];
  /** The read-pool region of each queued chunk (-1: stable memory), parallel to `queue`. */
  private regions: number[] = [];
  /** The region of the chunk the consumer holds now (released when it asks for the next one). */
  private lentRegion = -1;
  private readonly pool: ReadBufferPool | undefined;
  private head = 0;
  private queued = 0;
  private paused = false;
  private waiters: Waiter[] = [];
  /** The error the iterator throws next (cleared once thrown). */
  private failure: unknown = undefined;
  /** Why writes are refused: set on end/destroy/error/EOF. */
  private closeReason: unknown = undefined;
  private writable = true;
  private eof = false;
  private finished = false;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private endTimer: ReturnType<typeof setTimeout> | undefined;
  private drainWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private resolveClosed!: () => void;
  private readonly effectiveWriteMark: number;

  /** @internal Use {@link connectTcp} / {@link connectTls}. */
  constructor(socket: Socket, settings: SocketTransportSettings) {
    this.socket = socket;
    this.settings = settings;
    this.kind = settings.kind;
    this.effectiveWriteMark = Math.max(settings.writeHighWaterMark, socket.writableHighWaterMark);
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.pool = settings.readPool;
    if (settings.initial && settings.initial.length > 0) this.enqueue(settings.initial, -1);
    if (this.pool) for (const early of this.pool.attach(this.onPoolRead)) this.enqueue(early, -1);
    else socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('drain', this.onDrain);
    if (settings.probe && settings.probe !== socket) settings.probe.on('error', noop);
    settings.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.armIdle();
    if (this.queued < settings.readHighWaterMark) socket.resume();
    else this.pause();
    if (settings.signal?.aborted) this.onAbort();
    if (socket.destroyed) queueMicrotask(() => this.onClose());
  }

  /** Bytes received and not yet taken by the consumer. */
  get bufferedBytes(): number {
    return this.queued;
  }

  /** Bytes queued for sending and not yet handed to the kernel. */
  get pendingWriteBytes(): number {
    return this.socket.writableLength;
  }

  /** Bytes read from the network, as counted by the Node socket. */
  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  /** Bytes written to the network, as counted by the Node socket. */
  get bytesWritten(): number {
    return this.socket.bytesWritten;
  }

  /** The peer's address and port (the proxy's when tunnelled). */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /** The peer's port (the proxy's when tunnelled). */
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  /** Our side's address and port. */
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  /** Our side's port. */
  get localPort(): number | undefined {
    return this.socket.localPort;
  }

  /**
   * Turns reuse of read buffers on or off (plain TCP only; TLS and SOCKS-tunnelled sockets read
   * through Node streams and return false). With reuse on, reads land in a fixed 1 MiB ring and a
   * chunk the iterator yields is valid only until the consumer asks for the next chunk (or ends
   * the iteration): no allocation and no page faults per read, for consumers that process each
   * chunk before pulling the next (`@rtmp/client` does this while a play is consumed with
   * `consume()`). Takes effect from the next read; chunks already queued stay valid.
   * @returns whether this transport supports it.
   */
  setReadBufferReuse(enabled: boolean): boolean {
    if (!this.pool) return false;
    this.pool.setReuse(enabled);
    if (!enabled) {
      // Queued chunks read into the ring become stable copies, as the new mode promises.
      for (let i = this.head; i < this.queue.length; i++) {
        const region = this.regions[i] as number;
        if (region < 0) continue;
        this.queue[i] = Buffer.from(this.queue[i] as Uint8Array); // a copy (Buffer#slice is a view)
        this.regions[i] = -1;
        this.pool.release(region);
      }
      this.updateFlow();
    }
    return true;
  }

  /**
   * Queues bytes for sending; returns false above the write high-water mark (then await
   * {@link drain}). The caller must not modify `bytes` afterwards.
   * @throws {TcpTransportError} TRANSPORT_CLOSED — after end(), destroy(), an error or the
   * peer's close; `cause` is the error that closed it, if any.
   */
  write(bytes: Uint8Array): boolean {
    if (!this.writable) {
      throw new TcpTransportError(TcpTransportErrorCode.Closed, `write to a closed ${this.kind} transport`, {
        cause: this.closeReason,
        details: { host: this.settings.host, port: this.settings.port },
      });
    }
    this.socket.write(bytes);
    return this.socket.writableLength < this.effectiveWriteMark;
  }

  /**
   * Resolves when the send queue is below the high-water mark (at once when it is, or when the
   * transport was closed cleanly by us). Rejects with the closing error when the transport fails
   * while waiting.
   */
  drain(): Promise<void> {
    if (this.socket.writableLength < this.effectiveWriteMark || this.finished) return Promise.resolve();
    if (!this.writable)
      return this.closeReason === undefined ? Promise.resolve() : Promise.reject(this.closeReason);
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  /**
   * Sends what is queued, then a FIN; resolves when the socket has closed. If the peer does not
   * close its side within `endTimeout` ms the socket is destroyed. The iterator still yields what
   * the peer sends until then.
   */
  end(): Promise<void> {
    if (this.writable && !this.finished) {
      this.writable = false;
      this.socket.end();
      if (this.settings.endTimeout > 0) {
        this.endTimer = setTimeout(() => this.socket.destroy(), this.settings.endTimeout);
      } else this.socket.destroy();
    }
    return this.closed;
  }

  /** Closes at once, dropping queued bytes both ways; `reason`, if given, becomes the iterator's error. */
  destroy(reason?: unknown): void {
    if (this.finished) return;
    if (reason !== undefined) this.fail(reason);
    this.writable = false;
    this.socket.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.next(),
      return: () => {
        this.releaseLent();
        this.destroy();
        return Promise.resolve(DONE);
      },
    };
  }

  private next(): Promise<IteratorResult<Uint8Array>> {
    this.releaseLent();
    if (this.head < this.queue.length) return Promise.resolve({ value: this.dequeue(), done: false });
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      this.eof = true;
      return Promise.reject(error);
    }
    if (this.eof || this.finished) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private dequeue(): Uint8Array {
    const chunk = this.queue[this.head] as Uint8Array;
    this.lentRegion = this.regions[this.head] as number;
    this.queue[this.head++] = EMPTY;
    this.queued -= chunk.length;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.regions.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.regions = this.regions.slice(this.head);
      this.head = 0;
    }
    this.updateFlow();
    return chunk;
  }

  private enqueue(chunk: Uint8Array, region: number): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.lentRegion = region;
      waiter.resolve({ value: chunk, done: false });
      return;
    }
    this.queue.push(chunk);
    this.regions.push(region);
    this.queued += chunk.length;
    this.updateFlow();
  }

  /** The consumer is done with the chunk it was given last: its ring region may be read into. */
  private releaseLent(): void {
    if (this.lentRegion < 0) return;
    this.pool?.release(this.lentRegion);
    this.lentRegion = -1;
    this.updateFlow();
  }

  /** Pauses reading above the high-water mark or when the read ring is full; resumes otherwise. */
  private updateFlow(): void {
    const full = this.queued >= this.settings.readHighWaterMark || this.pool?.exhausted === true;
    if (full && !this.paused) this.pause();
    else if (!full && this.paused) this.resume();
  }

  private pause(): void {
    this.paused = true;
    this.socket.pause();
    this.clearIdle();
  }

  private resume(): void {
    this.paused = false;
    if (this.finished) return;
    this.socket.resume();
    this.armIdle();
  }

  private armIdle(): void {
    if (this.settings.idleTimeout <= 0 || this.eof || this.finished) return;
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(this.onIdle, this.settings.idleTimeout);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Records a terminal error for the iterator and for later writes (the first one wins). */
  private fail(error: unknown): void {
    this.closeReason ??= error;
    if (this.eof || this.failure !== undefined) return;
    const waiters = this.waiters;
    if (waiters.length > 0 && this.head === this.queue.length) {
      this.waiters = [];
      this.eof = true;
      for (const waiter of waiters) waiter.reject(error);
    } else this.failure = error;
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
  }

  private readonly onData = (chunk: Uint8Array): void => {
    if (this.idleTimer) this.idleTimer.refresh();
    this.enqueue(chunk, -1);
  };

  /** A read through the pool (`onread`); false makes Node stop reading until resume(). */
  private readonly onPoolRead = (chunk: Uint8Array, region: number): boolean => {
    if (this.idleTimer) this.idleTimer.refresh();
    this.enqueue(chunk, region);
    return !this.paused;
  };

  private readonly onEnd = (): void => {
    this.clearIdle();
    if (this.eof || this.failure !== undefined) return;
    // A RST that arrives while reading is paused reaches us as a plain EOF (Linux checks
    // SOCK_DONE before the pending error on read); a zero-length write still reports it
    // (ECONNRESET/EPIPE) and puts nothing on the wire. Not needed after our own end().
    const probe = this.settings.probe ?? this.socket;
    if (this.writable && probe.writable && !probe.writableEnded && !probe.destroyed) {
      probe.write(EMPTY, (error) => {
        if (error) this.onError(error);
        else this.onCleanEof();
      });
    } else this.onCleanEof();
  };

  /** The peer closed its side cleanly: end the iterator, then close ours (RTMP never half-closes). */
  private onCleanEof(): void {
    if (this.eof || this.failure !== undefined) return;
    this.eof = true;
    this.writable = false;
    this.closeReason ??= new TcpTransportError(
      TcpTransportErrorCode.Closed,
      'the peer closed the connection',
    );
    for (const waiter of this.waiters.splice(0)) waiter.resolve(DONE);
    if (!this.socket.writableEnded) this.socket.end();
  }

  private readonly onError = (error: Error): void => {
    this.fail(
      toTransportError(error, { host: this.settings.host, port: this.settings.port, phase: 'transfer' }),
    );
  };

  private readonly onIdle = (): void => {
    this.idleTimer = undefined;
    const { idleTimeout, host, port } = this.settings;
    this.destroy(
      new TcpTransportError(
        TcpTransportErrorCode.IdleTimeout,
        `no data from ${host}:${port} for ${idleTimeout} ms`,
        {
          details: { host, port, idleTimeout },
        },
      ),
    );
  };

  private readonly onAbort = (): void => {
    const signal = this.settings.signal as AbortSignal;
    this.destroy(
      new TcpTransportError(TcpTransportErrorCode.Aborted, 'the transport was aborted', {
        cause: signal.reason,
      }),
    );
  };

  private readonly onDrain = (): void => {
    if (this.socket.writableLength >= this.effectiveWriteMark) return;
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  };

  private readonly onClose = (): void => {
    if (this.finished) return;
    this.finished = true;
    this.writable = false;
    this.clearIdle();
    if (this.endTimer) clearTimeout(this.endTimer);
    this.endTimer = undefined;
    const { socket } = this;
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('close', this.onClose);
    socket.off('drain', this.onDrain);
    // Keep a no-op error listener: a late error must not become an uncaught exception.
    socket.off('error', this.onError);
    socket.on('error', noop);
    this.settings.signal?.removeEventListener('abort', this.onAbort);
    if (!this.eof && this.failure === undefined) {
      // Closed without EOF and without an error: destroyed by us without a reason.
      this.eof = true;
    }
    for (const waiter of this.waiters.splice(0)) waiter.resolve(DONE);
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
    this.resolveClosed();
  };
}

const EMPTY = new Uint8Array(0);

function noop(): void {}
