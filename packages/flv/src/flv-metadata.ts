/**
 * onMetaData → a typed object (FLV 10.1 spec E.5 "onMetaData"; protocol.md §8.3 for what resume
 * needs: duration and the keyframe index written by `-flvflags add_keyframe_index` and yamdi).
 */

import { type Amf0DecodeOptions, type Amf0Value, decodeAmf0 } from '@rtmp/amf0';
import { FlvError, FlvErrorCode } from './flv-error.js';

/** The onMetaData properties this package understands; everything is optional. */
export interface FlvMetadata {
  /** Seconds. */
  duration?: number;
  /** Bytes. */
  filesize?: number;
  width?: number;
  height?: number;
  framerate?: number;
  /** kbit/s. */
  videodatarate?: number;
  /** kbit/s. */
  audiodatarate?: number;
  /** Legacy CodecID, or an E-RTMP FourCC as a number (`av01` = 0x61763031), or a string from some encoders. */
  videocodecid?: number | string;
  /** Legacy SoundFormat, FourCC number, or string. */
  audiocodecid?: number | string;
  /** Hz. */
  audiosamplerate?: number;
  audiosamplesize?: number;
  stereo?: boolean;
  encoder?: string;
  /** The keyframe index, when both arrays are present (equal length; extra entries are cut). */
  keyframes?: { times: number[]; filepositions: number[] };
  /** Every property as decoded (ergonomic AMF0 view). */
  properties: Record<string, Amf0Value>;
}

/** Options for {@link parseOnMetaData}. */
export interface ParseMetadataOptions {
  /** AMF0 limits (defaults: depth 16, at most 2,000,000 values). */
  amf0?: Amf0DecodeOptions;
}

/**
 * Parses a script-tag body `onMetaData <object|ECMA array>` (a leading `@setDataFrame` is skipped).
 * Returns undefined when the first string is another name (`|RtmpSampleAccess`, `onCuePoint`, …).
 * @throws {FlvError} FLV_BAD_METADATA — the AMF0 does not decode (cause: the Amf0Error) or the
 *   value after the name is not an object.
 */
export function parseOnMetaData(
  body: Uint8Array,
  options: ParseMetadataOptions = {},
): FlvMetadata | undefined {
  let values: Amf0Value[];
  try {
    values = decodeAmf0(body, options.amf0 ?? { maxDepth: 16, maxElements: 2_000_000 });
  } catch (cause) {
    throw new FlvError(FlvErrorCode.BadMetadata, 'onMetaData body is not valid AMF0', { cause });
  }
  let index = 0;
  if (values[0] === '@setDataFrame') index = 1;
  if (values[index] !== 'onMetaData') return undefined;
  const object = values[index + 1];
  if (!isRecord(object)) {
    throw new FlvError(FlvErrorCode.BadMetadata, 'onMetaData is not followed by an object', {
      details: { valueType: object === null ? 'null' : typeof object },
    });
  }
  const meta: FlvMetadata = { properties: object };
  for (const key of NUMBER_KEYS) {
    const v = object[key];
    if (typeof v === 'number') meta[key] = v;
  }
  for (const key of ['videocodecid', 'audiocodecid'] as const) {
    const v = object[key];
    if (typeof v === 'number' || typeof v === 'string') meta[key] = v;
  }
  if (typeof object.stereo === 'boolean') meta.stereo = object.stereo;
  if (typeof object.encoder === 'string') meta.encoder = object.encoder;
  const keyframes = object.keyframes;
  if (isRecord(keyframes)) {
    const times = numbers(keyframes.times);
    const positions = numbers(keyframes.filepositions);
    if (times !== undefined && positions !== undefined) {
      const n = Math.min(times.length, positions.length);
      meta.keyframes = { times: times.slice(0, n), filepositions: positions.slice(0, n) };
    }
  }
  return meta;
}

const NUMBER_KEYS = [
  'duration',
  'filesize',
  'width',
  'height',
  'framerate',
  'videodatarate',
  'audiodatarate',
  'audiosamplerate',
  'audiosamplesize',
] as const;

function isRecord(value: unknown): value is Record<string, Amf0Value> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Map)
  );
}

function numbers(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: number[] = [];
  for (const item of value) if (typeof item === 'number') out.push(item);
  return out.length === value.length ? out : undefined;
}
