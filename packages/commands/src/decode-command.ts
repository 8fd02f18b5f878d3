/**
 * decodeCommand: a command message (RTMP spec 7.1.1 / 7.2, types 20 and 17; protocol.md §5)
 * decoded into a typed union keyed by `kind` — `result`, `error`, `onStatus`, one kind per
 * well-known command (named as on the wire: `connect`, `play`, `FCPublish`, `_checkbw`, …) and
 * `call` for anything else. Every variant keeps the raw `commandObject` and `args`.
 */

import type { Amf0Value } from '@rtmp/amf0';
import { MessageType } from '@rtmp/core';
import {
  badArgument,
  type CommandMessageInput,
  type DecodeOptions,
  decodeBody,
  isRecord,
  optionalBoolean,
  optionalNumber,
  requireNumber,
  requireString,
  toStatusInfo,
} from './command-values.js';
import { CONNECT_PROPERTY_ORDER, type ConnectParams } from './connect.js';
import type { StatusInfo } from './status-codes.js';

/** Fields every decoded command has. */
export interface CommandBase {
  /** The command name as sent. */
  name: string;
  /** The transaction id (0 for notifications). */
  transactionId: number;
  /** The command object (usually null). */
  commandObject: Amf0Value;
  /** The values after the command object. */
  args: Amf0Value[];
  /** True when the message was type 17 (AMF3 framing). */
  amf3: boolean;
}

/** A `_result` or `_error`: `info` is the first argument (status object, stream id, …). */
export interface ResultCommand extends CommandBase {
  kind: 'result' | 'error';
  info: Amf0Value;
  /** `info` read as a status object, when it is one (has a string `code`). */
  status?: StatusInfo;
}

/** `onStatus`, and the status notifications `onFCPublish`, `onFCUnpublish`, `onFCSubscribe`, `onFCUnsubscribe`. */
export interface StatusCommand extends CommandBase {
  kind: 'onStatus' | 'onFCPublish' | 'onFCUnpublish' | 'onFCSubscribe' | 'onFCUnsubscribe';
  status: StatusInfo;
}

/** `connect`: the typed command object plus everything else it held. */
export interface ConnectCommand extends CommandBase {
  kind: 'connect';
  params: ConnectParams;
}

/** `play`. */
export interface PlayCommand extends CommandBase {
  kind: 'play';
  streamName: string;
  start?: number;
  duration?: number;
  reset?: boolean;
}

/** `play2` with its NetStreamPlayOptions object. */
export interface Play2Command extends CommandBase {
  kind: 'play2';
  options: Readonly<Record<string, Amf0Value>>;
}

/** `pause`. */
export interface PauseCommand extends CommandBase {
  kind: 'pause';
  pause: boolean;
  position: number;
}

/** `seek`. */
export interface SeekCommand extends CommandBase {
  kind: 'seek';
  position: number;
}

/** `publish`. */
export interface PublishCommand extends CommandBase {
  kind: 'publish';
  streamName: string;
  /** `live` (also when omitted), `record`, `append`, or whatever the client sent. */
  publishType: string;
}

/** Commands whose only argument is a stream name. */
export interface StreamNameCommand extends CommandBase {
  kind: 'releaseStream' | 'FCPublish' | 'FCUnpublish' | 'FCSubscribe' | 'FCUnsubscribe' | 'getStreamLength';
  streamName: string;
}

/** `receiveAudio` / `receiveVideo`. */
export interface ReceiveCommand extends CommandBase {
  kind: 'receiveAudio' | 'receiveVideo';
  enabled: boolean;
}

/** `deleteStream`. */
export interface DeleteStreamCommand extends CommandBase {
  kind: 'deleteStream';
  streamId: number;
}

/** `secureTokenResponse`. */
export interface SecureTokenResponseCommand extends CommandBase {
  kind: 'secureTokenResponse';
  response: string;
}

/** Commands with no typed arguments. */
export interface SimpleCommand extends CommandBase {
  kind:
    | 'createStream'
    | 'closeStream'
    | '_checkbw'
    | 'onBWDone'
    | '_onbwcheck'
    | '_onbwdone'
    | 'ping'
    | 'pong'
    | 'close';
}

/** Any other command (a NetConnection.call or a server's own method). */
export interface CallCommand extends CommandBase {
  kind: 'call';
}

/** A decoded command message. */
export type DecodedCommand =
  | ResultCommand
  | StatusCommand
  | ConnectCommand
  | PlayCommand
  | Play2Command
  | PauseCommand
  | SeekCommand
  | PublishCommand
  | StreamNameCommand
  | ReceiveCommand
  | DeleteStreamCommand
  | SecureTokenResponseCommand
  | SimpleCommand
  | CallCommand;

const SIMPLE = new Set([
  'createStream',
  'closeStream',
  '_checkbw',
  'onBWDone',
  '_onbwcheck',
  '_onbwdone',
  'ping',
  'pong',
  'close',
]);
const STREAM_NAME = new Set([
  'releaseStream',
  'FCPublish',
  'FCUnpublish',
  'FCSubscribe',
  'FCUnsubscribe',
  'getStreamLength',
]);
const STATUS = new Set(['onStatus', 'onFCPublish', 'onFCUnpublish', 'onFCSubscribe', 'onFCUnsubscribe']);

/**
 * Decodes a command message (type 20, or 17 with its 0x00 format byte).
 *
 * A missing transaction id reads as 0 and a missing command object as null (some servers omit
 * them on notifications); a non-number transaction id is an error.
 *
 * @throws {RtmpError} COMMANDS_NOT_A_COMMAND — wrong type id, or no leading name string
 * @throws {RtmpError} COMMANDS_BAD_FORMAT_BYTE — a type-17 body not starting with 0x00
 * @throws {RtmpError} COMMANDS_MESSAGE_TOO_LARGE — body over `maxMessageSize`
 * @throws {RtmpError} COMMANDS_MALFORMED_AMF — the AMF did not decode (the AMF error is `cause`)
 * @throws {RtmpError} COMMANDS_INVALID_ARGUMENT — a known command with wrong-typed or missing arguments
 */
export function decodeCommand(message: CommandMessageInput, options: DecodeOptions = {}): DecodedCommand {
  const { values, amf3 } = decodeBody(
    message,
    MessageType.CommandAmf0,
    MessageType.CommandAmf3,
    'command',
    options,
  );
  const name = values[0] as string;
  const transactionId = values.length > 1 ? requireNumber(name, 'transactionId', values[1]) : 0;
  const commandObject = values.length > 2 ? (values[2] as Amf0Value) : null;
  const args = values.slice(3);
  const a0 = args[0];
  switch (name) {
    case '_result':
    case '_error': {
      const result: ResultCommand = {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: name === '_result' ? 'result' : 'error',
        info: a0,
      };
      if (isRecord(a0) && typeof a0.code === 'string') result.status = toStatusInfo(name, a0);
      return result;
    }
    case 'connect':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'connect',
        params: connectParams(commandObject),
      };
    case 'play': {
      const play: PlayCommand = {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'play',
        streamName: requireString(name, 'streamName', a0),
      };
      const start = optionalNumber(name, 'start', args[1]);
      const duration = optionalNumber(name, 'duration', args[2]);
      const reset = args[3] === undefined || args[3] === null ? undefined : playReset(args[3]);
      if (start !== undefined) play.start = start;
      if (duration !== undefined) play.duration = duration;
      if (reset !== undefined) play.reset = reset;
      return play;
    }
    case 'play2':
      if (!isRecord(a0)) throw badArgument(name, 'options', 'an object', a0);
      return { name, transactionId, commandObject, args, amf3, kind: 'play2', options: a0 };
    case 'pause':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'pause',
        pause: optionalBoolean(name, 'pause', a0) ?? true,
        position: optionalNumber(name, 'position', args[1]) ?? 0,
      };
    case 'seek':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'seek',
        position: requireNumber(name, 'position', a0),
      };
    case 'publish': {
      const publishType =
        args[1] === undefined || args[1] === null ? 'live' : requireString(name, 'publishType', args[1]);
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'publish',
        streamName: requireString(name, 'streamName', a0),
        publishType,
      };
    }
    case 'receiveAudio':
    case 'receiveVideo':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: name,
        enabled: optionalBoolean(name, 'enabled', a0) ?? false,
      };
    case 'deleteStream':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'deleteStream',
        streamId: requireNumber(name, 'streamId', a0),
      };
    case 'secureTokenResponse':
      return {
        name,
        transactionId,
        commandObject,
        args,
        amf3,
        kind: 'secureTokenResponse',
        response: requireString(name, 'response', a0),
      };
  }
  if (STATUS.has(name)) {
    return {
      name,
      transactionId,
      commandObject,
      args,
      amf3,
      kind: name as StatusCommand['kind'],
      status: toStatusInfo(name, a0),
    };
  }
  if (STREAM_NAME.has(name)) {
    return {
      name,
      transactionId,
      commandObject,
      args,
      amf3,
      kind: name as StreamNameCommand['kind'],
      streamName: requireString(name, 'streamName', a0),
    };
  }
  if (SIMPLE.has(name))
    return { name, transactionId, commandObject, args, amf3, kind: name as SimpleCommand['kind'] };
  return { name, transactionId, commandObject, args, amf3, kind: 'call' };
}

function playReset(value: unknown): boolean {
  // Flash sends a boolean; some clients send 0/1 (older FMS docs describe a number).
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return optionalBoolean('play', 'reset', value) ?? false;
}

const CONNECT_KEYS = new Set<string>(CONNECT_PROPERTY_ORDER);
const STRING_KEYS = new Set(['app', 'type', 'flashVer', 'swfUrl', 'tcUrl', 'pageUrl']);
const NUMBER_KEYS = new Set([
  'capabilities',
  'audioCodecs',
  'videoCodecs',
  'videoFunction',
  'objectEncoding',
  'capsEx',
]);

/** Reads the connect command object; wrong-typed optional properties stay only in `extra`. */
function connectParams(object: Amf0Value): ConnectParams {
  if (!isRecord(object)) throw badArgument('connect', 'commandObject', 'an object', object);
  const app = requireString('connect', 'app', object.app);
  const params: ConnectParams = { app };
  const extra: Record<string, Amf0Value> = Object.create(null);
  const target = params as unknown as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key === 'app') continue;
    if (CONNECT_KEYS.has(key) && typedOk(key, value)) target[key] = value;
    else extra[key] = value as Amf0Value;
  }
  if (Object.keys(extra).length > 0) params.extra = extra;
  return params;
}

function typedOk(key: string, value: unknown): boolean {
  if (STRING_KEYS.has(key)) return typeof value === 'string';
  if (NUMBER_KEYS.has(key)) return typeof value === 'number';
  if (key === 'fpad') return typeof value === 'boolean';
  if (key === 'fourCcList') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  return isRecord(value);
}
