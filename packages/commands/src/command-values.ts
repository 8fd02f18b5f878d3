/**
 * Shared by the decoders: unwrapping a command/data message body (RTMP spec 7.1.1–7.1.2; the
 * 0x00 format byte of types 15/17, protocol.md §3.1) into AMF values, and typed accessors that
 * turn a wrong-typed argument into `COMMANDS_INVALID_ARGUMENT`. Internal.
 */

import { type Amf0DecodeOptions, type Amf0Object, type Amf0Value, decodeAmf0 } from '@rtmp/amf0';
import { MessageType, RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';
import type { StatusInfo } from './status-codes.js';

/** Limits for {@link decodeCommand} and {@link decodeDataMessage}. */
export interface DecodeOptions {
  /** Largest body accepted, in bytes (default 16 MiB; metadata with keyframe indexes is big). */
  maxMessageSize?: number;
  /** Limits passed to the AMF0 decoder (its defaults otherwise). */
  amf0?: Amf0DecodeOptions;
}

/** The part of an `RtmpMessage` the decoders need. */
export interface CommandMessageInput {
  typeId: number;
  payload: Uint8Array;
}

/** @internal Decodes the body of a type 15/17/18/20 message into its AMF values. */
export function decodeBody(
  message: CommandMessageInput,
  amf0Type: number,
  amf3Type: number,
  what: string,
  options: DecodeOptions,
): { values: Amf0Value[]; amf3: boolean } {
  const { typeId, payload } = message;
  if (typeId !== amf0Type && typeId !== amf3Type) {
    throw new RtmpError(CommandsErrorCode.NotACommand, `message type ${typeId} is not a ${what} message`, {
      details: { typeId },
    });
  }
  const limit = options.maxMessageSize ?? 16 * 1024 * 1024;
  if (payload.length > limit) {
    throw new RtmpError(
      CommandsErrorCode.MessageTooLarge,
      `${what} message of ${payload.length} bytes, limit ${limit}`,
      {
        details: { size: payload.length, limit },
      },
    );
  }
  const amf3 = typeId === amf3Type;
  let body = payload;
  if (amf3) {
    if (payload.length === 0 || payload[0] !== 0) {
      throw new RtmpError(CommandsErrorCode.BadFormatByte, `AMF3 ${what} message must start with 0x00`, {
        details: { typeId, formatByte: payload[0] },
      });
    }
    body = payload.subarray(1);
  }
  let values: Amf0Value[];
  try {
    values = decodeAmf0(body, options.amf0);
  } catch (cause) {
    const code = RtmpError.is(cause) ? cause.code : 'UNKNOWN';
    throw new RtmpError(CommandsErrorCode.MalformedAmf, `malformed AMF in ${what} message (${code})`, {
      cause,
      details: { typeId, amfCode: code, ...(RtmpError.is(cause) ? cause.details : {}) },
    });
  }
  if (values.length === 0 || typeof values[0] !== 'string') {
    throw new RtmpError(CommandsErrorCode.NotACommand, `${what} message does not start with a name string`, {
      details: { typeId, first: values.length === 0 ? 'nothing' : typeof values[0] },
    });
  }
  return { values, amf3 };
}

/** @internal */
export const COMMAND_TYPES = [MessageType.CommandAmf0, MessageType.CommandAmf3] as const;
/** @internal */
export const DATA_TYPES = [MessageType.DataAmf0, MessageType.DataAmf3] as const;

/** True for AMF0 objects, ECMA arrays and AMF3 anonymous objects (null or Object prototype). */
export function isRecord(value: unknown): value is Amf0Object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** @internal */
export function badArgument(command: string, field: string, expected: string, value: unknown): RtmpError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new RtmpError(
    CommandsErrorCode.InvalidArgument,
    `${command}: ${field} must be ${expected}, got ${got}`,
    {
      details: { command, field, expected, got },
    },
  );
}

/** @internal A required string argument. */
export function requireString(command: string, field: string, value: unknown): string {
  if (typeof value !== 'string') throw badArgument(command, field, 'a string', value);
  return value;
}

/** @internal A required number argument. */
export function requireNumber(command: string, field: string, value: unknown): number {
  if (typeof value !== 'number') throw badArgument(command, field, 'a number', value);
  return value;
}

/** @internal An optional number (absent, null or undefined → undefined). */
export function optionalNumber(command: string, field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw badArgument(command, field, 'a number', value);
  return value;
}

/** @internal An optional boolean (absent, null or undefined → undefined). */
export function optionalBoolean(command: string, field: string, value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badArgument(command, field, 'a boolean', value);
  return value;
}

/**
 * Reads a status information object (`{level, code, description, …}`). `level` defaults to
 * `"status"` when missing; `code` is required. Throws `COMMANDS_INVALID_ARGUMENT`.
 */
export function toStatusInfo(command: string, value: unknown): StatusInfo {
  if (!isRecord(value)) throw badArgument(command, 'info', 'an object', value);
  const code = value.code;
  if (typeof code !== 'string') throw badArgument(command, 'info.code', 'a string', code);
  const level = value.level;
  if (level !== undefined && typeof level !== 'string')
    throw badArgument(command, 'info.level', 'a string', level);
  const info: StatusInfo = { level: level ?? 'status', code, properties: value };
  if (typeof value.description === 'string') info.description = value.description;
  return info;
}
