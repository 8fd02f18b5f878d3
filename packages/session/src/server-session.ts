/**
 * ServerSession: the sans-IO server side of an RTMP connection (RTMP spec 5–7; protocol.md §5.4
 * seen from the server; nginx-rtmp's and FMS's answers). It runs the server handshake (plain,
 * digest, RTMPE), answers createStream, releaseStream, FCPublish, pings and acknowledgements by
 * itself, and reports connect/play/publish requests as events for the application to accept or
 * reject. Used by @rtmp/server and by the tests as an in-memory peer.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { ChunkStreamId, decodeUserControl, unpackAggregate } from '@rtmp/chunk';
import {
  type DecodedCommand,
  decodeCommand,
  encodeClose,
  encodeError,
  encodeOnBWDone,
  encodeOnMetaData,
  encodeOnStatus,
  encodeResult,
  encodeRtmpSampleAccess,
  type StatusInfoInput,
} from '@rtmp/commands';
import { MessageType, type RtmpMessage } from '@rtmp/core';
import { ServerHandshake } from '@rtmp/handshake';
import { handshakeWarningEvent } from './handshake-warning.js';
import { dataEvent, mediaEvent } from './media-events.js';
import { isControlMessage, MessageLayer } from './message-layer.js';
import { encodeCallFailed, encodeConnectSuccess } from './server-answers.js';
import type { ServerSessionEvent } from './server-session-events.js';
import type { ServerSessionOptions } from './server-session-options.js';
import { SessionErrorCode, sessionError } from './session-error.js';
import type { SessionOutput } from './session-output.js';

export type { ServerSessionOptions } from './server-session-options.js';

type Out = SessionOutput<ServerSessionEvent>;

/** Media csids the server sends on (audio 6, video 7, data/commands 5: nginx-rtmp's layout). */
const CSID_AUDIO = 6;
const CSID_VIDEO = 7;
const CSID_STREAM = 5;
/** Commands a client may pipeline before its connect is answered. */
const MAX_PIPELINED_COMMANDS = 16;

/** The sans-IO RTMP server session. One instance per accepted connection. */
export class ServerSession {
  private readonly options: ServerSessionOptions;
  private readonly handshake: ServerHandshake;
  readonly layer: MessageLayer;
  private state: 'handshaking' | 'awaiting-connect' | 'connect-pending' | 'connected' | 'closed' | 'failed' =
    'handshaking';
  private out: Out[] = [];
  private connectTransaction = 1;
  private readonly streams = new Set<number>();
  private nextStreamId = 1;
  private objectEncoding = 0;
  private readonly dispatchMessage = (message: RtmpMessage) => this.dispatch(message, false);
  private readonly pendingCommands: Array<{ command: DecodedCommand; streamId: number }> = [];

  /** @throws {RtmpError} HANDSHAKE_INVALID_OPTION */
  constructor(options: ServerSessionOptions) {
    this.options = options;
    this.handshake = new ServerHandshake({
      random: options.random,
      clock: options.clock,
      acceptTypes: options.acceptTypes,
      digestPolicy: options.digestPolicy ?? 'warn',
    });
    this.layer = new MessageLayer({ decoder: options.decoder, ownWindowAckSize: options.windowAckSize });
  }

  /** True after connect was accepted. */
  get connected(): boolean {
    return this.state === 'connected';
  }

  /**
   * Takes bytes from the client.
   * @throws {RtmpError} HANDSHAKE_* / CHUNK_* / COMMANDS_* — the client broke the protocol (the session is failed).
   */
  receive(bytes: Uint8Array): Out[] {
    if (this.state === 'failed') throw sessionError(SessionErrorCode.Failed, 'the session failed earlier');
    try {
      if (this.state === 'handshaking') {
        const step = this.handshake.receive(bytes);
        if (step.send) this.send(step.send);
        for (const warning of step.warnings) this.emit(handshakeWarningEvent(warning));
        if (!step.done) return this.flush();
        this.layer.installCiphers(step.done.ciphers);
        this.state = 'awaiting-connect';
        this.emit({ type: 'handshake-completed', mode: step.done.mode, handshakeType: step.done.type });
        bytes = step.done.leftover;
      }
      this.layer.receive(bytes, this.dispatchMessage);
      const ack = this.layer.takeAcknowledgement();
      if (ack) this.send(ack);
      return this.flush();
    } catch (error) {
      this.state = 'failed';
      this.out = [];
      throw error;
    }
  }

  /** Accepts connect: Window Ack Size, Set Peer Bandwidth, Set Chunk Size, `_result`, onBWDone. */
  acceptConnect(description = 'Connection succeeded.'): Out[] {
    if (this.state !== 'connect-pending')
      throw sessionError(SessionErrorCode.InvalidState, `acceptConnect() in state ${this.state}`);
    const window = this.options.windowAckSize ?? 2_500_000;
    this.send(this.layer.sendControl({ type: 'windowAckSize', windowSize: window }));
    this.send(this.layer.sendControl({ type: 'setPeerBandwidth', windowSize: window, limitType: 2 }));
    const chunkSize = this.options.chunkSize ?? 4096;
    if (chunkSize !== 128) this.send(this.layer.sendControl({ type: 'setChunkSize', chunkSize }));
    const properties = this.options.serverProperties;
    this.command(encodeConnectSuccess(this.connectTransaction, properties, description, this.objectEncoding));
    this.command(encodeOnBWDone([0]));
    this.state = 'connected';
    for (const { command, streamId } of this.pendingCommands.splice(0)) this.onCommand(command, streamId);
    return this.flush();
  }

  /** Rejects connect with `_error` (NetConnection.Connect.Rejected) then `close`. */
  rejectConnect(description: string, code = 'NetConnection.Connect.Rejected'): Out[] {
    this.command(encodeError(this.connectTransaction, null, { level: 'error', code, description }));
    this.command(encodeClose());
    this.state = 'closed';
    return this.flush();
  }

  /**
   * Accepts a play: [StreamIsRecorded], StreamBegin, onStatus Play.Reset + Play.Start, |RtmpSampleAccess.
   * Then send media with {@link ServerSession.encodeMedia} and finish with {@link ServerSession.endPlay}.
   */
  acceptPlay(streamId: number, name: string, options: { recorded?: boolean } = {}): Out[] {
    this.requireStream(streamId);
    if (options.recorded) this.send(this.layer.sendUserControl({ type: 'streamIsRecorded', streamId }));
    this.send(this.layer.sendUserControl({ type: 'streamBegin', streamId }));
    this.status(streamId, {
      level: 'status',
      code: 'NetStream.Play.Reset',
      description: `Playing and resetting ${name}.`,
    });
    this.status(streamId, {
      level: 'status',
      code: 'NetStream.Play.Start',
      description: `Started playing ${name}.`,
    });
    this.streamMessage(streamId, MessageType.DataAmf0, encodeRtmpSampleAccess(true, true));
    return this.flush();
  }

  /** Refuses a play (default NetStream.Play.StreamNotFound). */
  rejectPlay(streamId: number, description: string, code = 'NetStream.Play.StreamNotFound'): Out[] {
    this.status(streamId, { level: 'error', code, description });
    return this.flush();
  }

  /** Ends a play: StreamEOF, onStatus NetStream.Play.Stop. */
  endPlay(streamId: number, description = 'Stopped playing.'): Out[] {
    this.send(this.layer.sendUserControl({ type: 'streamEof', streamId }));
    this.status(streamId, { level: 'status', code: 'NetStream.Play.Stop', description });
    return this.flush();
  }

  /** Accepts a publish: onStatus NetStream.Publish.Start. */
  acceptPublish(streamId: number, name: string): Out[] {
    this.requireStream(streamId);
    this.status(streamId, {
      level: 'status',
      code: 'NetStream.Publish.Start',
      description: `${name} is now published.`,
    });
    return this.flush();
  }

  /** Refuses a publish (default NetStream.Publish.BadName). */
  rejectPublish(streamId: number, description: string, code = 'NetStream.Publish.BadName'): Out[] {
    this.status(streamId, { level: 'error', code, description });
    return this.flush();
  }

  /** Sends any onStatus on a stream. */
  sendStatus(streamId: number, info: StatusInfoInput): Out[] {
    this.status(streamId, info);
    return this.flush();
  }

  /** Answers a `command-received` call with `_result` (or `_error` when `ok` is false). */
  respond(transactionId: number, ok: boolean, info: Amf0Value): Out[] {
    this.command(ok ? encodeResult(transactionId, null, info) : encodeError(transactionId, null, info));
    return this.flush();
  }

  /** Sends a PingRequest (the client's PingResponse arrives as `ponged`). */
  ping(timestamp: number): Out[] {
    this.send(this.layer.sendUserControl({ type: 'pingRequest', timestamp }));
    return this.flush();
  }

  /**
   * Encodes one audio/video/data message for a playing stream; returns the bytes to send.
   * @throws {RtmpError} CHUNK_MESSAGE_TOO_LARGE / CHUNK_INVALID_MESSAGE
   */
  encodeMedia(streamId: number, typeId: number, timestamp: number, payload: Uint8Array): Uint8Array {
    const csid =
      typeId === MessageType.Audio ? CSID_AUDIO : typeId === MessageType.Video ? CSID_VIDEO : CSID_STREAM;
    return this.layer.send({ typeId, streamId, timestamp, payload }, csid);
  }

  /** Encodes `onMetaData` for a playing stream. */
  encodeMetadata(streamId: number, metadata: Readonly<Record<string, Amf0Value>>, timestamp = 0): Uint8Array {
    return this.encodeMedia(streamId, MessageType.DataAmf0, timestamp, encodeOnMetaData(metadata));
  }

  /** Sends `close` and marks the session closed. */
  close(): Out[] {
    if (this.state === 'connected') this.command(encodeClose());
    this.state = 'closed';
    return this.flush();
  }

  // ---- incoming ---------------------------------------------------------------------------------

  private dispatch(message: RtmpMessage, fromAggregate: boolean): void {
    const { typeId } = message;
    if (isControlMessage(typeId)) {
      const { observation, reply } = this.layer.handleControl(message);
      if (reply) this.send(reply);
      if (observation.type === 'chunk-size')
        this.emit({ type: 'chunk-size-changed', direction: 'in', size: observation.size });
      else if (observation.type === 'acknowledgement')
        this.emit({ type: 'acknowledged', sequenceNumber: observation.sequenceNumber });
      else if (observation.type === 'window-ack-size')
        this.emit({ type: 'bandwidth', kind: 'window-ack-size', value: observation.size });
      return;
    }
    switch (typeId) {
      case MessageType.UserControl: {
        const event = decodeUserControl(message.payload);
        if (event.type === 'setBufferLength')
          this.emit({
            type: 'buffer-length-set',
            streamId: event.streamId,
            bufferLength: event.bufferLength,
          });
        else if (event.type === 'pingResponse') this.emit({ type: 'ponged', timestamp: event.timestamp });
        else if (event.type === 'pingRequest')
          this.send(this.layer.sendUserControl({ type: 'pingResponse', timestamp: event.timestamp }));
        return;
      }
      case MessageType.Audio:
      case MessageType.Video:
        this.emit(mediaEvent(message, fromAggregate));
        return;
      case MessageType.DataAmf0:
      case MessageType.DataAmf3:
        this.emit(dataEvent(message, fromAggregate, this.options.commandDecode));
        return;
      case MessageType.Aggregate:
        for (const sub of unpackAggregate(message)) this.dispatch(sub, true);
        return;
      case MessageType.CommandAmf0:
      case MessageType.CommandAmf3:
        this.onCommand(decodeCommand(message, this.options.commandDecode), message.streamId);
        return;
      default:
        this.emit({
          type: 'warning',
          code: 'SESSION_UNKNOWN_MESSAGE_TYPE',
          message: `ignored message type ${typeId}`,
          details: { typeId },
        });
    }
  }

  private onCommand(command: DecodedCommand, streamId: number): void {
    if (command.kind === 'connect') {
      if (this.state !== 'awaiting-connect')
        throw sessionError(SessionErrorCode.ProtocolViolation, 'connect sent twice');
      this.connectTransaction = command.transactionId;
      this.objectEncoding = command.params.objectEncoding === 3 ? 3 : 0;
      this.state = 'connect-pending';
      this.emit({ type: 'connect-requested', params: command.params, args: command.args });
      return;
    }
    if (this.state === 'connect-pending') {
      // A pipelining client (commands sent before the connect answer): keep them, bounded, and
      // handle them once the application accepts the connect.
      if (this.pendingCommands.length >= MAX_PIPELINED_COMMANDS) {
        throw sessionError(
          SessionErrorCode.ProtocolViolation,
          `more than ${MAX_PIPELINED_COMMANDS} commands before connect was answered`,
        );
      }
      this.pendingCommands.push({ command, streamId });
      return;
    }
    if (this.state !== 'connected')
      throw sessionError(SessionErrorCode.NotConnected, `${command.name} before connect was accepted`);
    switch (command.kind) {
      case 'createStream': {
        const max = this.options.maxStreams ?? 16;
        if (this.streams.size >= max) {
          this.command(encodeCallFailed(command.transactionId, `at most ${max} streams`));
          return;
        }
        const id = this.nextStreamId++;
        this.streams.add(id);
        this.command(encodeResult(command.transactionId, null, id));
        this.emit({ type: 'stream-created', streamId: id });
        return;
      }
      case 'play':
        this.emit({
          type: 'play-requested',
          streamId,
          name: command.streamName,
          start: command.start,
          duration: command.duration,
          reset: command.reset,
        });
        return;
      case 'publish':
        this.emit({
          type: 'publish-requested',
          streamId,
          name: command.streamName,
          publishType: command.publishType,
        });
        return;
      case 'pause':
        this.emit({ type: 'pause-requested', streamId, paused: command.pause, position: command.position });
        return;
      case 'seek':
        this.emit({ type: 'seek-requested', streamId, position: command.position });
        return;
      case 'deleteStream':
        this.streams.delete(command.streamId);
        this.emit({ type: 'stream-closed', streamId: command.streamId, reason: 'deleteStream' });
        return;
      case 'closeStream':
        this.emit({ type: 'stream-closed', streamId, reason: 'closeStream' });
        return;
      case 'releaseStream':
      case 'FCPublish':
      case 'FCSubscribe':
      case 'FCUnsubscribe':
      case '_checkbw':
        if (command.transactionId !== 0) this.command(encodeResult(command.transactionId, null, null));
        return;
      case 'FCUnpublish':
        if (command.transactionId !== 0) this.command(encodeResult(command.transactionId, null, null));
        this.emit({ type: 'stream-closed', streamId, reason: 'FCUnpublish' });
        return;
      default:
        this.emit({ type: 'command-received', streamId, command });
    }
  }

  // ---- outgoing helpers -------------------------------------------------------------------------

  private requireStream(streamId: number): void {
    if (!this.streams.has(streamId))
      throw sessionError(SessionErrorCode.UnknownHandle, `no stream ${streamId} on this connection`);
  }

  private status(streamId: number, info: StatusInfoInput): void {
    this.streamMessage(streamId, MessageType.CommandAmf0, encodeOnStatus(info));
  }

  private streamMessage(streamId: number, typeId: number, payload: Uint8Array): void {
    this.send(this.layer.send({ typeId, streamId, timestamp: 0, payload }, CSID_STREAM));
  }

  private command(payload: Uint8Array): void {
    this.send(
      this.layer.send(
        { typeId: MessageType.CommandAmf0, streamId: 0, timestamp: 0, payload },
        ChunkStreamId.Command,
      ),
    );
  }

  private send(bytes: Uint8Array): void {
    this.out.push({ type: 'send', bytes });
  }

  private emit(event: ServerSessionEvent): void {
    this.out.push({ type: 'event', event });
  }

  private flush(): Out[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
