/**
 * PlayStream: a playing NetStream as an async iterable of typed media/data events, as a callback
 * consumer with zero-copy payloads (`consume`), and as FLV bytes (a Node Readable or a WHATWG
 * ReadableStream) written exactly as rtmpdump writes them.
 */
import { Readable } from 'node:stream';
import type { StatusInfo } from '@rtmp/commands';
import { FlvMuxer, type FlvMuxerOptions } from '@rtmp/flv';
import type {
  AudioEvent,
  DataEvent,
  MetadataEvent,
  StatusEvent,
  StreamControlEvent,
  VideoEvent,
} from '@rtmp/session';
import { ClientErrorCode, RtmpClientError } from './client-error.js';
import { EventQueue } from './event-queue.js';
import type { RtmpConnection } from './rtmp-connection.js';

/** What a play stream yields. Payloads are views: copy them to keep them past the next item. */
export type PlayEvent =
  | AudioEvent
  | VideoEvent
  | MetadataEvent
  | DataEvent
  | StatusEvent
  | StreamControlEvent;

/** Why a play stream ended cleanly. */
export interface PlayEnd {
  /** The server's closing status (Play.Stop, Play.Complete, UnpublishNotify), if any. */
  status: StatusInfo | undefined;
  /** True when the `stop` timestamp was reached. */
  stopReached: boolean;
  /** True when a live stream ended with StreamEOF (its publisher left; nginx-rtmp sends no status). */
  streamEof: boolean;
}

/** What {@link PlayStream.consume} calls for each event; a returned promise is backpressure. */
export type PlayEventHandler = (event: PlayEvent) => void | Promise<void>;

/**
 * A playing stream. Use it one way, once: iterate it (events), `consume()` it (events through a
 * callback, zero-copy), or call `flv()`/`webStream()` (FLV bytes).
 */
export class PlayStream implements AsyncIterable<PlayEvent> {
  /** The NetStream id the server gave. */
  streamId: number | undefined;
  /** When the last media message arrived (performance.now()). */
  lastMediaAt = performance.now();
  /** Media messages received so far. */
  mediaMessages = 0;
  /** Timestamp of the last media message. */
  lastTimestamp = 0;
  /** Set once the stream ended cleanly. */
  end: PlayEnd | undefined;
  private readonly queue: EventQueue<PlayEvent>;
  private readonly stop: number | undefined;
  private readonly endOnStreamEof: boolean;
  private released = false;
  private mode: 'none' | 'iterate' | 'consume' = 'none';
  private handler: PlayEventHandler | null = null;
  /** The handler's pending promise (consume mode backpressure). */
  private pending: Promise<void> | null = null;
  private consumed: { resolve: (end: PlayEnd) => void; reject: (error: unknown) => void } | null = null;
  private failure: unknown = undefined;

  /** @internal Created by RtmpConnection.play(). */
  constructor(
    private readonly connection: RtmpConnection,
    readonly handle: number,
    readonly name: string,
    options: { highWaterMark: number; stop: number | undefined; endOnStreamEof: boolean },
  ) {
    this.queue = new EventQueue({ highWaterMark: options.highWaterMark });
    this.stop = options.stop;
    this.endOnStreamEof = options.endOnStreamEof;
  }

  /** @internal True once play started (media deadlines apply). */
  get started(): boolean {
    return this.streamId !== undefined && !this.queue.closed;
  }

  /** @internal Backpressure for the read pump. */
  get queueFull(): boolean {
    return this.handler !== null ? this.pending !== null : this.queue.full;
  }

  /** @internal */
  whenWritable(): Promise<void> {
    if (this.handler !== null) return this.pending ?? Promise.resolve();
    return this.queue.whenWritable();
  }

  /** @internal True while consumed with a callback (its payloads may be transient). */
  get consuming(): boolean {
    return this.handler !== null;
  }

  /** @internal Adds an event from the session. */
  push(event: PlayEvent): void {
    if (event.type === 'audio' || event.type === 'video') {
      if (this.stop !== undefined && event.timestamp >= this.stop) {
        this.finish(undefined, true);
        return;
      }
      this.mediaMessages++;
      this.lastTimestamp = event.timestamp;
      this.lastMediaAt = this.connection.lastReceiveAt;
    }
    if (this.handler !== null) {
      // After close/stop/Play.Stop the rest of the read is not the consumer's (as with the iterator).
      if (!this.queue.closed) this.deliver(event);
    } else this.queue.push(event);
    if (event.type === 'stream-control' && event.event === 'stream-eof' && this.endOnStreamEof)
      this.finish(undefined, false, true);
  }

  /** @internal The stream ended cleanly. */
  finish(status: StatusInfo | undefined, stopReached = false, streamEof = false): void {
    if (this.queue.closed) return;
    this.end = { status, stopReached, streamEof };
    this.queue.end();
    this.release();
    this.settle();
  }

  /** @internal The stream failed. */
  fail(error: unknown): void {
    if (!this.queue.closed) this.failure = error;
    this.queue.fail(error);
    this.release();
    this.settle();
  }

  /** Pauses delivery at the current position (NetStream.Pause.Notify follows). */
  pause(): void {
    this.connection.sessionCall((s) => s.pause(this.handle, true, this.lastTimestamp));
  }

  /** Resumes after pause(). */
  resume(): void {
    this.connection.sessionCall((s) => s.pause(this.handle, false, this.lastTimestamp));
  }

  /** Seeks to `positionMs` (NetStream.Seek.Notify follows, then media from there). */
  seek(positionMs: number): void {
    this.connection.sessionCall((s) => s.seek(this.handle, positionMs));
  }

  /** Stops playing (deleteStream); the iterator ends. */
  close(): void {
    this.finish(undefined);
  }

  /**
   * Consumes the stream with a callback: the fastest way to record, relay or inspect a stream.
   * `onEvent` runs synchronously while the received bytes are decoded, with no queue and no
   * allocation per message. Its payloads are views into buffers the connection reuses (socket
   * reads and chunk reassembly, while every play on the connection is consumed this way): they
   * are valid only until `onEvent` returns, so copy what you keep (`payload.slice()`). Listeners
   * of the connection's `event` event see the same transient payloads meanwhile.
   *
   * Returning a promise applies backpressure: reading stops after the current socket read until
   * it settles (a rejection fails the stream with its reason). An exception thrown by `onEvent`
   * fails the connection with it. Events queued before the call are delivered first.
   * Resolves with how the stream ended; rejects with the error that failed it (the same errors
   * as the iterator).
   * @throws {RtmpClientError} CLIENT_INVALID_ARGUMENT — the stream is already iterated or consumed.
   */
  consume(onEvent: PlayEventHandler): Promise<PlayEnd> {
    this.claim('consume');
    return new Promise<PlayEnd>((resolve, reject) => {
      this.consumed = { resolve, reject };
      // Hand over what was queued before, then switch: later events skip the queue.
      try {
        for (let item = this.queue.takeQueued(); item !== undefined; item = this.queue.takeQueued()) {
          this.deliver(item, onEvent);
        }
      } catch (error) {
        // As a throw during a receive: the connection fails with it (and so this play).
        this.failure ??= error;
        this.connection.destroy(error);
        this.fail(error);
        return;
      }
      if (this.queue.closed) {
        this.settle();
        return;
      }
      this.handler = onEvent;
      this.connection.updateTransientMode();
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<PlayEvent> {
    this.claim('iterate');
    const inner = this.queue[Symbol.asyncIterator]();
    return {
      next: () => inner.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  /**
   * The stream as FLV file bytes, as rtmpdump writes them (header flags from the media seen,
   * onMetaData first, other data messages dropped unless `dataMessages: 'all'`).
   */
  flv(options: FlvMuxerOptions = {}): Readable {
    const muxer = new FlvMuxer(options);
    const source = this;
    async function* bytes(): AsyncGenerator<Uint8Array> {
      for await (const event of source) {
        if (event.type === 'status' || event.type === 'stream-control') continue;
        const typeId = event.type === 'audio' ? 8 : event.type === 'video' ? 9 : 18;
        for (const chunk of muxer.write({ typeId, timestamp: event.timestamp, payload: event.payload }))
          yield ownChunk(chunk, event.payload);
      }
      for (const chunk of muxer.end()) yield ownChunk(chunk, undefined);
    }
    // No read-ahead: a Readable destroyed by an error drops what it buffered, and on a failed
    // stream those are the last whole tags (found by tools/hostile onstatus-error-mid-play).
    return Readable.from(bytes(), { objectMode: false, highWaterMark: 0 });
  }

  /** The stream as FLV bytes in a WHATWG ReadableStream. */
  webStream(options: FlvMuxerOptions = {}): ReadableStream<Uint8Array> {
    return Readable.toWeb(this.flv(options)) as unknown as ReadableStream<Uint8Array>;
  }

  private claim(mode: 'iterate' | 'consume'): void {
    if (this.mode !== 'none')
      throw new RtmpClientError(
        ClientErrorCode.InvalidArgument,
        `play ${this.name} is already ${this.mode === 'consume' ? 'consumed' : 'iterated'}: use one way of reading it, once`,
      );
    this.mode = mode;
  }

  /** Calls the consume handler; a returned promise holds the pump until it settles. */
  private deliver(event: PlayEvent, handler = this.handler as PlayEventHandler): void {
    const result = handler(event);
    if (result === undefined || typeof (result as Promise<void>).then !== 'function') return;
    const settled = Promise.resolve(result).then(undefined, (error: unknown) => {
      this.failure ??= error;
      this.fail(error);
    });
    // Every promise the handler returned holds the pump, not only the last one.
    const previous = this.pending;
    const all = previous === null ? settled : Promise.all([previous, settled]);
    const pending: Promise<void> = all.then(() => {
      if (this.pending === pending) this.pending = null;
    });
    this.pending = pending;
  }

  /** Settles consume()'s promise once the stream ended or failed. */
  private settle(): void {
    const consumed = this.consumed;
    if (consumed === null || !this.queue.closed) return;
    // The handler's last promise settles first (it never rejects: see deliver()).
    if (this.pending !== null) {
      void this.pending.then(() => this.settle());
      return;
    }
    this.consumed = null;
    this.handler = null;
    if (this.end !== undefined && this.failure === undefined) consumed.resolve(this.end);
    else
      consumed.reject(this.failure ?? new RtmpClientError(ClientErrorCode.Closed, `play ${this.name} ended`));
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.connection.releaseStream(this.handle);
  }
}

/** Muxer header/trailer chunks are views into a scratch buffer: copy those (15 bytes), not payloads. */
function ownChunk(chunk: Uint8Array, payload: Uint8Array | undefined): Uint8Array {
  return chunk === payload ? chunk : chunk.slice();
}
