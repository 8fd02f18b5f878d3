/**
 * PublishStream: a publishing NetStream — a sink for media messages, FLV tags or a whole FLV
 * file (librtmp `RTMP_Write`; FFmpeg's flv-to-RTMP path; protocol.md §5.4 "Publish"). Writes
 * respect the transport's backpressure; `publishFlv` can pace by timestamps like `ffmpeg -re`.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { FlvDemuxer, onMetaDataBody } from '@rtmp/flv';
import type { ClientSession } from '@rtmp/session';
import { ClientErrorCode, RtmpClientError } from './client-error.js';
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

  /** @internal Created by RtmpConnection.publish(). */
  constructor(
    private readonly connection: RtmpConnection,
    private readonly session: ClientSession,
    readonly handle: number,
    readonly name: string,
  ) {}

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
    this.assertWritable();
    const bytes =
      tag.type === 18 && onMetaDataBody(tag.data)
        ? this.session.encodeMedia(this.handle, 18, tag.timestamp, withSetDataFrame(tag.data))
        : this.session.encodeMedia(this.handle, tag.type, tag.timestamp, tag.data);
    this.stats.tags++;
    this.stats.bytes += tag.data.length;
    this.stats.lastTimestamp = tag.timestamp;
    return this.connection.writeBytes(bytes);
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
    if (!this.connection.writeBytes(this.session.encodeMetadata(this.handle, metadata)))
      await this.connection.drain();
  }

  /**
   * Publishes an FLV file given as byte chunks (a Node Readable, a web stream reader loop, ...).
   * Resolves with the last timestamp written.
   * @throws {RtmpError} FLV_* — a corrupt file; CLIENT_* / SESSION_* — the connection failed.
   */
  async publishFlv(source: AsyncIterable<Uint8Array>, options: PublishFlvOptions = {}): Promise<number> {
    const demuxer = new FlvDemuxer();
    const offset = options.timestampOffset ?? 0;
    let clockStart: number | undefined;
    let firstTimestamp = 0;
    let last = offset;
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
          if (due > 1) await sleep(due, options.signal);
        }
        const media = { type: tag.type, timestamp, data: tag.data };
        if (!this.writeSync(media)) await this.connection.drain();
        options.onTag?.(media);
        last = timestamp;
      }
    }
    demuxer.end();
    return last;
  }

  /** Ends publishing: FCUnpublish, closeStream, deleteStream (the connection stays open). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
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
