/**
 * ServerConnection: one accepted socket — the byte pump between node:net and a sans-IO
 * ServerSession (RTMP spec 5–7), the hooks (accept, refuse, delay, drop), and the routing of
 * play/publish/pause/seek/close to VOD playbacks and live streams. A client that breaks the
 * protocol loses its own connection and is reported as a warning; nothing it sends can throw
 * out of here.
 */
import { randomFillSync } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Amf0Value } from '@rtmp/amf0';
import type { ConnectParams, StatusInfoInput } from '@rtmp/commands';
import { ServerSession, type ServerSessionEvent, type SessionOutput } from '@rtmp/session';
import { isDrop, type Refusal, refusalOf, runHook } from './hook-verdict.js';
import { routePlay } from './play-route.js';
import type { AppMode, HookResult, HookVerdict, StreamInfo } from './rtmp-server-options.js';
import type { ServerContext, StreamUse } from './server-context.js';
import { ServerWarningCode } from './server-error.js';
import { SessionPump } from './session-pump.js';
import { SocketWriter } from './socket-writer.js';
import { createLiveSubscriber, createVodSink, pauseStatus, type StreamIo } from './stream-sinks.js';
import { openVod } from './vod-open.js';
import { stripQuery } from './vod-path.js';
import { VodPlayback } from './vod-playback.js';

type Out = SessionOutput<ServerSessionEvent>;

/** One client connection. */
export class ServerConnection {
  readonly session: ServerSession;
  private readonly uses = new Map<number, StreamUse>();
  private readonly bufferLengths = new Map<number, number>();
  private readonly pump: SessionPump<ServerSessionEvent>;
  private closed = false;
  private app = '';
  private mode: AppMode = 'both';
  private readonly writer: SocketWriter;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Settles once the socket closed and every stream was released. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  /** The view of this connection the stream sinks write through. */
  private readonly io: StreamIo;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly ctx: ServerContext,
  ) {
    const o = ctx.options;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.writer = new SocketWriter(socket, o.dropAfterBytes);
    const self = this;
    this.pump = new SessionPump<ServerSessionEvent>({
      receive: (bytes) => this.session.receive(bytes),
      send: (bytes) => this.write(bytes),
      event: (event) => this.onEvent(event),
      fail: (error) => this.protocolError(error),
      get closed() {
        return self.closed;
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    this.session = new ServerSession({
      random: (target) => {
        randomFillSync(target);
      },
      acceptTypes: o.handshakeTypes,
      chunkSize: o.chunkSize,
      windowAckSize: o.windowAckSize,
      maxStreams: o.maxStreams,
      decoder: o.decoder,
    });
    this.io = {
      session: this.session,
      socket,
      get isClosed() {
        return self.closed;
      },
      write: (bytes) => this.write(bytes),
      status: (streamId, info) => this.status(streamId, info),
      waitDrain: () => this.writer.drain(),
      warn: (code, message, cause) => ctx.warn(code, message, id, cause),
    };
    socket.setNoDelay(true);
    socket.on('data', (bytes: Buffer) => this.pump.push(bytes));
    socket.on('drain', () => this.writer.release());
    socket.on('error', (error) => {
      if (!this.closed) ctx.warn(ServerWarningCode.SocketError, error.message, id, error);
    });
    socket.on('close', () => void this.onClose());
    if (o.handshakeTimeoutMs > 0) {
      this.handshakeTimer = setTimeout(() => {
        if (this.session.connected) return;
        ctx.warn(ServerWarningCode.HandshakeTimeout, `no connect within ${o.handshakeTimeoutMs} ms`, id);
        this.destroy();
      }, o.handshakeTimeoutMs);
      this.handshakeTimer.unref();
    }
  }

  /** Bytes written to the socket so far. */
  get bytesSent(): number {
    return this.writer.bytesWritten;
  }

  /** Closes at once (fault injection, server close). */
  destroy(): void {
    this.socket.destroy();
  }

  /** Sends `close` and ends the socket; destroys it after `graceMs`. */
  end(graceMs = 200): void {
    if (this.closed) return;
    try {
      this.apply(this.session.close());
    } catch {
      // a failed session has nothing more to say
    }
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  // ---- input --------------------------------------------------------------------------------

  private protocolError(error: unknown): void {
    if (this.closed) return;
    const code = (error as { code?: unknown }).code;
    this.ctx.warn(
      ServerWarningCode.ProtocolError,
      `closing connection: ${typeof code === 'string' ? `${code} ` : ''}${(error as Error).message}`,
      this.id,
      error,
    );
    this.destroy();
  }

  /** Handles one session event; returns a promise when the answer waits for a hook or a file. */
  private onEvent(event: ServerSessionEvent): Promise<void> | undefined {
    switch (event.type) {
      case 'warning':
        this.ctx.warn(event.code, event.message, this.id);
        return undefined;
      case 'connect-requested':
        return this.onConnect(event.params.app, event);
      case 'play-requested':
        return this.onPlay(event.streamId, event.name, event.start);
      case 'publish-requested':
        return this.onPublish(event.streamId, event.name);
      case 'pause-requested': {
        const use = this.uses.get(event.streamId);
        if (use?.kind === 'vod') use.playback.pause(event.paused);
        else if (use?.kind === 'live') {
          use.stream.pausePlayer(use.subscriber, event.paused);
          this.status(event.streamId, pauseStatus(event.paused));
        }
        return undefined;
      }
      case 'seek-requested': {
        const use = this.uses.get(event.streamId);
        if (use?.kind === 'vod') use.playback.seek(event.position);
        else
          this.status(event.streamId, {
            level: 'error',
            code: 'NetStream.Seek.Failed',
            description: 'Seek is only possible on video on demand.',
          });
        return undefined;
      }
      case 'buffer-length-set':
        this.bufferLengths.set(event.streamId, event.bufferLength);
        return undefined;
      case 'stream-closed':
        return this.release(event.streamId);
      case 'metadata':
      case 'data':
      case 'audio':
      case 'video': {
        const use = this.uses.get(event.streamId);
        if (use?.kind !== 'publish') return undefined;
        if (event.type === 'metadata') use.stream.pushMetadata(event.timestamp, event.payload);
        else if (event.type === 'data') use.stream.pushData(event.timestamp, event.payload);
        else use.stream.pushMedia(event.type === 'audio' ? 8 : 9, event.timestamp, event.payload);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private onConnect(
    rawApp: string,
    event: { params: ConnectParams; args: Amf0Value[] },
  ): Promise<void> | undefined {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.app = stripQuery(rawApp ?? '');
    const o = this.ctx.options;
    const mode = o.apps[this.app] ?? o.apps[this.app.split('/')[0] ?? ''] ?? o.defaultAppMode;
    if (mode === 'none') {
      this.apply(
        this.session.rejectConnect(`unknown application ${this.app}`, 'NetConnection.Connect.InvalidApp'),
      );
      this.socket.end();
      return undefined;
    }
    this.mode = mode;
    const hook = o.onConnect
      ? runHook(this.hookFailed, () =>
          o.onConnect?.({
            connectionId: this.id,
            remoteAddress: this.socket.remoteAddress,
            app: this.app,
            params: event.params,
            args: event.args,
          }),
        )
      : undefined;
    const answer = (verdict: HookVerdict) => {
      if (this.closed) return;
      if (isDrop(verdict)) return this.drop('onConnect');
      const reject = refusalOf(verdict);
      if (reject) {
        this.apply(
          this.session.rejectConnect(reject.description, reject.code ?? 'NetConnection.Connect.Rejected'),
        );
        this.socket.end();
        return;
      }
      this.apply(this.session.acceptConnect());
    };
    if (hook instanceof Promise) return hook.then(answer);
    answer(hook);
    return undefined;
  }

  private onPlay(streamId: number, name: string, start: number | undefined): Promise<void> {
    const info: StreamInfo = { connectionId: this.id, app: this.app, name, streamId, start };
    return this.hookThen(this.ctx.options.onPlay, info, async (reject) => {
      if (reject) {
        this.apply(
          this.session.rejectPlay(streamId, reject.description, reject.code ?? 'NetStream.Play.Failed'),
        );
        return;
      }
      await this.startPlay(streamId, name, start, info);
    });
  }

  private async startPlay(
    streamId: number,
    name: string,
    start: number | undefined,
    info: StreamInfo,
  ): Promise<void> {
    await this.release(streamId);
    const key = `${this.app}/${stripQuery(name)}`;
    const route = routePlay(this.mode, start, this.ctx.published(key) !== undefined);
    if (route.first === 'vod') {
      const opened = await openVod(this.ctx, this.id, name);
      if (this.closed) {
        await opened?.close();
        return;
      }
      if (opened) {
        this.apply(this.session.acceptPlay(streamId, name, { recorded: true }));
        const playback = new VodPlayback(opened, createVodSink(this.io, streamId), start ?? 0, {
          pacing: this.ctx.options.vodPacing,
          bufferLength: () => this.bufferLengths.get(streamId) ?? 0,
        });
        info.kind = 'vod';
        this.uses.set(streamId, { kind: 'vod', playback, info });
        this.ctx.emitEvent('play', info);
        return;
      }
      if (!route.liveIfNoFile) {
        this.apply(this.session.rejectPlay(streamId, `No such stream: ${name}`));
        return;
      }
    }
    const stream = this.ctx.live(key);
    this.apply(this.session.acceptPlay(streamId, name));
    const subscriber = createLiveSubscriber(this.io, streamId, name);
    info.kind = 'live';
    this.uses.set(streamId, { kind: 'live', stream, subscriber, info });
    stream.addPlayer(subscriber);
    this.ctx.emitEvent('play', info);
  }

  private onPublish(streamId: number, name: string): Promise<void> {
    const info: StreamInfo = { connectionId: this.id, app: this.app, name, streamId };
    return this.hookThen(this.ctx.options.onPublish, info, async (reject) => {
      if (reject) {
        this.apply(
          this.session.rejectPublish(
            streamId,
            reject.description,
            reject.code ?? 'NetStream.Publish.BadName',
          ),
        );
        return;
      }
      if (this.mode === 'vod') {
        this.apply(
          this.session.rejectPublish(
            streamId,
            `${this.app} does not take publishers`,
            'NetStream.Publish.Denied',
          ),
        );
        return;
      }
      const key = `${this.app}/${stripQuery(name)}`;
      if (this.ctx.published(key)) {
        this.apply(this.session.rejectPublish(streamId, `${name} is already being published`));
        return;
      }
      await this.release(streamId);
      const stream = this.ctx.live(key);
      stream.publish(this.id);
      this.uses.set(streamId, { kind: 'publish', stream, info });
      this.apply(this.session.acceptPublish(streamId, name));
      this.ctx.emitEvent('publish', info);
    });
  }

  /** Runs an optional hook, then `then` with the refusal (if any); drops the connection on `{drop}`. */
  private hookThen(
    hook: ((info: StreamInfo) => HookResult) | undefined,
    info: StreamInfo,
    then: (reject: Refusal | undefined) => Promise<void>,
  ): Promise<void> {
    const result = hook ? runHook(this.hookFailed, () => hook(info)) : undefined;
    return Promise.resolve(result).then((verdict) => {
      if (this.closed) return;
      if (isDrop(verdict)) return this.drop(hook === this.ctx.options.onPlay ? 'onPlay' : 'onPublish');
      return then(refusalOf(verdict));
    });
  }

  private readonly hookFailed = (error: unknown): void =>
    this.ctx.warn(ServerWarningCode.HookFailed, `hook failed: ${(error as Error)?.message}`, this.id, error);

  private drop(why: string): void {
    this.ctx.warn(ServerWarningCode.Dropped, `connection dropped by ${why}`, this.id);
    this.destroy();
  }

  // ---- streams -------------------------------------------------------------------------------

  private async release(streamId: number): Promise<void> {
    const use = this.uses.get(streamId);
    if (!use) return;
    this.uses.delete(streamId);
    if (use.kind === 'vod') {
      await use.playback.stop();
    } else if (use.kind === 'live') {
      use.stream.removePlayer(use.subscriber);
      this.ctx.releaseLive(use.stream);
    } else {
      use.stream.unpublish();
      this.ctx.releaseLive(use.stream);
      this.ctx.emitEvent('unpublish', use.info);
    }
  }

  // ---- output --------------------------------------------------------------------------------

  private status(streamId: number, info: StatusInfoInput): void {
    if (!this.closed) this.apply(this.session.sendStatus(streamId, info));
  }

  private apply(outputs: Out[]): void {
    for (const output of outputs) if (output.type === 'send') this.write(output.bytes);
  }

  /** Writes; false when the socket wants a drain. Enforces `dropAfterBytes`. */
  private write(bytes: Uint8Array): boolean {
    if (this.closed) return true;
    const result = this.writer.write(bytes);
    if (result === 'dropped') {
      this.closed = true;
      this.ctx.warn(
        ServerWarningCode.Dropped,
        `dropped after ${this.writer.bytesWritten} bytes (dropAfterBytes)`,
        this.id,
      );
      return true;
    }
    return result;
  }

  private async onClose(): Promise<void> {
    this.closed = true;
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.writer.release();
    this.pump.clear();
    const ids = [...this.uses.keys()];
    await Promise.all(ids.map((id) => this.release(id).catch(() => undefined)));
    this.resolveDone();
  }
}
