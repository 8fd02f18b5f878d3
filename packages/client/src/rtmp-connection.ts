/**
 * RtmpConnection: one RTMP connection — the byte pump between a Transport and a ClientSession,
 * and the async API on top (librtmp `RTMP_Connect`/`RTMP_ConnectStream`/`RTMP_Read`/`RTMP_Write`,
 * protocol.md §5.4 flows). Reading is pulled: a slow consumer of a play stream stops the pump,
 * which stops reading the socket (TCP flow control does the rest).
 */
import { EventEmitter } from 'node:events';
import type { Amf0Value } from '@rtmp/amf0';
import type { Transport } from '@rtmp/core';
import type { ClientSession, ConnectedEvent, SessionEvent, SessionOutput } from '@rtmp/session';
import { ClientErrorCode, closedError, RtmpClientError, RtmpStatusError, statusOf } from './client-error.js';
import {
  type ConnectionStats,
  type PlayOptions,
  type PublishOptions,
  playRequestFor,
} from './connection-types.js';
import { startWatchdog } from './connection-watchdog.js';
import { PendingRequests, type RequestKind } from './pending-requests.js';
import { PlayStream } from './play-stream.js';
import { PublishStream } from './publish-stream.js';
import { drainWithin } from './send-deadline.js';
import type { RtmpConnectionParams } from './url/rtmp-connection-params.js';

/**
 * A connected RTMP connection. Events (Node EventEmitter): `status` (StatusInfo, streamId),
 * `warning` ({code, message}), `event` (every SessionEvent, for diagnostics), `close` (error or
 * undefined when closed cleanly). There is no `error` event: failures reject the pending calls
 * and end the play streams with the error.
 */
export class RtmpConnection extends EventEmitter {
  /** The resolved connection parameters. */
  readonly params: RtmpConnectionParams;
  /** The server's connect `_result`. */
  connectInfo: ConnectedEvent | undefined;
  private readonly transport: Transport;
  private readonly session: ClientSession;
  private readonly startedAt = performance.now();
  private readonly plays = new Map<number, PlayStream>();
  private readonly publishes = new Map<number, PublishStream>();
  private readonly pending = new PendingRequests();
  private readonly connectWaiters: Array<{
    resolve: (e: ConnectedEvent) => void;
    reject: (e: unknown) => void;
  }> = [];
  private readonly sendTimeout: number;
  private closeError: unknown = undefined;
  private closing = false;
  private closedFlag = false;
  private wantDrain = false;
  private lastByteAt = performance.now();
  /** @internal When the bytes being handled now arrived (performance.now(), once per read). */
  lastReceiveAt = this.lastByteAt;
  private pausedForBackpressure = false;
  /** Every play is consumed with a callback: payloads are transient, buffers are reused. */
  private transient = false;
  /** Inside session.receive() in transient mode: calls into the session wait until it returns. */
  private receiving = false;
  private readonly deferred: Array<() => void> = [];
  private modeDirty = false;
  /** Sends gathered while outputs are applied, written as one buffer (null: write at once). */
  private sendBatch: Uint8Array[] | null = null;
  private readonly stopWatchdog: (() => void) | undefined;
  /** Settles when the pump has stopped and the transport is closed. */
  readonly done: Promise<void>;

  /** @internal Use `connect()`. */
  constructor(
    transport: Transport,
    session: ClientSession,
    params: RtmpConnectionParams,
    options: { idleTimeout: number; noMediaTimeout: number; sendTimeout: number },
  ) {
    super();
    this.transport = transport;
    this.session = session;
    this.params = params;
    this.sendTimeout = options.sendTimeout;
    const connection = this;
    this.stopWatchdog = startWatchdog(
      {
        get lastByteAt() {
          return connection.lastByteAt;
        },
        get pausedForBackpressure() {
          return connection.pausedForBackpressure;
        },
        plays: { [Symbol.iterator]: () => connection.plays.values() },
        onIdle: (error) => {
          this.shutdown(error);
          this.transport.destroy(error);
        },
      },
      options.idleTimeout,
      options.noMediaTimeout,
    );
    this.done = this.pump();
  }

  /** True once the connection is closed (cleanly or not). */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Counters since the connection was created. */
  get stats(): ConnectionStats {
    const elapsedMs = performance.now() - this.startedAt;
    const bytesReceived = this.session.bytesReceived;
    return {
      bytesReceived,
      bytesSent: this.session.bytesSent,
      elapsedMs,
      receiveBitrate: elapsedMs > 0 ? (bytesReceived * 8 * 1000) / elapsedMs : 0,
    };
  }

  /** @internal Resolves when the server accepted connect. */
  whenConnected(): Promise<ConnectedEvent> {
    if (this.connectInfo) return Promise.resolve(this.connectInfo);
    if (this.closedFlag) return Promise.reject(this.closeError ?? closedError('connect'));
    return new Promise((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
  }

  /** @internal Sends the handshake's first bytes. */
  begin(): void {
    this.apply(this.session.start());
  }

  /**
   * Plays a stream (default: the URL's playpath): resolves once NetStream.Play.Start arrived.
   * @throws {RtmpStatusError} CLIENT_PLAY_FAILED — the server refused (status has its code).
   * @throws {RtmpClientError} CLIENT_CLOSED / CLIENT_INVALID_ARGUMENT / CLIENT_ABORTED
   */
  async play(name?: string, options: PlayOptions = {}): Promise<PlayStream> {
    if (this.receiving) await undefined; // called from a consume() handler: after the receive
    if (this.closedFlag || this.closing) throw this.closeError ?? closedError('play');
    const streamName = name ?? options.name ?? this.params.playpath;
    if (!streamName)
      throw new RtmpClientError(
        ClientErrorCode.InvalidArgument,
        'no stream name: give one or put a playpath in the URL',
      );
    const { request, live, stop } = playRequestFor(this.params, streamName, options);
    const { handle, outputs } = this.session.play(request);
    const stream = new PlayStream(this, handle, streamName, {
      highWaterMark: options.highWaterMark ?? 1024,
      stop,
      endOnStreamEof: options.endOnStreamEof ?? live,
    });
    this.plays.set(handle, stream);
    this.updateTransientMode();
    const started = this.waitForRequest(handle, 'play', options.signal);
    this.apply(outputs);
    await started;
    if (options.signal) options.signal.addEventListener('abort', () => stream.close(), { once: true });
    return stream;
  }

  /**
   * Publishes a stream (default: the URL's playpath): resolves once NetStream.Publish.Start arrived.
   * @throws {RtmpStatusError} CLIENT_PUBLISH_FAILED — the server refused (e.g. NetStream.Publish.BadName).
   * @throws {RtmpClientError} CLIENT_CLOSED / CLIENT_INVALID_ARGUMENT / CLIENT_ABORTED
   */
  async publish(name?: string, options: PublishOptions = {}): Promise<PublishStream> {
    if (this.receiving) await undefined; // called from a consume() handler: after the receive
    if (this.closedFlag || this.closing) throw this.closeError ?? closedError('publish');
    const streamName = name ?? options.name ?? this.params.playpath;
    if (!streamName)
      throw new RtmpClientError(
        ClientErrorCode.InvalidArgument,
        'no stream name: give one or put a playpath in the URL',
      );
    const { handle, outputs } = this.session.publish({ name: streamName, type: options.type ?? 'live' });
    const stream = new PublishStream(this, this.session, handle, streamName);
    this.publishes.set(handle, stream);
    const started = this.waitForRequest(handle, 'publish', options.signal);
    this.apply(outputs);
    await started;
    return stream;
  }

  /**
   * Calls a server method and resolves with its `_result` values: the information value, then
   * any further arguments.
   * @throws {RtmpStatusError} CLIENT_CALL_FAILED — the server answered `_error` (`status` holds its
   *   information object when it is a status object).
   * @throws {RtmpClientError} CLIENT_CLOSED — the connection closed before the answer.
   */
  async call(name: string, args: readonly Amf0Value[] = []): Promise<Amf0Value[]> {
    if (this.receiving) await undefined; // called from a consume() handler: after the receive
    if (this.closedFlag || this.closing) throw this.closeError ?? closedError(`call ${name}`);
    const { transactionId, outputs } = this.session.call(name, args);
    return new Promise((resolve, reject) => {
      const onClose = (error: unknown) => {
        this.off('event', listener);
        reject(error ?? closedError(`call ${name}`));
      };
      const listener = (event: SessionEvent) => {
        if (event.type !== 'call-answered' || event.transactionId !== transactionId) return;
        this.off('event', listener);
        this.off('close', onClose);
        // The session's args are every value after the command object, info first.
        if (event.ok) resolve(event.args[0] === event.info ? event.args : [event.info, ...event.args]);
        else reject(new RtmpStatusError(ClientErrorCode.CallFailed, statusOf(event.info), `${name} failed`));
      };
      this.on('event', listener);
      this.once('close', onClose);
      this.apply(outputs);
    });
  }

  /** Closes every stream (deleteStream, FCUnpublish...) and the connection; resolves when closed. */
  async close(): Promise<void> {
    if (this.receiving) await undefined;
    if (!this.closedFlag && !this.closing) {
      this.closing = true;
      try {
        this.apply(this.session.close());
        await this.transport.end();
      } catch {
        this.transport.destroy();
      }
    }
    await this.done;
  }

  /** Closes at once without the polite goodbye. */
  destroy(error?: unknown): void {
    this.shutdown(error ?? closedError('connection'));
    this.transport.destroy(error);
  }

  // ---- internal plumbing used by PlayStream / PublishStream ----------------------------------

  /** @internal Writes sends, routes events. */
  apply(outputs: SessionOutput[]): void {
    const outer = this.sendBatch === null;
    if (outer) this.sendBatch = [];
    try {
      for (const output of outputs) {
        if (output.type === 'send') this.send(output.bytes);
        else this.route(output.event);
      }
    } finally {
      if (outer) this.flushSends();
    }
  }

  /** Queues bytes in the open batch (one write per receive: a ping flood's pongs), or writes them. */
  private send(bytes: Uint8Array): void {
    if (this.sendBatch !== null) this.sendBatch.push(bytes);
    else if (!this.transport.write(bytes)) this.wantDrain = true;
  }

  /** Writes the open batch as one buffer, in order, and closes it. */
  private flushSends(): void {
    const batch = this.sendBatch;
    this.sendBatch = null;
    if (batch === null || batch.length === 0 || this.closedFlag) return;
    let bytes = batch[0] as Uint8Array;
    if (batch.length > 1) {
      let size = 0;
      for (const part of batch) size += part.length;
      bytes = new Uint8Array(size);
      let at = 0;
      for (const part of batch) {
        bytes.set(part, at);
        at += part.length;
      }
    }
    if (!this.transport.write(bytes)) this.wantDrain = true;
  }

  /** @internal Resolves when the transport can take more bytes. */
  async drainIfNeeded(): Promise<void> {
    if (!this.wantDrain) return;
    this.wantDrain = false;
    await this.drain();
  }

  /** @internal Sends bytes produced outside apply() (published media). Returns false when drain is due. */
  writeBytes(bytes: Uint8Array): boolean {
    if (this.closedFlag) throw this.closeError ?? closedError('write');
    // Bytes already queued in an open batch go first; then these, unbatched (a publisher may
    // reuse its buffer once the transport reports it written).
    if (this.sendBatch !== null && this.sendBatch.length > 0) {
      this.flushSends();
      this.sendBatch = []; // still inside apply(): keep batching what follows
    }
    return this.transport.write(bytes);
  }

  /** @internal Written bytes the transport still holds (`Transport.pendingWriteBytes`; undefined: unknown). */
  get pendingWriteBytes(): number | undefined {
    return this.transport.pendingWriteBytes;
  }

  /** @internal Waits for the transport, within the send-stall deadline. */
  drain(): Promise<void> {
    return drainWithin(
      () => this.transport.drain(),
      this.sendTimeout,
      (error) => {
        this.shutdown(error);
        this.transport.destroy(error);
      },
    );
  }

  /** @internal A PlayStream/PublishStream ended: forget it and send closeStream/deleteStream. */
  releaseStream(handle: number): void {
    if (this.receiving) {
      this.deferred.push(() => this.releaseStream(handle));
      return;
    }
    this.plays.delete(handle);
    this.updateTransientMode();
    this.publishes.delete(handle);
    if (!this.closedFlag && !this.closing && this.session.state === 'connected')
      this.apply(this.session.closeStream(handle));
  }

  /** @internal pause/seek pass-through. */
  sessionCall(fn: (session: ClientSession) => SessionOutput[]): void {
    if (this.closedFlag) throw this.closeError ?? closedError('stream command');
    if (this.receiving) this.deferred.push(() => this.sessionCall(fn));
    else this.apply(fn(this.session));
  }

  /**
   * @internal Transient mode is on while every play is consumed with a callback: the chunk
   * decoder reuses its reassembly buffers, the transport its read buffers (when it can), and
   * received outputs are applied while the bytes are decoded. Switched between receives only.
   */
  updateTransientMode(): void {
    if (this.receiving) {
      this.modeDirty = true;
      return;
    }
    this.modeDirty = false;
    let all = this.plays.size > 0;
    for (const stream of this.plays.values()) all &&= stream.consuming;
    if (all === this.transient) return;
    this.transient = all;
    this.session.layer.decoder.payloadBuffers = all ? 'reuse' : 'stable';
    this.transport.setReadBufferReuse?.(all);
  }

  private readonly applyOne = (output: SessionOutput): void => {
    if (output.type === 'send') this.send(output.bytes);
    else this.route(output.event);
  };

  /** Hands the chunk to the session, routing what it produces while it decodes. */
  private receiveTransient(chunk: Uint8Array): void {
    this.receiving = true;
    this.sendBatch = [];
    try {
      this.session.receive(chunk, this.applyOne);
    } finally {
      this.receiving = false;
      this.flushSends();
    }
    const deferred = this.deferred.splice(0);
    for (const call of deferred) call();
    if (this.modeDirty) this.updateTransientMode();
  }

  private async pump(): Promise<void> {
    try {
      for await (const chunk of this.transport) {
        this.lastByteAt = performance.now();
        this.lastReceiveAt = this.lastByteAt;
        if (this.transient) this.receiveTransient(chunk);
        else this.apply(this.session.receive(chunk));
        // While we wait for the consumer or the socket, silence is ours, not the server's.
        this.pausedForBackpressure = true;
        if (this.wantDrain) await this.drainIfNeeded();
        for (const stream of this.plays.values()) if (stream.queueFull) await stream.whenWritable();
        this.pausedForBackpressure = false;
        this.lastByteAt = performance.now();
        if (this.closedFlag) break;
      }
      this.shutdown(
        this.closing || this.session.state === 'closed'
          ? undefined
          : closedError('the server closed the connection; it'),
      );
    } catch (error) {
      // Deliver what the failing bytes carried before the bad part (Play.Start, media), so a
      // play keeps every whole tag it received; then fail.
      this.deferred.length = 0;
      for (const output of this.session.takeOutputsBeforeFailure())
        if (output.type === 'event') this.route(output.event);
      this.shutdown(error);
      this.transport.destroy(error);
    }
    await this.transport.closed;
  }

  private route(event: SessionEvent): void {
    this.emit('event', event);
    switch (event.type) {
      case 'connected':
        this.connectInfo = event;
        for (const waiter of this.connectWaiters.splice(0)) waiter.resolve(event);
        return;
      case 'connect-rejected': {
        const error = new RtmpStatusError(
          ClientErrorCode.ConnectRejected,
          event.status,
          'the server rejected connect',
        );
        for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
        this.shutdown(error);
        this.transport.destroy();
        return;
      }
      case 'stream-created': {
        const stream = this.plays.get(event.handle) ?? this.publishes.get(event.handle);
        if (stream) stream.streamId = event.streamId;
        return;
      }
      case 'play-started':
      case 'publish-started':
        this.pending.resolve(event.handle);
        return;
      case 'request-failed': {
        const kind = this.pending.kindOf(event.handle) ?? (this.plays.has(event.handle) ? 'play' : 'publish');
        const error = new RtmpStatusError(
          kind === 'play' ? ClientErrorCode.PlayFailed : ClientErrorCode.PublishFailed,
          event.status,
          `${kind} failed`,
        );
        this.pending.reject(event.handle, error);
        this.plays.get(event.handle)?.fail(error);
        this.publishes.get(event.handle)?.fail(error);
        return;
      }
      case 'status':
        this.emit('status', event.status, event.streamId);
        if (event.handle !== undefined) this.plays.get(event.handle)?.push(event);
        return;
      case 'stream-ended':
        if (event.handle !== undefined) this.plays.get(event.handle)?.finish(event.status);
        return;
      case 'audio':
      case 'video':
      case 'metadata':
      case 'data':
      case 'stream-control': {
        const stream = this.playFor(event.streamId);
        if (stream) stream.push(event);
        return;
      }
      case 'warning':
        this.emit('warning', { code: event.code, message: event.message });
        return;
      case 'closed':
        if (event.reason === 'server-close') {
          this.shutdown(closedError('the server sent close; the connection'));
          this.transport.destroy();
        }
        return;
      default:
        return;
    }
  }

  private playFor(streamId: number): PlayStream | undefined {
    for (const stream of this.plays.values())
      if (stream.streamId === streamId || stream.streamId === undefined) return stream;
    return undefined;
  }

  private waitForRequest(handle: number, kind: RequestKind, signal: AbortSignal | undefined): Promise<void> {
    if (this.closedFlag) return Promise.reject(this.closeError ?? closedError(kind));
    return this.pending.wait(handle, kind, signal, () => this.releaseStream(handle));
  }

  private shutdown(error: unknown): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.closeError = error;
    this.stopWatchdog?.();
    const failure = error ?? closedError('the operation');
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(failure);
    this.pending.rejectAll(failure);
    for (const stream of this.plays.values()) {
      if (error) stream.fail(error);
      else stream.finish(undefined);
    }
    for (const stream of this.publishes.values()) stream.fail(failure);
    this.emit('close', error);
  }
}
