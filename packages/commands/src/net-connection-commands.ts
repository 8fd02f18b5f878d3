/**
 * Client → server NetConnection commands (RTMP spec 7.2.1; protocol.md §5.3): createStream,
 * deleteStream, releaseStream, FCPublish, FCUnpublish, FCSubscribe, FCUnsubscribe,
 * getStreamLength, `_checkbw` and the generic `call`. All are sent with a null command object on
 * message stream 0 (csid 3 by convention), except where protocol.md notes otherwise.
 */

import type { Amf0Value } from '@rtmp/amf0';
import { type EncodeOptions, encodeCommand, invalidValue } from './encode-command.js';

/**
 * `createStream(txn, null)`; answered by `_result(txn, null, streamId)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeCreateStream(transactionId: number, options?: EncodeOptions): Uint8Array {
  return encodeCommand('createStream', transactionId, null, [], options);
}

/**
 * `deleteStream(txn, null, streamId)`; no answer expected.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or stream id
 */
export function encodeDeleteStream(
  transactionId: number,
  streamId: number,
  options?: EncodeOptions,
): Uint8Array {
  if (!Number.isFinite(streamId) || streamId < 0) invalidStreamId(streamId);
  return encodeCommand('deleteStream', transactionId, null, [streamId], options);
}

function named(command: string) {
  return (transactionId: number, streamName: string, options?: EncodeOptions): Uint8Array => {
    if (typeof streamName !== 'string') throw invalidValue('streamName', streamName, 'must be a string');
    return encodeCommand(command, transactionId, null, [streamName], options);
  };
}

/**
 * `releaseStream(txn, null, name)` before publishing (errors are ignored by clients).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeReleaseStream: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('releaseStream');
/**
 * `FCPublish(txn, null, name)`; servers answer with `onFCPublish` or nothing.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeFCPublish: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('FCPublish');
/**
 * `FCUnpublish(txn, null, name)` when a publisher stops.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeFCUnpublish: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('FCUnpublish');
/**
 * `FCSubscribe(txn, null, name)` before playing a live stream (rtmpdump `--live`/`--subscribe`).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeFCSubscribe: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('FCSubscribe');
/**
 * `FCUnsubscribe(txn, null, name)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeFCUnsubscribe: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('FCUnsubscribe');
/**
 * `getStreamLength(txn, null, name)` (FFmpeg, before playing recorded streams); answered by
 * `_result(txn, null, seconds)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id or name
 */
export const encodeGetStreamLength: (
  transactionId: number,
  streamName: string,
  options?: EncodeOptions,
) => Uint8Array = named('getStreamLength');

/**
 * `_checkbw(txn, null)`, the answer to `onBWDone`; the server then runs `_onbwcheck`/`_onbwdone`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeCheckBandwidth(transactionId: number, options?: EncodeOptions): Uint8Array {
  return encodeCommand('_checkbw', transactionId, null, [], options);
}

/**
 * A NetConnection.call: `name(txn, commandObject, ...args)`; use txn 0 when no answer is wanted.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — empty name or bad transaction id
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeCall(
  name: string,
  transactionId: number,
  args: readonly Amf0Value[] = [],
  commandObject: Amf0Value = null,
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand(name, transactionId, commandObject, args, options);
}

function invalidStreamId(streamId: number): never {
  throw invalidValue('streamId', streamId, 'a stream id must be a non-negative finite number');
}
