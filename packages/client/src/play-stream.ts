/**
 * PlayStream: a playing NetStream as an async iterable of typed media/data events, and as FLV
 * bytes (a Node Readable or a WHATWG ReadableStream) written exactly as rtmpdump writes them.
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

/** A playing stream. Iterate it once (events), or call `flv()`/`webStream()` once (FLV bytes). */
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
    return this.queue.full;
  }

  /** @internal */
  whenWritable(): Promise<void> {
    return this.queue.whenWritable();
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
      this.lastMediaAt = performance.now();
    }
    this.queue.push(event);
    if (event.type === 'stream-control' && event.event === 'stream-eof' && this.endOnStreamEof)
      this.finish(undefined, false, true);
  }

  /** @internal The stream ended cleanly. */
  finish(status: StatusInfo | undefined, stopReached = false, streamEof = false): void {
    if (this.queue.closed) return;
    this.end = { status, stopReached, streamEof };
    this.queue.end();
    this.release();
  }

  /** @internal The stream failed. */
  fail(error: unknown): void {
    this.queue.fail(error);
    this.release();
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

  [Symbol.asyncIterator](): AsyncIterator<PlayEvent> {
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
