/**
 * Options, hooks and event payloads of {@link RtmpServer} (see the README's options table).
 * Every limit has a safe default; hooks let tests refuse, delay or drop requests.
 */
import type { Amf0Value } from '@rtmp/amf0';
import type { ChunkDecoderOptions } from '@rtmp/chunk';
import type { ConnectParams } from '@rtmp/commands';
import type { HandshakeType } from '@rtmp/handshake';

/** What an app serves: VOD files from `root`, live relay, or both (the default). */
export type AppMode = 'vod' | 'live' | 'both';

/**
 * A hook's answer: `undefined`/`true` accepts, `false` or `{ reject }` refuses (with the
 * description and optionally the status code sent), `{ drop: true }` closes the connection
 * without an answer. A Promise delays the answer (the connection's input waits meanwhile).
 */
export type HookVerdict =
  | undefined
  | boolean
  | { reject: string; code?: string | undefined }
  | { drop: true };

/** What a hook may return. */
export type HookResult = HookVerdict | Promise<HookVerdict>;

/** Passed to `onConnect`. */
export interface ConnectInfo {
  connectionId: number;
  remoteAddress: string | undefined;
  app: string;
  params: ConnectParams;
  /** Arguments after the command object (auth pair, `conn=` items). */
  args: Amf0Value[];
}

/** Passed to `onPlay` and `onPublish`, and the payload of `play`/`publish`/`unpublish` events. */
export interface StreamInfo {
  connectionId: number;
  app: string;
  /** The name as sent (query arguments included). */
  name: string;
  streamId: number;
  /** play: the `start` argument as sent; publish: undefined. */
  start?: number | undefined;
  /** play: what serves it (decided after the hook). */
  kind?: 'vod' | 'live' | undefined;
}

/** Payload of the `'warning'` event. */
export interface ServerWarning {
  code: string;
  message: string;
  connectionId?: number | undefined;
  cause?: unknown;
}

/** Payload of `'connection'` and `'disconnect'`. */
export interface ConnectionInfo {
  connectionId: number;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
}

/** Options of {@link RtmpServer}. */
export interface RtmpServerOptions {
  /** VOD directory; without it every VOD play is StreamNotFound. */
  root?: string | undefined;
  /** App name → mode; apps not listed use `defaultAppMode`. */
  apps?: Readonly<Record<string, AppMode>> | undefined;
  /** Mode of apps not in `apps` (default `both`; `none` refuses connect with NetConnection.Connect.InvalidApp). */
  defaultAppMode?: AppMode | 'none' | undefined;
  /** Outgoing chunk size announced after connect (default 4096). */
  chunkSize?: number | undefined;
  /** Window Ack Size / Set Peer Bandwidth announced (default 2,500,000). */
  windowAckSize?: number | undefined;
  /** Handshake types accepted (default 3 plain/digest, 6/8/9 RTMPE). */
  handshakeTypes?: readonly HandshakeType[] | undefined;
  /**
   * Also start the RTMPT gateway (HTTP) in front of the TCP listener. `librtmpSafe`: see
   * `RtmptGatewayOptions.librtmpSafe` (for rtmpdump/librtmp clients on fast links).
   */
  rtmpt?:
    | { port?: number | undefined; host?: string | undefined; librtmpSafe?: boolean | undefined }
    | undefined;
  /** Most open connections (default 1000); more are closed at once with a warning. */
  maxConnections?: number | undefined;
  /** NetStreams per connection (default 16). */
  maxStreams?: number | undefined;
  /** Bytes a live player may have queued in its socket before frames are dropped (default 4 MiB). */
  maxPlayerBacklog?: number | undefined;
  /** Cache the last GOP of live streams for late joiners (default false). */
  gopCache?: boolean | undefined;
  /** Largest GOP cache per live stream, bytes (the publisher buffer bound; default 16 MiB). */
  maxGopCacheBytes?: number | undefined;
  /** Close connections that have not had `connect` accepted within this time (default 10000 ms; 0 = never). */
  handshakeTimeoutMs?: number | undefined;
  /** VOD pacing: `socket` (default, as fast as the client reads) or `buffer` (client's SetBufferLength ahead of real time). */
  vodPacing?: 'socket' | 'buffer' | undefined;
  /** Chunk decoder limits for incoming messages (see @rtmp/chunk). */
  decoder?: ChunkDecoderOptions | undefined;
  /** Largest onMetaData tag read from a VOD file (default 1 MiB). */
  maxMetadataBytes?: number | undefined;
  /** Fault injection: close every connection after the server has sent it this many bytes. */
  dropAfterBytes?: number | undefined;
  /** Called for every `connect`. */
  onConnect?: ((info: ConnectInfo) => HookResult) | undefined;
  /** Called for every `play`. */
  onPlay?: ((info: StreamInfo) => HookResult) | undefined;
  /** Called for every `publish`. */
  onPublish?: ((info: StreamInfo) => HookResult) | undefined;
}

/** The options with defaults applied. */
export interface ResolvedServerOptions {
  root: string | undefined;
  apps: Readonly<Record<string, AppMode>>;
  defaultAppMode: AppMode | 'none';
  chunkSize: number;
  windowAckSize: number;
  handshakeTypes: readonly HandshakeType[] | undefined;
  maxConnections: number;
  maxStreams: number;
  maxPlayerBacklog: number;
  gopCache: boolean;
  maxGopCacheBytes: number;
  handshakeTimeoutMs: number;
  vodPacing: 'socket' | 'buffer';
  decoder: ChunkDecoderOptions | undefined;
  maxMetadataBytes: number;
  dropAfterBytes: number | undefined;
  onConnect: RtmpServerOptions['onConnect'];
  onPlay: RtmpServerOptions['onPlay'];
  onPublish: RtmpServerOptions['onPublish'];
}
