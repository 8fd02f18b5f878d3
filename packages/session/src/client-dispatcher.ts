/**
 * What the client does with each message from the server (librtmp `RTMP_ClientPacket`,
 * protocol.md §3 and §5.3): protocol and user control, command answers and notifications,
 * data messages and media. Split from ClientSession to keep each file one concept.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { decodeUserControl, unpackAggregate } from '@rtmp/chunk';
import {
  type DecodedCommand,
  decodeCommand,
  decryptSecureToken,
  encodeCall,
  encodePong,
  encodeResult,
  encodeSecureTokenResponse,
  swfVerificationResponse,
} from '@rtmp/commands';
import { MessageType, type RtmpMessage } from '@rtmp/core';
import type { HandshakeCompletion } from '@rtmp/handshake';
import type { ClientSession } from './client-session.js';
import type { ClientSessionOptions } from './client-session-options.js';
import { dataEvent, mediaEvent } from './media-events.js';
import { isControlMessage } from './message-layer.js';
import { applyStreamStatus, errorStatus, failRequest } from './request-status.js';
import { SessionErrorCode, sessionError } from './session-error.js';
import { requestForStream } from './stream-request-table.js';

/** What a pending transaction was for. */
export type PendingCall =
  | { kind: 'connect' }
  | { kind: 'createStream'; handle: number }
  | { kind: 'stream'; handle: number }
  | { kind: 'call'; name: string }
  | { kind: 'ignore' };

/** Routes every incoming message of a {@link ClientSession}. */
export class ClientDispatcher {
  private peerPacket1: Uint8Array | undefined;
  private bandwidthChecked = false;
  private serverWindow = 0;

  constructor(
    private readonly session: ClientSession,
    private readonly options: ClientSessionOptions,
  ) {}

  onHandshake(done: HandshakeCompletion): void {
    this.peerPacket1 = done.peerPacket1;
  }

  dispatch(message: RtmpMessage, fromAggregate = false): void {
    const { typeId } = message;
    if (isControlMessage(typeId)) {
      this.onControl(message);
      return;
    }
    switch (typeId) {
      case MessageType.UserControl:
        this.onUserControl(message);
        return;
      case MessageType.Audio:
        this.onMedia(message, fromAggregate);
        return;
      case MessageType.Video:
        this.onMedia(message, fromAggregate);
        return;
      case MessageType.DataAmf0:
      case MessageType.DataAmf3:
        this.onData(message, fromAggregate);
        return;
      case MessageType.CommandAmf0:
      case MessageType.CommandAmf3:
        this.onCommand(decodeCommand(message, this.options.commandDecode), message.streamId);
        return;
      case MessageType.Aggregate:
        for (const sub of unpackAggregate(message)) this.dispatch(sub, true);
        return;
      default:
        this.session.emit({
          type: 'warning',
          code: 'SESSION_UNKNOWN_MESSAGE_TYPE',
          message: `ignored message type ${typeId}`,
          details: { typeId },
        });
    }
  }

  private onControl(message: RtmpMessage): void {
    const { observation, reply } = this.session.layer.handleControl(message);
    if (reply) this.session.emitBytes(reply);
    switch (observation.type) {
      case 'chunk-size':
        this.session.emit({ type: 'chunk-size-changed', direction: 'in', size: observation.size });
        break;
      case 'window-ack-size':
        this.serverWindow = observation.size;
        this.session.emit({ type: 'bandwidth', kind: 'window-ack-size', value: observation.size });
        break;
      case 'peer-bandwidth':
        this.session.emit({
          type: 'bandwidth',
          kind: 'peer-bandwidth',
          value: observation.size,
          limitType: observation.limitType,
        });
        break;
      case 'acknowledgement':
        this.session.emit({ type: 'acknowledged', sequenceNumber: observation.sequenceNumber });
        break;
      case 'abort':
        break;
    }
  }

  private onUserControl(message: RtmpMessage): void {
    const event = decodeUserControl(message.payload);
    switch (event.type) {
      case 'pingRequest':
        this.session.emitBytes(
          this.session.layer.sendUserControl({ type: 'pingResponse', timestamp: event.timestamp }),
        );
        this.session.emit({ type: 'pinged', timestamp: event.timestamp });
        return;
      case 'swfVerifyRequest': {
        const swf = this.options.swfVerification;
        if (!swf || !this.peerPacket1) {
          this.session.emit({
            type: 'warning',
            code: 'SESSION_SWF_VERIFY_UNANSWERED',
            message: 'server asked for SWF verification; no swfhash/swfsize configured',
          });
          return;
        }
        const data = swfVerificationResponse(swf, this.peerPacket1);
        this.session.emitBytes(this.session.layer.sendUserControl({ type: 'swfVerifyResponse', data }));
        return;
      }
      case 'streamBegin':
      case 'streamEof':
      case 'streamDry':
      case 'streamIsRecorded':
      case 'bufferEmpty':
      case 'bufferReady': {
        const names = {
          streamBegin: 'stream-begin',
          streamEof: 'stream-eof',
          streamDry: 'stream-dry',
          streamIsRecorded: 'stream-is-recorded',
          bufferEmpty: 'buffer-empty',
          bufferReady: 'buffer-ready',
        } as const;
        this.session.emit({
          type: 'stream-control',
          event: names[event.type as keyof typeof names],
          streamId: event.streamId,
        });
        const request = requestForStream(this.session.requests, event.streamId);
        if (event.type === 'streamIsRecorded' && request) request.recorded = true;
        if (
          event.type === 'bufferEmpty' &&
          request &&
          request.kind === 'play' &&
          request.recorded &&
          this.options.bufferEmptyTrick
        ) {
          // librtmp "BUFX": pause and unpause at once, so the server refills the buffer now.
          // Queued, not flushed: the outputs of this receive() are still being collected.
          this.session.queuePause(request, true);
          this.session.queuePause(request, false);
        }
        return;
      }
      default:
        return;
    }
  }

  private onMedia(message: RtmpMessage, fromAggregate: boolean): void {
    const request = requestForStream(this.session.requests, message.streamId);
    if (request) request.lastTimestamp = message.timestamp;
    this.session.emit(mediaEvent(message, fromAggregate));
  }

  private onData(message: RtmpMessage, fromAggregate: boolean): void {
    const event = dataEvent(message, fromAggregate, this.options.commandDecode);
    if (event.type === 'data' && event.message.kind === 'onPlayStatus')
      applyStreamStatus(this.session, event.message.status, message.streamId, 'onPlayStatus');
    this.session.emit(event);
  }

  private onCommand(command: DecodedCommand, streamId: number): void {
    switch (command.kind) {
      case 'result':
      case 'error':
        this.onAnswer(command, streamId);
        return;
      case 'onStatus':
      case 'onFCPublish':
      case 'onFCUnpublish':
      case 'onFCSubscribe':
      case 'onFCUnsubscribe':
        applyStreamStatus(this.session, command.status, streamId, command.kind);
        return;
      default:
        break;
    }
    switch (command.name) {
      case 'onBWDone':
        this.session.emit({
          type: 'bandwidth',
          kind: 'bw-done',
          value: typeof command.args[0] === 'number' ? command.args[0] : 0,
        });
        if (this.options.checkBandwidth !== false && !this.bandwidthChecked) {
          this.bandwidthChecked = true;
          this.session.sendCheckBandwidth();
        }
        return;
      case '_onbwcheck':
        this.session.sendCommand(
          encodeResult(command.transactionId, null, 0, [], this.session.encodeOptions),
        );
        return;
      case '_onbwdone':
        return;
      case 'ping':
        this.session.sendCommand(encodePong(command.transactionId, this.session.encodeOptions));
        return;
      case 'close':
        this.session.markClosed();
        this.session.emit({ type: 'closed', reason: 'server-close' });
        return;
      default:
        this.session.emit({ type: 'command-received', streamId, command });
    }
  }

  private onAnswer(command: DecodedCommand & { kind: 'result' | 'error' }, streamId: number): void {
    const pending = this.session.transactions.match(command.transactionId);
    if (!pending) {
      this.session.emit({
        type: 'warning',
        code: 'SESSION_UNKNOWN_TRANSACTION',
        message: `${command.name} for unknown transaction ${command.transactionId}`,
        details: { transactionId: command.transactionId },
      });
      return;
    }
    const ok = command.kind === 'result';
    const call = pending.context;
    switch (call.kind) {
      case 'connect':
        if (ok) this.onConnected(command);
        else this.onRejected(command);
        return;
      case 'createStream': {
        const request = this.session.requests.get(call.handle);
        if (!request) return;
        if (!ok) {
          failRequest(this.session, request, command.status ?? errorStatus('createStream failed'));
          return;
        }
        if (typeof command.info !== 'number' || !Number.isInteger(command.info) || command.info < 0) {
          throw sessionError(
            SessionErrorCode.ProtocolViolation,
            `createStream answered with ${String(command.info)} instead of a stream id`,
          );
        }
        this.session.continueRequest(request, command.info);
        return;
      }
      case 'stream': {
        const request = this.session.requests.get(call.handle);
        if (request && !ok)
          failRequest(this.session, request, command.status ?? errorStatus(`${pending.name} failed`));
        return;
      }
      case 'call':
        this.session.emit({
          type: 'call-answered',
          transactionId: command.transactionId,
          name: call.name,
          ok,
          info: command.info,
          args: command.args,
        });
        return;
      case 'ignore':
        if (!ok)
          this.session.emit({
            type: 'warning',
            code: 'SESSION_CALL_REFUSED',
            message: `server refused ${pending.name}`,
            details: { streamId, status: command.status?.code },
          });
        return;
    }
  }

  private onConnected(command: DecodedCommand & { kind: 'result' | 'error' }): void {
    this.session.markConnected();
    const properties = (
      command.commandObject !== null && typeof command.commandObject === 'object'
        ? command.commandObject
        : Object.create(null)
    ) as Record<string, Amf0Value>;
    this.session.emit({ type: 'connected', properties, status: command.status });
    const token = command.status?.properties.secureToken;
    if (this.options.secureTokenKey && typeof token === 'string') {
      const answer = decryptSecureToken(token, this.options.secureTokenKey);
      this.session.sendCommand(encodeSecureTokenResponse(answer, this.session.encodeOptions));
    }
    if (this.options.usherToken) {
      // librtmp --jtv: the usher token right after the connect answer.
      this.session.sendCommand(
        encodeCall(
          'NetStream.Authenticate.UsherToken',
          0,
          [this.options.usherToken],
          null,
          this.session.encodeOptions,
        ),
      );
    }
    // Window Ack Size on connect: echo the server's window (librtmp), else the default.
    const window = this.serverWindow > 0 ? this.serverWindow : this.session.layer.ownWindowAckSize;
    this.session.emitBytes(this.session.layer.sendControl({ type: 'windowAckSize', windowSize: window }));
  }

  private onRejected(command: DecodedCommand & { kind: 'result' | 'error' }): void {
    this.session.emit({ type: 'connect-rejected', status: command.status, info: command.info });
  }
}
