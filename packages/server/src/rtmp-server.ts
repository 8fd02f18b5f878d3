/**
 * RtmpServer: the embedded RTMP server (RTMP spec 5–7 server role; nginx-rtmp's vod and live
 * behaviour). Listens with node:net on loopback by default, plays FLV files from `root`,
 * relays live streams from publishers to players, optionally answers RTMPT through the
 * {@link RtmptGateway} in front of its own TCP listener, and has hooks for fault tests.
 * It never emits `'error'`: problems are `'warning'` events and end one connection at most.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { LiveStream } from './live-stream.js';
import type {
  ConnectionInfo,
  ResolvedServerOptions,
  RtmpServerOptions,
  ServerWarning,
  StreamInfo,
} from './rtmp-server-options.js';
import { RtmptGateway } from './rtmpt/index.js';
import { ServerConnection } from './server-connection.js';
import type { ServerContext } from './server-context.js';
import { RtmpServerError, ServerErrorCode, ServerWarningCode } from './server-error.js';

/** Where the server listens. */
export interface RtmpServerAddress {
  host: string;
  port: number;
  /** The RTMPT gateway's HTTP port, when `rtmpt` was given. */
  rtmptPort: number | undefined;
}

/** Event map of {@link RtmpServer}. */
export interface RtmpServerEvents {
  connection: [ConnectionInfo];
  disconnect: [ConnectionInfo];
  play: [StreamInfo];
  publish: [StreamInfo];
  unpublish: [StreamInfo];
  warning: [ServerWarning];
}

/** Counters of one connection, from {@link RtmpServer.connectionStats}. */
export interface ConnectionStats {
  connectionId: number;
  bytesSent: number;
  /** Bytes written to the socket but not yet sent (Node's `writableLength`). */
  backlog: number;
}

/** A live stream as listed by {@link RtmpServer.liveStreams}. */
export interface LiveStreamInfo {
  key: string;
  publishing: boolean;
  players: number;
  messages: number;
}

/**
 * Creates a server (not yet listening).
 * @throws {RtmpServerError} SERVER_INVALID_OPTION — an option is out of range.
 */
export function createRtmpServer(options: RtmpServerOptions = {}): RtmpServer {
  return new RtmpServer(options);
}

/** The RTMP server. `listen()`, then `close()`. */
export class RtmpServer extends EventEmitter<RtmpServerEvents> {
  readonly options: ResolvedServerOptions;
  private readonly server: Server;
  private readonly connections = new Map<number, ServerConnection>();
  private readonly lives = new Map<string, LiveStream>();
  private gateway: RtmptGateway | undefined;
  private nextId = 1;
  private address: RtmpServerAddress | undefined;
  private closing: Promise<void> | undefined;
  private readonly ctx: ServerContext;

  /** @throws {RtmpServerError} SERVER_INVALID_OPTION */
  constructor(private readonly rawOptions: RtmpServerOptions = {}) {
    super();
    this.options = resolveOptions(rawOptions);
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.ctx = {
      options: this.options,
      warn: (code, message, connectionId, cause) => this.warn({ code, message, connectionId, cause }),
      emitEvent: (name, info) => this.emit(name, { ...info }),
      live: (key) => {
        let stream = this.lives.get(key);
        if (!stream) {
          stream = new LiveStream(
            key,
            {
              maxPlayerBacklog: this.options.maxPlayerBacklog,
              gopCache: this.options.gopCache,
              maxGopCacheBytes: this.options.maxGopCacheBytes,
            },
            () =>
              this.warn({
                code: ServerWarningCode.GopCacheLimit,
                message: `${key}: GOP longer than ${this.options.maxGopCacheBytes} bytes, not cached`,
              }),
          );
          this.lives.set(key, stream);
        }
        return stream;
      },
      releaseLive: (stream) => {
        if (stream.idle && this.lives.get(stream.key) === stream) this.lives.delete(stream.key);
      },
      published: (key) => {
        const stream = this.lives.get(key);
        return stream?.publisher !== undefined ? stream : undefined;
      },
    };
  }

  /**
   * Starts listening (default 127.0.0.1 on an ephemeral port) and, with `rtmpt`, the gateway.
   * @throws {RtmpServerError} SERVER_LISTEN — the address is in use, or listen() was called twice.
   * @throws {RtmpError} SERVER_RTMPT_LISTEN — the RTMPT gateway could not listen.
   */
  async listen(options: { host?: string; port?: number } = {}): Promise<RtmpServerAddress> {
    if (this.address || this.closing)
      throw new RtmpServerError(ServerErrorCode.Listen, 'listen() was already called');
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error) =>
        reject(new RtmpServerError(ServerErrorCode.Listen, `cannot listen: ${cause.message}`, { cause }));
      this.server.once('error', onError);
      this.server.listen(options.port ?? 0, host, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) =>
          this.warn({ code: ServerWarningCode.SocketError, message: error.message, cause: error }),
        );
        resolve();
      });
    });
    const bound = this.server.address();
    const port = typeof bound === 'object' && bound ? bound.port : 0;
    let rtmptPort: number | undefined;
    if (this.rawOptions.rtmpt) {
      try {
        this.gateway = await RtmptGateway.listen({
          upstream: { host, port },
          host: this.rawOptions.rtmpt.host ?? host,
          port: this.rawOptions.rtmpt.port ?? 0,
          librtmpSafe: this.rawOptions.rtmpt.librtmpSafe ?? false,
        });
      } catch (error) {
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
        throw error;
      }
      rtmptPort = this.gateway.port;
    }
    this.address = { host, port, rtmptPort };
    return this.address;
  }

  /** The address, once listening. */
  get listening(): RtmpServerAddress | undefined {
    return this.address;
  }

  /** Ids of the open connections. */
  connectionIds(): number[] {
    return [...this.connections.keys()];
  }

  /** Per-connection counters: bytes sent, and bytes queued in the socket (the backlog). */
  connectionStats(): ConnectionStats[] {
    return [...this.connections.values()].map((c) => ({
      connectionId: c.id,
      bytesSent: c.bytesSent,
      backlog: c.socket.writableLength,
    }));
  }

  /** The live streams that exist now (published, or with waiting players). */
  liveStreams(): LiveStreamInfo[] {
    return [...this.lives.values()].map((s) => ({
      key: s.key,
      publishing: s.publisher !== undefined,
      players: s.playerCount,
      messages: s.messages,
    }));
  }

  /** Fault injection: closes one connection at once (TCP RST-like destroy). Returns false when unknown. */
  dropConnection(connectionId: number): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    this.warn({ code: ServerWarningCode.Dropped, message: 'dropConnection()', connectionId });
    connection.destroy();
    return true;
  }

  /**
   * Stops listening, closes every connection (sending `close` first) and the RTMPT gateway, and
   * resolves when every socket, file and timer is released. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => {
        if (!this.server.listening) resolve();
        else this.server.close(() => resolve());
      });
      const gateway = this.gateway?.close();
      for (const connection of this.connections.values()) connection.end(100);
      await Promise.all([...this.connections.values()].map((c) => c.done));
      await gateway;
      await stopped;
    })();
    return this.closing;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const id = this.nextId++;
    const info: ConnectionInfo = {
      connectionId: id,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
    };
    if (this.connections.size >= this.options.maxConnections) {
      this.warn({
        code: ServerWarningCode.TooManyConnections,
        message: `maxConnections (${this.options.maxConnections}) reached`,
        connectionId: id,
      });
      socket.on('error', () => undefined);
      socket.destroy();
      return;
    }
    const connection = new ServerConnection(id, socket, this.ctx);
    this.connections.set(id, connection);
    this.emit('connection', info);
    void connection.done.then(() => {
      this.connections.delete(id);
      this.emit('disconnect', info);
    });
  }

  private warn(warning: ServerWarning): void {
    this.emit('warning', warning);
  }
}

function resolveOptions(o: RtmpServerOptions): ResolvedServerOptions {
  const int = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min || v > max)
      throw new RtmpServerError(
        ServerErrorCode.InvalidOption,
        `${name} must be an integer in ${min}..${max}`,
        {
          details: { option: name, value },
        },
      );
    return v;
  };
  if (o.dropAfterBytes !== undefined) int('dropAfterBytes', o.dropAfterBytes, 0, 0, Number.MAX_SAFE_INTEGER);
  for (const [app, mode] of Object.entries(o.apps ?? {}))
    if (mode !== 'vod' && mode !== 'live' && mode !== 'both')
      throw new RtmpServerError(ServerErrorCode.InvalidOption, `apps.${app} must be vod, live or both`);
  return {
    root: o.root,
    apps: { ...(o.apps ?? {}) },
    defaultAppMode: o.defaultAppMode ?? 'both',
    chunkSize: int('chunkSize', o.chunkSize, 4096, 128, 0x7fffffff),
    windowAckSize: int('windowAckSize', o.windowAckSize, 2_500_000, 1, 0x7fffffff),
    handshakeTypes: o.handshakeTypes,
    maxConnections: int('maxConnections', o.maxConnections, 1000, 1, 1_000_000),
    maxStreams: int('maxStreams', o.maxStreams, 16, 1, 65_536),
    maxPlayerBacklog: int('maxPlayerBacklog', o.maxPlayerBacklog, 4 << 20, 0, 1 << 30),
    gopCache: o.gopCache ?? false,
    maxGopCacheBytes: int('maxGopCacheBytes', o.maxGopCacheBytes, 16 << 20, 0, 1 << 30),
    handshakeTimeoutMs: int('handshakeTimeoutMs', o.handshakeTimeoutMs, 10_000, 0, 3_600_000),
    vodPacing: o.vodPacing ?? 'socket',
    decoder: o.decoder,
    maxMetadataBytes: int('maxMetadataBytes', o.maxMetadataBytes, 1 << 20, 0, 16 << 20),
    dropAfterBytes: o.dropAfterBytes,
    onConnect: o.onConnect,
    onPlay: o.onPlay,
    onPublish: o.onPublish,
  };
}
