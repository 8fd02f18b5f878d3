/**
 * HttpTransport: the RTMPT client tunnel (protocol.md §7) as a {@link Transport}. One request
 * at a time, like librtmp: queued writes go out as one `/send/<id>/<seq>` POST (batched),
 * otherwise `/idle/<id>/<seq>` polls paced by a {@link PollScheduler} (none before the first
 * send: the RTMP client speaks first, as librtmp and FFmpeg do). Each reply starts with the
 * interval byte, followed by RTMP bytes which are streamed to the reader as they arrive.
 * `end()` flushes, then sends `/close/<id>/<seq>`.
 *
 * Chunks yielded by the async iterator are fresh arrays owned by the caller.
 */
import type { Transport } from '@rtmp/core';
import { HttpTransportError, HttpTransportErrorCode } from './http-transport-error.js';
import type { ResolvedHttpTransportOptions } from './http-transport-options.js';
import { PollScheduler } from './poll-scheduler.js';
import {
  checkResponse,
  type ExchangeContext,
  type ExchangeHandle,
  exchange,
  readSmallBody,
  streamBody,
} from './rtmpt-exchange.js';
import { type RtmptCommand, type RtmptEndpoint, rtmptCommandUrl } from './rtmpt-url.js';
import { SendBuffer } from './send-buffer.js';

const IDLE_BODY = new Uint8Array(1);

/** Counters of one transport. */
export interface HttpTransportStats {
  /** send/idle/close requests made. */
  requests: number;
  /** `/send` requests among them. */
  sends: number;
  /** RTMP bytes posted. */
  bytesSent: number;
  /** RTMP bytes received (interval bytes excluded). */
  bytesReceived: number;
}

/**
 * A connected RTMPT session. Create it with {@link connectHttpTransport}. The iterator ends
 * after `end()`, or throws the error that killed the session: an {@link HttpTransportError} with
 * TRANSPORT_HTTP_STATUS, _CONTENT_TYPE, _SESSION_CLOSED, _BAD_RESPONSE, _RESPONSE_TOO_LARGE,
 * _TIMEOUT, _ABORTED or _NETWORK, or the reason given to `destroy()`.
 */
export class HttpTransport implements Transport {
  /** `http` or `https`. */
  readonly kind: string;
  /** Settles when the session is over and no request or timer remains. Never rejects. */
  readonly closed: Promise<void>;
  /** Counters. */
  readonly stats: HttpTransportStats = { requests: 0, sends: 0, bytesSent: 0, bytesReceived: 0 };
  /** The pacing state (interval byte, empty streak). */
  readonly scheduler: PollScheduler;

  private state: 'open' | 'ending' | 'closed' = 'open';
  private destroyed = false;
  private lastInterval = -1;
  private seq = 0;
  private readonly out = new SendBuffer();
  private readonly queue: Uint8Array[] = [];
  private queueHead = 0;
  private queued = 0;
  private failure: unknown = undefined;
  private readerWake: (() => void) | null = null;
  private pumpWake: (() => void) | null = null;
  private drainWaiters: Array<() => void> = [];
  private inFlight: ExchangeHandle | null = null;
  private readonly ctx: ExchangeContext;
  private readonly ownSignalAbort: () => void;

  constructor(
    /** Where the tunnel goes. */
    readonly endpoint: RtmptEndpoint,
    /** The session id the server gave in its `/open/1` answer. */
    readonly sessionId: string,
    private readonly options: ResolvedHttpTransportOptions,
  ) {
    this.kind = endpoint.secure ? 'https' : 'http';
    this.scheduler = new PollScheduler({ clock: options.clock, ...options.poll });
    // The caller's signal destroys the transport; individual exchanges are aborted through
    // `inFlight`, so the close request after a destroy is not aborted with them.
    this.ctx = { fetch: options.fetch, timers: options.timers, headers: options.headers };
    this.ownSignalAbort = () =>
      this.destroy(
        new HttpTransportError(HttpTransportErrorCode.Aborted, 'RTMPT transport aborted by its signal', {
          cause: options.signal?.reason,
        }),
      );
    options.signal?.addEventListener('abort', this.ownSignalAbort, { once: true });
    this.closed = this.pump();
    if (options.signal?.aborted === true) this.ownSignalAbort();
  }

  /** The interval byte of the last reply (-1 before any). */
  get interval(): number {
    return this.lastInterval;
  }

  /** Queues bytes for the next `/send`. Returns false above `writeHighWaterMark`, or when closed. */
  write(bytes: Uint8Array): boolean {
    if (this.state !== 'open') return false;
    if (bytes.length > 0) {
      this.out.append(bytes);
      this.wakePump();
    }
    return this.out.length < this.options.writeHighWaterMark;
  }

  /** Resolves once the queued bytes are below the high-water mark, or the transport closed. */
  drain(): Promise<void> {
    if (this.out.length < this.options.writeHighWaterMark || this.state === 'closed')
      return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Sends what is queued, then `/close`; resolves when closed (never rejects). */
  end(): Promise<void> {
    if (this.state === 'open') {
      this.state = 'ending';
      this.wakePump();
    }
    return this.closed;
  }

  /** Closes at once: aborts the request in flight, drops queued bytes, then tells the server (best effort). */
  destroy(reason?: unknown): void {
    if (this.state === 'closed') return;
    if (reason !== undefined && this.failure === undefined) this.failure = reason;
    this.destroyed = true;
    this.state = 'closed';
    this.out.clear();
    this.inFlight?.abort();
    this.wakePump();
    this.wakeReader();
    this.wakeDrain();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.nextChunk(),
      return: async () => {
        this.destroy();
        return { done: true, value: undefined };
      },
    };
  }

  private async nextChunk(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      if (this.queueHead < this.queue.length) {
        const chunk = this.queue[this.queueHead] as Uint8Array;
        this.queue[this.queueHead++] = EMPTY;
        if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
          this.queue.splice(0, this.queueHead);
          this.queueHead = 0;
        }
        const wasFull = this.queued >= this.options.readHighWaterMark;
        this.queued -= chunk.length;
        if (wasFull && this.queued < this.options.readHighWaterMark) this.wakePump();
        return { done: false, value: chunk };
      }
      if (this.state === 'closed') {
        if (this.failure !== undefined) throw this.failure;
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => {
        this.readerWake = resolve;
      });
    }
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.state === 'closed') break;
        const sending = this.out.length > 0;
        if (!sending) {
          if (this.state === 'ending') break;
          // RTMP clients speak first (C0+C1): like librtmp and FFmpeg, no idle poll before the first send.
          const wait = this.queued >= this.options.readHighWaterMark || this.stats.sends === 0;
          const delay = wait ? Number.POSITIVE_INFINITY : this.scheduler.delayMs(false);
          if (delay > 0) {
            await this.sleep(delay);
            continue;
          }
        }
        await this.roundTrip(sending ? 'send' : 'idle');
      }
    } catch (error) {
      // After destroy() the abort of the request in flight is expected, not a failure.
      if (this.failure === undefined && !this.destroyed) this.failure = error;
    }
    const sessionGone = HttpTransportError.hasCode(this.failure, HttpTransportErrorCode.SessionClosed);
    this.state = 'closed';
    this.out.clear();
    this.wakeReader();
    this.wakeDrain();
    this.options.signal?.removeEventListener('abort', this.ownSignalAbort);
    if (!sessionGone) await this.sendClose();
  }

  private async roundTrip(command: 'send' | 'idle'): Promise<void> {
    const body = command === 'send' ? this.out.take(this.options.maxPostBytes) : IDLE_BODY;
    if (command === 'send') {
      this.stats.sends++;
      this.stats.bytesSent += body.length;
      if (this.out.length < this.options.writeHighWaterMark) this.wakeDrain();
    }
    const url = this.nextUrl(command);
    let interval = -1;
    let data = 0;
    try {
      await exchange(
        this.ctx,
        url,
        body,
        this.options.requestTimeoutMs,
        async (res) => {
          checkResponse(res, url, true, this.options.requireContentType);
          await streamBody(res, url, this.options.maxResponseBytes, (chunk) => {
            if (interval < 0) {
              interval = chunk[0] as number;
              this.lastInterval = interval;
              chunk = chunk.subarray(1);
              if (chunk.length === 0) return;
            }
            data += chunk.length;
            this.push(chunk);
          });
        },
        (handle) => {
          this.inFlight = handle;
        },
      );
    } finally {
      if (command === 'send') this.out.release();
    }
    if (interval < 0) {
      throw new HttpTransportError(
        HttpTransportErrorCode.BadResponse,
        `empty answer to ${url}: the interval byte is missing`,
        { details: { url } },
      );
    }
    this.scheduler.recordReply(interval, data);
  }

  private async sendClose(): Promise<void> {
    const url = this.nextUrl('close');
    try {
      await exchange(this.ctx, url, IDLE_BODY, this.options.closeTimeoutMs, (res) =>
        readSmallBody(res, url, this.options.maxResponseBytes),
      );
    } catch {
      // Best effort: the session is over for us whatever the server says.
    }
  }

  private nextUrl(command: RtmptCommand): string {
    this.stats.requests++;
    return rtmptCommandUrl(this.endpoint, command, this.sessionId, this.seq++);
  }

  private push(chunk: Uint8Array): void {
    if (this.state === 'closed') return;
    this.stats.bytesReceived += chunk.length;
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.wakeReader();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: unknown;
      const done = (): void => {
        if (timer !== undefined) this.options.timers.clearTimeout(timer);
        this.pumpWake = null;
        resolve();
      };
      this.pumpWake = done;
      if (Number.isFinite(ms)) timer = this.options.timers.setTimeout(done, ms);
    });
  }

  private wakePump(): void {
    this.pumpWake?.();
  }

  private wakeReader(): void {
    const wake = this.readerWake;
    this.readerWake = null;
    wake?.();
  }

  private wakeDrain(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

const EMPTY = new Uint8Array(0);
