/**
 * Data messages (RTMP spec 7.1.2, types 18/15; protocol.md §5.3–§5.4): `@setDataFrame`
 * (publisher metadata), `onMetaData`, `|RtmpSampleAccess`, `onPlayStatus`.
 */

import type { Amf0Value } from '@rtmp/amf0';
import { ecmaArray } from '@rtmp/amf0';
import { type EncodeOptions, encodeData } from './encode-command.js';
import { type StatusInfoInput, statusObject } from './response-commands.js';

/**
 * `@setDataFrame, onMetaData, <ECMA array>` — what a publisher sends (librtmp and FFmpeg); the
 * server stores it and sends `onMetaData, …` to players. A plain record is written as an ECMA
 * array (as FFmpeg does); pass any other AMF value to write it as is.
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeSetDataFrame(
  metadata: Readonly<Record<string, Amf0Value>> | Amf0Value,
  handler = 'onMetaData',
  options?: EncodeOptions,
): Uint8Array {
  return encodeData('@setDataFrame', [handler, asEcmaArray(metadata)], options);
}

/**
 * `onMetaData, <ECMA array>` (server → player). A plain record is written as an ECMA array.
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a value AMF0 cannot hold
 */
export function encodeOnMetaData(
  metadata: Readonly<Record<string, Amf0Value>> | Amf0Value,
  options?: EncodeOptions,
): Uint8Array {
  return encodeData('onMetaData', [asEcmaArray(metadata)], options);
}

/**
 * `|RtmpSampleAccess, audio, video` (server → player: may the player read raw samples).
 * @throws nothing
 */
export function encodeRtmpSampleAccess(audio: boolean, video: boolean, options?: EncodeOptions): Uint8Array {
  return encodeData('|RtmpSampleAccess', [audio, video], options);
}

/**
 * `onPlayStatus, {level, code, …}` (e.g. `NetStream.Play.Complete` with `duration`, `bytes`).
 * @throws {RtmpError} AMF0_UNENCODABLE — an extra AMF0 cannot hold
 */
export function encodeOnPlayStatus(info: StatusInfoInput, options?: EncodeOptions): Uint8Array {
  return encodeData('onPlayStatus', [statusObject(info)], options);
}

function asEcmaArray(value: unknown): Amf0Value {
  if (typeof value === 'object' && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return ecmaArray(value as Record<string, unknown>);
  }
  return value as Amf0Value;
}
