/**
 * The commands ClientSession builds and sends on its caller's behalf (RTMP spec 7.2.1–7.2.2;
 * protocol.md §5.2–5.4): connect, the NetConnection halves of the play and publish flows
 * (FCSubscribe; Set Chunk Size, releaseStream, FCPublish), pause, seek and `_checkbw`, as librtmp
 * (`SendConnectPacket`, `SendFCSubscribe`, `SendReleaseStream`, `SendFCPublish`, `RTMP_SendPause`,
 * `RTMP_SendSeek`, `SendCheckBW`) and FFmpeg send them.
 */
import {
  encodeCheckBandwidth,
  encodeConnect,
  encodeFCPublish,
  encodeFCSubscribe,
  encodePause,
  encodeReleaseStream,
  encodeSeek,
} from '@rtmp/commands';
import type { ClientSession } from './client-session.js';
import type { ClientSessionOptions, PlayRequest } from './client-session-options.js';
import type { StreamRequest } from './stream-request.js';

/**
 * Sends `connect` with the session's command object, auth and extra arguments.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — a connect parameter that cannot be encoded.
 */
export function sendConnect(session: ClientSession, options: ClientSessionOptions): void {
  const transactionId = session.transactions.allocate('connect', { kind: 'connect' });
  const connectOptions = {
    ...session.encodeOptions,
    transactionId,
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(options.connectArgs ? { args: options.connectArgs } : {}),
  };
  session.sendCommand(encodeConnect(options.connect, connectOptions));
}

/**
 * Sends FCSubscribe for a play request that asks for it (`subscribe`: the play name or its own).
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING / COMMANDS_INVALID_VALUE
 */
export function sendFCSubscribe(session: ClientSession, request: PlayRequest): void {
  session.sendCommand(
    encodeFCSubscribe(
      session.transactions.allocate('FCSubscribe', { kind: 'ignore' }),
      typeof request.subscribe === 'string' ? request.subscribe : request.name,
      session.encodeOptions,
    ),
  );
}

/**
 * What precedes a publish's createStream: Set Chunk Size to `chunkSize` (when positive and not
 * the current size), releaseStream and FCPublish of `name`.
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING / COMMANDS_INVALID_VALUE
 */
export function sendPublishPreamble(session: ClientSession, name: string, chunkSize: number): void {
  if (chunkSize > 0 && session.layer.encoder.chunkSize !== chunkSize) {
    session.emitBytes(session.layer.sendControl({ type: 'setChunkSize', chunkSize }));
    session.emit({ type: 'chunk-size-changed', direction: 'out', size: chunkSize });
  }
  session.sendCommand(
    encodeReleaseStream(
      session.transactions.allocate('releaseStream', { kind: 'ignore' }),
      name,
      session.encodeOptions,
    ),
  );
  session.sendCommand(
    encodeFCPublish(
      session.transactions.allocate('FCPublish', { kind: 'ignore' }),
      name,
      session.encodeOptions,
    ),
  );
}

/**
 * Sends pause (`true`) or unpause at `positionMs` (default: the request's last media timestamp).
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING
 */
export function sendPause(
  session: ClientSession,
  request: StreamRequest,
  paused: boolean,
  positionMs: number | undefined,
): void {
  const transactionId = session.transactions.allocate('pause', { kind: 'ignore' });
  session.sendStreamCommand(
    request,
    encodePause(transactionId, paused, positionMs ?? request.lastTimestamp, session.encodeOptions),
  );
}

/**
 * Sends seek to `positionMs`.
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING
 */
export function sendSeek(session: ClientSession, request: StreamRequest, positionMs: number): void {
  session.sendStreamCommand(
    request,
    encodeSeek(session.transactions.allocate('seek', { kind: 'ignore' }), positionMs, session.encodeOptions),
  );
}

/**
 * Sends `_checkbw` (librtmp answers the first onBWDone this way).
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING
 */
export function sendCheckBandwidth(session: ClientSession): void {
  session.sendCommand(
    encodeCheckBandwidth(
      session.transactions.allocate('_checkbw', { kind: 'ignore' }),
      session.encodeOptions,
    ),
  );
}
