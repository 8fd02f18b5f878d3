/**
 * decodeDataMessage: a data message (RTMP spec 7.1.2, types 18 and 15; protocol.md §5.3–§5.4)
 * decoded into a typed union: `setDataFrame` (publisher metadata), `onMetaData`,
 * `rtmpSampleAccess`, `onPlayStatus`, `clearDataFrame`, or `data` for anything else.
 */

import type { Amf0Value } from '@rtmp/amf0';
import { MessageType } from '@rtmp/core';
import {
  badArgument,
  type CommandMessageInput,
  type DecodeOptions,
  decodeBody,
  isRecord,
  toStatusInfo,
} from './command-values.js';
import type { StatusInfo } from './status-codes.js';

/** Fields every decoded data message has. */
export interface DataMessageBase {
  /** The handler name as sent (`onMetaData`, `@setDataFrame`, …). */
  name: string;
  /** The values after the name. */
  values: Amf0Value[];
  /** True when the message was type 15 (AMF3 framing). */
  amf3: boolean;
}

/** `@setDataFrame, handler, data`: what a publisher sends; a server stores `handler, data`. */
export interface SetDataFrameMessage extends DataMessageBase {
  kind: 'setDataFrame';
  /** Usually `onMetaData`. */
  handler: string;
  /** The metadata (an ECMA array or object) or whatever value followed. */
  data: Amf0Value;
}

/** `onMetaData, {…}`. */
export interface OnMetaDataMessage extends DataMessageBase {
  kind: 'onMetaData';
  /** The metadata record (ECMA array or object; empty when absent or not a record). */
  metadata: Readonly<Record<string, Amf0Value>>;
}

/** `|RtmpSampleAccess, audio, video`. */
export interface RtmpSampleAccessMessage extends DataMessageBase {
  kind: 'rtmpSampleAccess';
  audio: boolean;
  video: boolean;
}

/** `onPlayStatus, {code, level, …}` (e.g. `NetStream.Play.Complete`). */
export interface OnPlayStatusMessage extends DataMessageBase {
  kind: 'onPlayStatus';
  status: StatusInfo;
}

/** `@clearDataFrame, handler`. */
export interface ClearDataFrameMessage extends DataMessageBase {
  kind: 'clearDataFrame';
  handler: string;
}

/** Any other data message (`onTextData`, `onCuePoint`, …). */
export interface GenericDataMessage extends DataMessageBase {
  kind: 'data';
}

/** A decoded data message. */
export type DecodedDataMessage =
  | SetDataFrameMessage
  | OnMetaDataMessage
  | RtmpSampleAccessMessage
  | OnPlayStatusMessage
  | ClearDataFrameMessage
  | GenericDataMessage;

/**
 * Decodes a data message (type 18, or 15 with its 0x00 format byte).
 *
 * @throws {RtmpError} COMMANDS_NOT_A_COMMAND — wrong type id, or no leading name string
 * @throws {RtmpError} COMMANDS_BAD_FORMAT_BYTE — a type-15 body not starting with 0x00
 * @throws {RtmpError} COMMANDS_MESSAGE_TOO_LARGE — body over `maxMessageSize`
 * @throws {RtmpError} COMMANDS_MALFORMED_AMF — the AMF did not decode (the AMF error is `cause`)
 * @throws {RtmpError} COMMANDS_INVALID_ARGUMENT — `@setDataFrame` without a handler name,
 *   `onPlayStatus` without a status object
 */
export function decodeDataMessage(
  message: CommandMessageInput,
  options: DecodeOptions = {},
): DecodedDataMessage {
  const { values: all, amf3 } = decodeBody(
    message,
    MessageType.DataAmf0,
    MessageType.DataAmf3,
    'data',
    options,
  );
  const name = all[0] as string;
  const values = all.slice(1);
  switch (name) {
    case '@setDataFrame': {
      const handler = values[0];
      if (typeof handler !== 'string') throw badArgument(name, 'handler', 'a string', handler);
      return { name, values, amf3, kind: 'setDataFrame', handler, data: values[1] };
    }
    case '@clearDataFrame': {
      const handler = values[0];
      return {
        name,
        values,
        amf3,
        kind: 'clearDataFrame',
        handler: typeof handler === 'string' ? handler : 'onMetaData',
      };
    }
    case 'onMetaData': {
      const first = values[0];
      return {
        name,
        values,
        amf3,
        kind: 'onMetaData',
        metadata: isRecord(first) ? first : Object.create(null),
      };
    }
    case '|RtmpSampleAccess':
      return {
        name,
        values,
        amf3,
        kind: 'rtmpSampleAccess',
        audio: values[0] === true,
        video: values[1] === true,
      };
    case 'onPlayStatus':
      return { name, values, amf3, kind: 'onPlayStatus', status: toStatusInfo(name, values[0]) };
    default:
      return { name, values, amf3, kind: 'data' };
  }
}
