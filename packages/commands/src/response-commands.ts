/**
 * Answers and notifications (RTMP spec 7.2.1.1 `_result`/`_error`, 7.2.2 `onStatus`; protocol.md
 * §5.1–§5.3): `_result`, `_error`, `onStatus`, `onBWDone`, `_onbwcheck`, `_onbwdone`,
 * `ping`/`pong`, `close`, `secureTokenResponse` (§6.3) and the `onFC*` notifications. Servers send
 * most of them; clients send `_result` (to `_onbwcheck`), `pong` and `secureTokenResponse`.
 */

import { type Amf0Object, type Amf0Value, encodeAmf0 } from '@rtmp/amf0';
import { encodeUtf8 } from '@rtmp/core';
import { type EncodeOptions, encodeCommand, frame, invalidValue, setProperty } from './encode-command.js';
import type { StatusCode, StatusLevel } from './status-codes.js';

/** A status information object to send: `level`, `code`, `description` and any extras. */
export interface StatusInfoInput {
  level: StatusLevel;
  code: StatusCode;
  description?: string;
  /** More properties (`details`, `clientid`, `objectEncoding`, …), written after the three above. */
  extra?: Readonly<Record<string, Amf0Value>>;
}

/** Builds the AMF object of a status info: level, code, description, extras. Throws nothing. */
export function statusObject(info: StatusInfoInput): Amf0Object {
  const object: Amf0Object = { level: info.level, code: info.code };
  if (info.description !== undefined) object.description = info.description;
  if (info.extra) {
    for (const key of Object.keys(info.extra)) {
      if (!Object.hasOwn(object, key)) setProperty(object, key, info.extra[key] as Amf0Value);
    }
  }
  return object;
}

function infoValue(info: Amf0Value | StatusInfoInput): Amf0Value {
  return isStatusInput(info) ? statusObject(info) : info;
}

function isStatusInput(value: unknown): value is StatusInfoInput {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.level === 'string' &&
    typeof v.code === 'string' &&
    (v.extra === undefined || typeof v.extra === 'object')
  );
}

/**
 * `_result(txn, properties, info, ...more)`; e.g. connect's `({fmsVer, capabilities}, {level,
 * code, description, objectEncoding})` or createStream's `(null, streamId)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeResult(
  transactionId: number,
  properties: Amf0Value,
  info?: Amf0Value | StatusInfoInput,
  more: readonly Amf0Value[] = [],
  options?: EncodeOptions,
): Uint8Array {
  const args = info === undefined ? [...more] : [infoValue(info), ...more];
  return encodeCommand('_result', transactionId, properties, args, options);
}

/**
 * `_error(txn, properties, info)`, e.g. `{level: "error", code: "NetConnection.Connect.Rejected"}`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeError(
  transactionId: number,
  properties: Amf0Value,
  info: Amf0Value | StatusInfoInput,
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand('_error', transactionId, properties, [infoValue(info)], options);
}

/**
 * `onStatus(0, null, {level, code, description, ...})` (txn 0: a notification).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — an extra AMF0 cannot hold
 */
export function encodeOnStatus(
  info: StatusInfoInput,
  transactionId = 0,
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand('onStatus', transactionId, null, [statusObject(info)], options);
}

/**
 * A status notification such as `onFCPublish`, `onFCSubscribe`, `onFCUnpublish`, `onFCUnsubscribe`:
 * `name(0, null, {level, code, description})`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — empty name
 */
export function encodeStatusNotification(
  name: string,
  info: StatusInfoInput,
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand(name, 0, null, [statusObject(info)], options);
}

/**
 * `onBWDone(0, null, ...args)` (server → client after connect; FMS adds kbit/s figures).
 * @throws {RtmpError} AMF0_UNENCODABLE — an argument AMF0 cannot hold
 */
export function encodeOnBWDone(args: readonly Amf0Value[] = [], options?: EncodeOptions): Uint8Array {
  return encodeCommand('onBWDone', 0, null, args, options);
}

/**
 * `_onbwcheck(txn, null, ...payload)` (server → client bandwidth probe; the client answers
 * `_result(txn, null, counter)`).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeOnBWCheck(
  transactionId: number,
  payload: readonly Amf0Value[] = [],
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand('_onbwcheck', transactionId, null, payload, options);
}

/**
 * `_onbwdone(0, null, ...results)` (server → client: bandwidth check finished).
 * @throws {RtmpError} AMF0_UNENCODABLE — a value AMF0 cannot hold
 */
export function encodeOnBWDoneResult(
  results: readonly Amf0Value[] = [],
  options?: EncodeOptions,
): Uint8Array {
  return encodeCommand('_onbwdone', 0, null, results, options);
}

/**
 * `ping(txn, null)` invoke (server → client keepalive; not the User Control ping).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodePing(transactionId: number, options?: EncodeOptions): Uint8Array {
  return encodeCommand('ping', transactionId, null, [], options);
}

/**
 * `pong(txn, null)`, librtmp's answer to a `ping` invoke.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodePong(transactionId: number, options?: EncodeOptions): Uint8Array {
  return encodeCommand('pong', transactionId, null, [], options);
}

/**
 * `close(0, null)`: the server closes the connection.
 * @throws nothing
 */
export function encodeClose(options?: EncodeOptions): Uint8Array {
  return encodeCommand('close', 0, null, [], options);
}

/**
 * `secureTokenResponse(0, null, answer)` (protocol.md §6.3). Bytes from
 * {@link decryptSecureToken} are written verbatim as the string's bytes (as librtmp does, even
 * when they are not UTF-8); a JS string is written as UTF-8.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — the answer is longer than 65535 bytes
 */
export function encodeSecureTokenResponse(answer: Uint8Array | string, options?: EncodeOptions): Uint8Array {
  const bytes = typeof answer === 'string' ? encodeUtf8(answer) : answer;
  if (bytes.length > 0xffff) throw invalidValue('answer', bytes.length, 'longer than 65535 bytes');
  const head = encodeAmf0(['secureTokenResponse', 0, null]);
  const body = new Uint8Array(head.length + 3 + bytes.length);
  body.set(head, 0);
  body[head.length] = 0x02;
  body[head.length + 1] = bytes.length >>> 8;
  body[head.length + 2] = bytes.length & 0xff;
  body.set(bytes, head.length + 3);
  return frame(body, options ?? {});
}
