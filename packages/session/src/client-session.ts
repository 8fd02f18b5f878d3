/**
 * ClientSession: the sans-IO RTMP client (RTMP spec 5–7; protocol.md §1–§5). It composes
 * handshake → (RC4 for RTMPE) → chunk stream → commands, runs librtmp's and FFmpeg's connect,
 * play and publish flows, answers pings, acknowledgements, bandwidth checks and SWF verification
 * by itself, and hands back {@link SessionOutput}s: bytes to send and events. It never does IO.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { ChunkStreamId } from '@rtmp/chunk';
import {
  commandTypeId,
  dataTypeId,
  type EncodeOptions,
  encodeCall,
  encodeSetDataFrame,
  TransactionTable,
} from '@rtmp/commands';
import { MessageType, type RtmpMessage } from '@rtmp/core';
import { ClientHandshake, type RtmpeCiphers } from '@rtmp/handshake';
import {
  sendCheckBandwidth,
  sendConnect,
  sendFCSubscribe,
  sendPause,
  sendPublishPreamble,
  sendSeek,
} from './client-commands.js';
import { ClientDispatcher, type PendingCall } from './client-dispatcher.js';
import type { ClientSessionOptions, PlayRequest, PublishRequest } from './client-session-options.js';
import { handshakeWarningEvent } from './handshake-warning.js';
import { MessageLayer } from './message-layer.js';
import { SessionErrorCode, sessionError } from './session-error.js';
import type { SessionEvent } from './session-events.js';
import type { SessionOutput } from './session-output.js';
import { continueStreamRequest } from './stream-flows.js';
import type { StreamRequest, StreamRequestStarted } from './stream-request.js';
import {
  assertStreamCapacity,
  closeStreamRequest,
  openStreamRequest,
  publishingRequest,
  startedRequest,
} from './stream-request-table.js';

export type { StreamRequestStarted } from './stream-request.js';

/** Where the session is. */
export type ClientSessionState = 'idle' | 'handshaking' | 'connecting' | 'connected' | 'closed' | 'failed';

/** The sans-IO RTMP client session. Not reentrant; one instance per connection. */
export class ClientSession {
  private readonly options: ClientSessionOptions;
  private readonly handshake: ClientHandshake;
  readonly layer: MessageLayer;
  readonly transactions = new TransactionTable<PendingCall>();
  readonly requests = new Map<number, StreamRequest>();
  private readonly dispatcher: ClientDispatcher;
  private nextHandle = 1;
  private stateValue: ClientSessionState = 'idle';
  private failure: unknown;
  private out: SessionOutput[] = [];
  /** During a receive() given `onOutput`: where outputs go as they happen. */
  private sink: ((output: SessionOutput) => void) | null = null;
  /** Encoding options for our commands (AMF3 framing when asked). */
  readonly encodeOptions: EncodeOptions;
  private bytesSentTotal = 0;
  /** RTMPE: the send cipher, for {@link ClientSession.encryptOutgoing}. */
  private sendCipher: RtmpeCiphers['encrypt'] | undefined;
  private outputsBeforeFailure: SessionOutput[] = [];
  private readonly dispatchMessage = (message: RtmpMessage) => this.dispatcher.dispatch(message);

  /** @throws {RtmpError} HANDSHAKE_INVALID_OPTION — a handshake option out of range. */
  constructor(options: ClientSessionOptions) {
    this.options = options;
    this.encodeOptions = options.amf3Commands ? { amf3: true } : {};
    this.handshake = new ClientHandshake({
      random: options.random,
      clock: options.clock,
      mode: options.handshake ?? 'digest',
      rtmpeType: options.rtmpeType,
      digestPolicy: options.digestPolicy,
    });
    this.layer = new MessageLayer({
      decoder: options.decoder,
      ownWindowAckSize: options.windowAckSize,
      ackWindowFraction: options.ackWindowFraction,
    });
    this.dispatcher = new ClientDispatcher(this, options);
  }

  /** Where the session is. */
  get state(): ClientSessionState {
    return this.stateValue;
  }

  /** Bytes received after the handshake (what Acknowledgements count). */
  get bytesReceived(): number {
    return this.layer.decoder.totalBytesReceived;
  }

  /** Bytes handed out for sending, handshake included. */
  get bytesSent(): number {
    return this.bytesSentTotal;
  }

  /**
   * Begins the handshake: returns C0+C1 to send.
   * @throws {RtmpError} SESSION_INVALID_STATE — called twice.
   */
  start(): SessionOutput[] {
    if (this.stateValue !== 'idle')
      throw sessionError(SessionErrorCode.InvalidState, `start() in state ${this.stateValue}`);
    this.stateValue = 'handshaking';
    this.emitBytes(this.handshake.start());
    return this.flush();
  }

  /**
   * Takes bytes from the peer; returns what to send and what happened.
   *
   * With `onOutput`, every output (earlier queued ones first) is handed to it as it happens,
   * while the bytes are decoded, and the returned array is empty: payloads then need only live
   * until `onOutput` returns, so the decoder may reuse its buffers (chunk decoder option
   * `payloadBuffers: 'reuse'`) and the caller may reuse `bytes`. `onOutput` must not call back
   * into this session (defer such calls until receive returns); an exception it throws fails
   * the session and is rethrown.
   * @throws {RtmpError} HANDSHAKE_* / CHUNK_* / COMMANDS_* / AMF0_* / SESSION_PROTOCOL_VIOLATION —
   *   the peer broke the protocol; the session is failed afterwards (SESSION_FAILED on later calls).
   */
  receive(bytes: Uint8Array, onOutput?: (output: SessionOutput) => void): SessionOutput[] {
    this.assertUsable();
    try {
      if (onOutput) {
        const queued = this.flush();
        this.sink = onOutput;
        for (const output of queued) onOutput(output);
      }
      if (this.stateValue === 'handshaking') {
        const step = this.handshake.receive(bytes);
        if (step.send) this.emitBytes(step.send);
        for (const warning of step.warnings) this.emit(handshakeWarningEvent(warning));
        if (!step.done) return this.flush();
        this.layer.installCiphers(step.done.ciphers);
        this.sendCipher = step.done.ciphers?.encrypt;
        this.emit({ type: 'handshake-completed', mode: step.done.mode, handshakeType: step.done.type });
        this.dispatcher.onHandshake(step.done);
        this.stateValue = 'connecting';
        sendConnect(this, this.options);
        if (step.done.leftover.length === 0) return this.flush();
        bytes = step.done.leftover;
      } else if (this.stateValue === 'idle') {
        throw sessionError(SessionErrorCode.InvalidState, 'receive() before start()');
      }
      this.layer.receive(bytes, this.dispatchMessage);
      const ack = this.layer.takeAcknowledgement();
      if (ack) this.emitBytes(ack);
      return this.flush();
    } catch (error) {
      this.stateValue = 'failed';
      this.failure = error;
      // What the same bytes produced before the error (Play.Start, media...) stays available.
      this.outputsBeforeFailure = this.out;
      this.out = [];
      throw error;
    } finally {
      this.sink = null;
    }
  }

  /**
   * After `receive()` threw: the outputs those bytes produced before the error (events for the
   * media and statuses that preceded the malformed data). Returns them once.
   */
  takeOutputsBeforeFailure(): SessionOutput[] {
    const out = this.outputsBeforeFailure;
    this.outputsBeforeFailure = [];
    return out;
  }

  /**
   * Starts playing a stream: createStream → [FCSubscribe] → play → SetBufferLength.
   * Events: `stream-created`, `play-started` (or `request-failed`), media, `stream-ended`.
   * @throws {RtmpError} SESSION_NOT_CONNECTED / SESSION_TOO_MANY_STREAMS / COMMANDS_INVALID_VALUE
   */
  play(request: PlayRequest): StreamRequestStarted {
    const stream = this.openRequest('play', request, undefined);
    if (request.subscribe) sendFCSubscribe(this, request);
    return { handle: stream.handle, outputs: this.flush() };
  }

  /**
   * Starts publishing: [Set Chunk Size] → releaseStream → FCPublish → createStream → publish.
   * Send media after the `publish-started` event with {@link ClientSession.encodeMedia}.
   * @throws {RtmpError} SESSION_NOT_CONNECTED / SESSION_TOO_MANY_STREAMS / COMMANDS_INVALID_VALUE
   */
  publish(request: PublishRequest): StreamRequestStarted {
    this.assertConnected();
    sendPublishPreamble(this, request.name, this.options.publishChunkSize ?? 4096);
    const stream = this.openRequest('publish', undefined, request);
    return { handle: stream.handle, outputs: this.flush() };
  }

  /**
   * Encodes one audio (8), video (9) or data (18) message for a publishing request; returns the
   * bytes to send (already chunked and, for RTMPE, encrypted). Audio goes on csid 4, video on 6,
   * data on 4 (FFmpeg's layout).
   * @throws {RtmpError} SESSION_UNKNOWN_HANDLE / SESSION_NOT_PUBLISHING / CHUNK_MESSAGE_TOO_LARGE
   */
  encodeMedia(handle: number, typeId: number, timestamp: number, payload: Uint8Array): Uint8Array {
    const request = publishingRequest(this.requests, handle);
    request.lastTimestamp = timestamp;
    const csid = typeId === MessageType.Video ? ChunkStreamId.Video : ChunkStreamId.Audio;
    const bytes = this.layer.send({ typeId, streamId: request.streamId, timestamp, payload }, csid);
    this.bytesSentTotal += bytes.length;
    return bytes;
  }

  /**
   * Like {@link ClientSession.encodeMedia}, but chunks the message into `target` at `offset` (a
   * batch buffer of the caller's, sent with one write) and returns the offset after it, or -1
   * when it does not fit (nothing written, no state changed: send the batch and retry in an
   * emptier or larger buffer). The bytes are NOT encrypted: pass each batch to
   * {@link ClientSession.encryptOutgoing} right before writing it. Until a batch is written, send
   * nothing else on the stream's chunk streams (its media and its stream commands such as
   * closeStream, csid 4 and 6): their headers are compressed against the batched messages.
   * Protocol control (acknowledgements, pongs) and NetConnection commands may go out first.
   * @throws {RtmpError} as {@link ClientSession.encodeMedia}
   */
  encodeMediaInto(
    handle: number,
    typeId: number,
    timestamp: number,
    payload: Uint8Array,
    target: Uint8Array,
    offset: number,
  ): number {
    const request = publishingRequest(this.requests, handle);
    const csid = typeId === MessageType.Video ? ChunkStreamId.Video : ChunkStreamId.Audio;
    const message = { typeId, streamId: request.streamId, timestamp, payload };
    const end = this.layer.encoder.encodeInto(message, csid, target, offset);
    if (end < 0) return -1;
    request.lastTimestamp = timestamp;
    this.bytesSentTotal += end - offset;
    return end;
  }

  /**
   * RTMPE: encrypts, in place, bytes from {@link ClientSession.encodeMediaInto} (no-op on plain
   * RTMP). RC4 is a stream cipher: call it once per range, in the order the ranges are written,
   * right before writing each (other session outputs are encrypted when they are produced).
   */
  encryptOutgoing(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.sendCipher?.process(bytes, start, end);
  }

  /**
   * Encodes `@setDataFrame("onMetaData", metadata)` for a publishing request.
   * @throws {RtmpError} as {@link ClientSession.encodeMedia}
   */
  encodeMetadata(handle: number, metadata: Amf0Value, timestamp = 0): Uint8Array {
    const body = encodeSetDataFrame(metadata, 'onMetaData', this.encodeOptions);
    return this.encodeMedia(handle, dataTypeId(this.encodeOptions), timestamp, body);
  }

  /** Pauses (`true`) or resumes a play request at `positionMs` (default: the last media timestamp). */
  pause(handle: number, paused: boolean, positionMs?: number): SessionOutput[] {
    this.queuePause(this.activeRequest(handle), paused, positionMs);
    return this.flush();
  }

  /** @internal Queues a pause/unpause without flushing (used while handling received bytes). */
  queuePause(request: StreamRequest, paused: boolean, positionMs?: number): void {
    sendPause(this, request, paused, positionMs);
  }

  /** Seeks a play request to `positionMs`; `status` NetStream.Seek.Notify follows. */
  seek(handle: number, positionMs: number): SessionOutput[] {
    sendSeek(this, this.activeRequest(handle), positionMs);
    return this.flush();
  }

  /**
   * Calls a server method; the answer arrives as a `call-answered` event with the returned id.
   * @throws {RtmpError} SESSION_NOT_CONNECTED / COMMANDS_TOO_MANY_PENDING / COMMANDS_INVALID_VALUE
   */
  call(name: string, args: readonly Amf0Value[] = []): { transactionId: number; outputs: SessionOutput[] } {
    this.assertConnected();
    const transactionId = this.transactions.allocate(name, { kind: 'call', name });
    this.sendCommand(encodeCall(name, transactionId, args, null, this.encodeOptions));
    return { transactionId, outputs: this.flush() };
  }

  /** Ends one request: FCUnpublish + closeStream + deleteStream (publish) or deleteStream (play). */
  closeStream(handle: number): SessionOutput[] {
    const request = this.requests.get(handle);
    if (!request || this.stateValue !== 'connected') return this.flush();
    closeStreamRequest(this, request);
    return this.flush();
  }

  /** Ends every request and marks the session closed; returns the last bytes to send. */
  close(): SessionOutput[] {
    if (this.stateValue === 'connected')
      for (const request of [...this.requests.values()]) closeStreamRequest(this, request);
    if (this.stateValue !== 'failed' && this.stateValue !== 'closed') {
      this.stateValue = 'closed';
      this.emit({ type: 'closed', reason: 'local-close' });
    }
    return this.flush();
  }

  // ---- used by ClientDispatcher -------------------------------------------------------------

  /** @internal Queues bytes for the caller. */
  emitBytes(bytes: Uint8Array): void {
    this.bytesSentTotal += bytes.length;
    if (this.sink !== null) this.sink({ type: 'send', bytes });
    else this.out.push({ type: 'send', bytes });
  }

  /** @internal Queues an event for the caller. */
  emit(event: SessionEvent): void {
    if (this.sink !== null) this.sink({ type: 'event', event });
    else this.out.push({ type: 'event', event });
  }

  /** @internal Sends a NetConnection command on csid 3, stream 0. */
  sendCommand(body: Uint8Array): void {
    this.emitBytes(
      this.layer.send(
        { typeId: commandTypeId(this.encodeOptions), streamId: 0, timestamp: 0, payload: body },
        ChunkStreamId.Command,
      ),
    );
  }

  /** @internal Sends a NetStream command on csid 8 with the request's stream id. */
  sendStreamCommand(request: StreamRequest, body: Uint8Array): void {
    const csid = request.kind === 'publish' ? ChunkStreamId.Media : ChunkStreamId.StreamCommand;
    const message: RtmpMessage = {
      typeId: commandTypeId(this.encodeOptions),
      streamId: request.streamId ?? 0,
      timestamp: 0,
      payload: body,
    };
    this.emitBytes(this.layer.send(message, csid));
  }

  /** @internal The connect `_result` arrived. */
  markConnected(): void {
    this.stateValue = 'connected';
  }

  /** @internal The server closed the NetConnection. */
  markClosed(): void {
    this.stateValue = 'closed';
  }

  /** @internal createStream answered: continue the request's flow (play or publish). */
  continueRequest(request: StreamRequest, streamId: number): void {
    continueStreamRequest(this, request, streamId);
  }

  // ---- internals ------------------------------------------------------------------------------

  private openRequest(kind: 'play' | 'publish', play?: PlayRequest, publish?: PublishRequest): StreamRequest {
    this.assertConnected();
    assertStreamCapacity(this.requests, this.options.maxStreams ?? 64);
    return openStreamRequest(this, this.nextHandle++, kind, play, publish);
  }

  private activeRequest(handle: number): StreamRequest {
    this.assertConnected();
    return startedRequest(this.requests, handle);
  }

  private assertUsable(): void {
    if (this.stateValue === 'failed')
      throw sessionError(SessionErrorCode.Failed, 'the session failed earlier', { cause: this.failure });
  }

  private assertConnected(): void {
    this.assertUsable();
    if (this.stateValue !== 'connected')
      throw sessionError(SessionErrorCode.NotConnected, `the session is ${this.stateValue}, not connected`);
  }

  private flush(): SessionOutput[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** @internal Sends `_checkbw` once (librtmp answers the first onBWDone this way). */
  sendCheckBandwidth(): void {
    sendCheckBandwidth(this);
  }
}
