/**
 * What a connection shares with its server (options, warnings, events, the live stream table),
 * and what one NetStream of a connection is used for (VOD play, live play, publish).
 */
import type { LiveStream, LiveSubscriber } from './live-stream.js';
import type { ResolvedServerOptions, StreamInfo } from './rtmp-server-options.js';
import type { VodPlayback } from './vod-playback.js';

/** What a connection needs from its server. */
export interface ServerContext {
  readonly options: ResolvedServerOptions;
  warn(code: string, message: string, connectionId: number | undefined, cause?: unknown): void;
  emitEvent(name: 'play' | 'publish' | 'unpublish', info: StreamInfo): void;
  /** The live stream for `app/name`, created on demand. */
  live(key: string): LiveStream;
  /** Forget a live stream when idle. */
  releaseLive(stream: LiveStream): void;
  /** The live stream when it exists and is published. */
  published(key: string): LiveStream | undefined;
}

/** A NetStream playing a file. */
export interface PlayingVod {
  kind: 'vod';
  playback: VodPlayback;
  info: StreamInfo;
}
/** A NetStream playing a live stream. */
export interface PlayingLive {
  kind: 'live';
  stream: LiveStream;
  subscriber: LiveSubscriber;
  info: StreamInfo;
}
/** A NetStream publishing. */
export interface Publishing {
  kind: 'publish';
  stream: LiveStream;
  info: StreamInfo;
}
/** What a NetStream is used for. */
export type StreamUse = PlayingVod | PlayingLive | Publishing;
