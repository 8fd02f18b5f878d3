/**
 * encodeCommand / encodeData: the generic command (RTMP spec 7.1.1, types 20 and 17) and data
 * message (7.1.2, types 18 and 15) bodies every typed builder in this package goes through
 * (protocol.md §5.1: name, transaction id, command object, arguments).
 *
 * With `amf3: true` the body gets the leading 0x00 format byte of the AMF3 message types (17/15);
 * the values that follow are written as AMF0, which every AMF3 peer reads (AMF0 may switch to
 * AMF3 per value with 0x11, so plain AMF0 is a valid type-17 body).
 */

import { type Amf0Value, encodeAmf0 } from '@rtmp/amf0';
import { MessageType, RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';

/** Options shared by every builder. */
export interface EncodeOptions {
  /** Frame the body for message type 17/15 (leading 0x00 byte). Default false (type 20/18). */
  amf3?: boolean;
}

/** The message type id for a command body built with `options` (20, or 17 with `amf3`). Throws nothing. */
export function commandTypeId(options: EncodeOptions = {}): 17 | 20 {
  return options.amf3 ? MessageType.CommandAmf3 : MessageType.CommandAmf0;
}

/** The message type id for a data body built with `options` (18, or 15 with `amf3`). Throws nothing. */
export function dataTypeId(options: EncodeOptions = {}): 15 | 18 {
  return options.amf3 ? MessageType.DataAmf3 : MessageType.DataAmf0;
}

/**
 * Encodes a command body: `name, transactionId, commandObject, ...args`. The result is a fresh
 * array, safe to keep.
 *
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — empty name, or a transaction id that is not a
 *   non-negative finite number
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeCommand(
  name: string,
  transactionId: number,
  commandObject: Amf0Value,
  args: readonly Amf0Value[] = [],
  options: EncodeOptions = {},
): Uint8Array {
  if (name.length === 0) throw invalidValue('name', name, 'a command name must not be empty');
  checkTransactionId(transactionId);
  return frame(encodeAmf0([name, transactionId, commandObject, ...args]), options);
}

/**
 * Encodes a data message body: `name, ...values` (e.g. `onMetaData`, `@setDataFrame`).
 *
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — empty name
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeData(
  name: string,
  values: readonly Amf0Value[] = [],
  options: EncodeOptions = {},
): Uint8Array {
  if (name.length === 0) throw invalidValue('name', name, 'a data message name must not be empty');
  return frame(encodeAmf0([name, ...values]), options);
}

/** Prepends the AMF3 format byte when asked. @internal */
export function frame(body: Uint8Array, options: EncodeOptions): Uint8Array {
  if (!options.amf3) return body;
  const out = new Uint8Array(body.length + 1);
  out.set(body, 1);
  return out;
}

/** @internal */
export function checkTransactionId(transactionId: number): void {
  if (!Number.isFinite(transactionId) || transactionId < 0) {
    throw invalidValue(
      'transactionId',
      transactionId,
      'a transaction id must be a non-negative finite number',
    );
  }
}

/** @internal */
export function invalidValue(field: string, value: unknown, message: string): RtmpError {
  return new RtmpError(CommandsErrorCode.InvalidValue, `${field}: ${message}`, { details: { field, value } });
}

/** @internal */
export function checkFinite(field: string, value: number): void {
  if (!Number.isFinite(value)) throw invalidValue(field, value, 'must be a finite number');
}

/** @internal Sets an own enumerable property, even one named `__proto__`. */
export function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
