/**
 * The option and result types of RtmpConnection, and how play options and the URL's parameters
 * (librtmp `--live`, `--start`, `--stop`, `--buffer`, `--subscribe`, `--playlist`) become the
 * session's play request (protocol.md §5.3 `play` arguments).
 */
import type { PlayRequest, PublishRequest } from '@rtmp/session';
import type { RtmpConnectionParams } from './url/rtmp-connection-params.js';

/** Byte and message counters of a connection. */
export interface ConnectionStats {
  bytesReceived: number;
  bytesSent: number;
  /** ms since the connection was created. */
  elapsedMs: number;
  /** Average received bits per second since the start. */
  receiveBitrate: number;
}

/** Options a PlayStream request takes besides the session's {@link PlayRequest}. */
export interface PlayOptions extends Partial<PlayRequest> {
  /** End the stream at this media timestamp, ms (librtmp `--stop`). */
  stop?: number | undefined;
  /** Live stream: start −1000 and FCSubscribe, as librtmp `--live`. */
  live?: boolean | undefined;
  /**
   * End the stream on StreamEOF (default: for live plays). A live publisher leaving gives only
   * StreamEOF on nginx-rtmp; VOD servers follow StreamEOF with Play.Stop/Complete.
   */
  endOnStreamEof?: boolean | undefined;
  /** Events queued before the read pump waits for the consumer (default 1024). */
  highWaterMark?: number | undefined;
  /** Aborts this play (closes the stream). */
  signal?: AbortSignal | undefined;
}

/** Options of {@link RtmpConnection.publish}. */
export interface PublishOptions extends Partial<PublishRequest> {
  signal?: AbortSignal | undefined;
}

/** The session play request for `name`, from the options first and the URL's parameters second. */
export function playRequestFor(
  params: RtmpConnectionParams,
  name: string,
  options: PlayOptions,
): { request: PlayRequest; live: boolean; stop: number | undefined } {
  const live = options.live ?? params.live;
  const stop = options.stop ?? (params.stop > 0 ? params.stop : undefined);
  const start = options.start ?? (live ? -1000 : Math.max(params.start, 0));
  const request: PlayRequest = {
    name,
    start,
    bufferMs: options.bufferMs ?? params.buffer,
    subscribe: options.subscribe ?? params.subscribe ?? live,
    playlist: options.playlist ?? params.playlist,
    ...(options.duration !== undefined
      ? { duration: options.duration }
      : stop !== undefined && start >= 0
        ? { duration: stop - start }
        : {}),
    ...(options.reset !== undefined ? { reset: options.reset } : {}),
  };
  return { request, live, stop };
}
