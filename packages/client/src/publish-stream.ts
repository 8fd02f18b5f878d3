/**
 * PublishStream: a publishing NetStream — a sink for media messages, FLV tags or a whole FLV
 * file (librtmp `RTMP_Write`; FFmpeg's flv-to-RTMP path; protocol.md §5.4 "Publish"). Writes
 * respect the transport's backpressure; `publishFlv` can pace by timestamps like `ffmpeg -re`.
 * Messages are chunked into reused send buffers ({@link PublishBatch}); `publishFlv` sends a
 * buffer when it is full and before every wait, `write` after each tag.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { FlvDemuxer, onMetaDataBody } from '@rtmp/flv';
import type { ClientSession } from '@rtmp/session';
import { ClientErrorCode, RtmpClientError } from './client-error.js';
import { PublishBatch } from './publish-batch.js';
import type { RtmpConnection } from './rtmp-connection.js';

/** One FLV tag or media message to publish. */
export interface MediaTag {
  /** 8 audio, 9 video, 18 data (script). */
  type: number;
  /** Timestamp in ms. */
  timestamp: number;
  /** The tag body (copied into chunks at once; may be reused after the call returns). */
  data: Uint8Array;
}

/** Options of {@link PublishStream.publishFlv}. */
export interface PublishFlvOptions {
  /** Pace tags by their timestamps, as `ffmpeg -re` (default false: as fast as the server takes them). */
  realtime?: boolean | undefined;
  /** Stops publishing (the promise rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
  /** Added to every timestamp (used when looping). */
  timestampOffset?: number | undefined;
  /** Called after each tag (progress displays). */
  onTag?: ((tag: MediaTag) => void) | undefined;
}

/** Counters of a publish. */
export interface PublishStats {
  tags: number;
  bytes: number;
  lastTimestamp: number;
}

/** A publishing stream. */
export class PublishStream {
  /** The NetStream id the server gave. */
  streamId: number | undefined;
  readonly stats: PublishStats = { tags: 0, bytes: 0, lastTimestamp: 0 };
  private failure: unknown = undefined;
  private ended = false;
  private readonly batch: PublishBatch;

  /** @internal Created by RtmpConnection.publish(). */
  constructor(
    private readonly connection: RtmpConnection,
    private readonly session: ClientSession,
    readonly handle: number,
    readonly name: string,
  ) {
    this.batch = new PublishBatch(connection, session, handle);
  }

  /**
   * Sends one audio/video/data message; resolves when the transport can take more.
   * `@setDataFrame` is added to onMetaData data tags, as publishers send them.
   * @throws {RtmpError} CLIENT_CLOSED (the stream ended or the connection closed) /
   *   CLIENT_PUBLISH_FAILED (the server failed the stream) / CHUNK_MESSAGE_TOO_LARGE
   */
  async write(tag: MediaTag): Promise<void> {
    if (!this.writeSync(tag)) await this.connection.drain();
  }

  /**
   * Sends one tag without waiting; returns false when the caller should `await drain()` first.
   * @throws as {@link PublishStream.write}
   */
  writeSync(tag: MediaTag): boolean {
    // Not added only when a batch (from an onTag caller) was written and asked for a drain: the
    // tag then goes out anyway, as this method always did, and the caller drains after.
    const added = this.add(tag);
    if (!added) this.add(tag);
    return this.batch.flush() && added;
  }

  /**
   * Encodes one tag into the send batch. False when the batch had to be written first and the
   * transport asked for a drain: the tag was not added; `await drain()` and add it again.
   */
  private add(tag: MediaTag): boolean {
    this.assertWritable();
    const added =
      tag.type === 18 && onMetaDataBody(tag.data)
        ? this.batch.add(18, tag.timestamp, withSetDataFrame(tag.data))
        : this.batch.add(tag.type, tag.timestamp, tag.data);
    if (!added) return false;
    this.stats.tags++;
    this.stats.bytes += tag.data.length;
    this.stats.lastTimestamp = tag.timestamp;
    return true;
  }

  /** Resolves when the transport can take more bytes. */
  drain(): Promise<void> {
    return this.connection.drain();
  }

  /**
   * Sends `@setDataFrame("onMetaData", metadata)`.
   * @throws as {@link PublishStream.write}
   */
  async writeMetadata(metadata: Amf0Value): Promise<void> {
    this.assertWritable();
    // Batched tags first (a call from an onTag callback): chunk headers follow the wire order.
    const flushed = this.batch.flush();
    if (!this.connection.writeBytes(this.session.encodeMetadata(this.handle, metadata)) || !flushed)
      await this.connection.drain();
  }

  /**
   * Publishes an FLV file given as byte chunks (a Node Readable, a web stream reader loop, ...).
   * Resolves with the last timestamp written.
   *
   * Each chunk is used up (its tags chunked into the send buffers, which copies them) before the
   * next one is pulled, so the source may read every chunk into the same buffer. Tags are sent
   * in batches: when a send buffer is full, before pacing waits (`realtime`) and before the next
   * chunk is pulled, so nothing waits in a buffer while the source does.
   * @throws {RtmpError} FLV_* — a corrupt file; CLIENT_* / SESSION_* — the connection failed.
   */
  async publishFlv(source: AsyncIterable<Uint8Array>, options: PublishFlvOptions = {}): Promise<number> {
    const demuxer = new FlvDemuxer();
    const offset = options.timestampOffset ?? 0;
    let clockStart: number | undefined;
    let firstTimestamp = 0;
    let last = offset;
    try {
      for await (const chunk of source) {
        for (const tag of demuxer.push(chunk)) {
          options.signal?.throwIfAborted();
          const timestamp = (tag.timestamp + offset) >>> 0;
          if (options.realtime && (tag.type === 8 || tag.type === 9)) {
            if (clockStart === undefined) {
              clockStart = performance.now();
              firstTimestamp = tag.timestamp;
            }
            const due = clockStart + (tag.timestamp - firstTimestamp) - performance.now();
            if (due > 1) {
              if (!this.batch.flush()) await this.connection.drain();
              await sleep(due, options.signal);
            }
          }
          const media = { type: tag.type, timestamp, data: tag.data };
          while (!this.add(media)) await this.connection.drain();
          options.onTag?.(media);
          last = timestamp;
        }
        if (!this.batch.flush()) await this.connection.drain();
      }
    } finally {
      // On failure too: what was encoded goes out, so the chunk streams' header state matches
      // the wire for whatever is written next.
      if (this.batch.pendingBytes > 0) {
        try {
          this.batch.flush();
        } catch {
          // The connection is gone; the error in flight says why.
        }
      }
    }
    demuxer.end();
    return last;
  }

  /** Ends publishing: FCUnpublish, closeStream, deleteStream (the connection stays open). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    // Tags batched by a publishFlv this was called from (onTag) go before FCUnpublish.
    if (this.batch.pendingBytes > 0 && !this.connection.closed) this.batch.flush();
    this.connection.releaseStream(this.handle);
    await this.connection.drain();
  }

  private assertWritable(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) throw new RtmpClientError(ClientErrorCode.Closed, `publish ${this.name} has ended`);
  }

  /** @internal The connection failed or the server refused. */
  fail(error: unknown): void {
    this.failure ??= error;
  }
}

const SET_DATA_FRAME = Uint8Array.from([
  0x02,
  0x00,
  0x0d,
  ...Array.from('@setDataFrame', (c) => c.charCodeAt(0)),
]);

function withSetDataFrame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(SET_DATA_FRAME.length + data.length);
  out.set(SET_DATA_FRAME);
  out.set(data, SET_DATA_FRAME.length);
  return out;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
