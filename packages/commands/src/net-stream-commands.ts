/**
 * Client → server NetStream commands (RTMP spec 7.2.2; protocol.md §5.3), sent on the NetStream's
 * message stream id: play, play2, pause, seek, publish, receiveAudio, receiveVideo, closeStream.
 */

import type { Amf0Object, Amf0Value } from '@rtmp/amf0';
import {
  checkFinite,
  type EncodeOptions,
  encodeCommand,
  invalidValue,
  setProperty,
} from './encode-command.js';

/** `play` start values (milliseconds in practice; protocol.md §5.3). */
export const PlayStart = {
  /** Live if it exists, else recorded, else wait for live (FFmpeg default `-2000`). */
  Any: -2000,
  /** Live only (librtmp `--live`). */
  Live: -1000,
  /** Recorded, from the beginning (librtmp default). */
  Recorded: 0,
} as const;

/** Arguments of {@link encodePlay}. Each optional argument is sent only when given (and the ones before it). */
export interface PlayArgs {
  /** Stream name (playpath), e.g. `mp4:video.mp4`, `small`. */
  streamName: string;
  /** −2000 any, −1000 live, ≥0 offset in ms ({@link PlayStart}). Omitted when undefined. */
  start?: number;
  /** −1 to the end, 0 single frame, >0 that many ms. Needs `start`. */
  duration?: number;
  /** Flush the playlist. Needs `start` and `duration`. */
  reset?: boolean;
}

/**
 * `play(txn, null, name[, start[, duration[, reset]]])`. librtmp sends txn = next id, start 0
 * (vod) or −1000 (live) and duration only with `--stop`; FFmpeg sends start −2000/−1000/0.
 *
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — name not a string, non-finite start/duration, or
 *   `duration`/`reset` without the arguments before them
 */
export function encodePlay(transactionId: number, play: PlayArgs, options?: EncodeOptions): Uint8Array {
  if (typeof play.streamName !== 'string')
    throw invalidValue('streamName', play.streamName, 'must be a string');
  const args: Amf0Value[] = [play.streamName];
  if (play.start !== undefined) {
    checkFinite('start', play.start);
    args.push(play.start);
  }
  if (play.duration !== undefined) {
    if (play.start === undefined) throw invalidValue('duration', play.duration, 'duration needs start');
    checkFinite('duration', play.duration);
    args.push(play.duration);
  }
  if (play.reset !== undefined) {
    if (play.duration === undefined)
      throw invalidValue('reset', play.reset, 'reset needs start and duration');
    args.push(play.reset);
  }
  return encodeCommand('play', transactionId, null, args, options);
}

/** NetStreamPlayOptions for {@link encodePlay2} (RTMP spec 7.2.2.2). */
export interface Play2Options {
  streamName: string;
  oldStreamName?: string;
  /** Start offset (seconds, per the spec). */
  start?: number;
  /** Length (seconds, −1 to the end). */
  len?: number;
  /** `switch`, `swap`, `stop`, `reset`, `append`, `appendAndWait`. */
  transition?: string;
  offset?: number;
  /** More properties, written after the ones above. */
  extra?: Readonly<Record<string, Amf0Value>>;
}

/**
 * `play2(0, null, {NetStreamPlayOptions})`: switch streams without stopping (dynamic streaming).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — streamName not a string, bad transaction id
 */
export function encodePlay2(play: Play2Options, transactionId = 0, options?: EncodeOptions): Uint8Array {
  if (typeof play.streamName !== 'string')
    throw invalidValue('streamName', play.streamName, 'must be a string');
  const object: Amf0Object = {};
  for (const key of ['streamName', 'oldStreamName', 'start', 'len', 'transition', 'offset'] as const) {
    if (play[key] !== undefined) object[key] = play[key];
  }
  if (play.extra) {
    for (const key of Object.keys(play.extra)) {
      if (!Object.hasOwn(object, key)) setProperty(object, key, play.extra[key] as Amf0Value);
    }
  }
  return encodeCommand('play2', transactionId, null, [object], options);
}

/**
 * `pause(txn, null, pause, positionMs)` (librtmp and FFmpeg send a fresh txn).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — non-finite position, bad transaction id
 */
export function encodePause(
  transactionId: number,
  pause: boolean,
  positionMs: number,
  options?: EncodeOptions,
): Uint8Array {
  checkFinite('position', positionMs);
  return encodeCommand('pause', transactionId, null, [pause, positionMs], options);
}

/**
 * `seek(txn, null, positionMs)`; answered by `onStatus NetStream.Seek.Notify`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — non-finite position, bad transaction id
 */
export function encodeSeek(transactionId: number, positionMs: number, options?: EncodeOptions): Uint8Array {
  checkFinite('position', positionMs);
  return encodeCommand('seek', transactionId, null, [positionMs], options);
}

/** How a published stream is kept (RTMP spec 7.2.2.6). */
export type PublishType = 'live' | 'record' | 'append';

/**
 * `publish(txn, null, name, type)`; answered by `onStatus NetStream.Publish.Start` (or BadName).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — name not a string, unknown type, bad transaction id
 */
export function encodePublish(
  transactionId: number,
  streamName: string,
  publishType: PublishType = 'live',
  options?: EncodeOptions,
): Uint8Array {
  if (typeof streamName !== 'string') throw invalidValue('streamName', streamName, 'must be a string');
  if (publishType !== 'live' && publishType !== 'record' && publishType !== 'append') {
    throw invalidValue('publishType', publishType, 'must be live, record or append');
  }
  return encodeCommand('publish', transactionId, null, [streamName, publishType], options);
}

/**
 * `receiveAudio(0, null, flag)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeReceiveAudio(enabled: boolean, transactionId = 0, options?: EncodeOptions): Uint8Array {
  return encodeCommand('receiveAudio', transactionId, null, [enabled], options);
}

/**
 * `receiveVideo(0, null, flag)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeReceiveVideo(enabled: boolean, transactionId = 0, options?: EncodeOptions): Uint8Array {
  return encodeCommand('receiveVideo', transactionId, null, [enabled], options);
}

/**
 * `closeStream(0, null)` on the stream being closed.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeCloseStream(transactionId = 0, options?: EncodeOptions): Uint8Array {
  return encodeCommand('closeStream', transactionId, null, [], options);
}
