/**
 * The `connect` command (RTMP spec 7.2.1.1; protocol.md §5.2): its command-object properties, in
 * the order librtmp and FFmpeg write them, the trailing librtmp auth boolean + string, and
 * arbitrary extra arguments (`conn=` items, see {@link parseConnArgs}).
 *
 * Verified byte-for-byte against what rtmpdump 2.4 and ffmpeg 5.1 put on the wire
 * (test/fixtures/captured-commands.jsonl).
 */

import type { Amf0Object, Amf0Value } from '@rtmp/amf0';
import { type EncodeOptions, encodeCommand, invalidValue, setProperty } from './encode-command.js';

/** The connect command object. Properties left undefined are not sent. */
export interface ConnectParams {
  /** Application (+ instance, + query string for auth/tokens), e.g. `live`, `vod/_definst_`. */
  app: string;
  /** `"nonprivate"` when publishing (librtmp and FFmpeg send it only then). */
  type?: string;
  /** Client identification, e.g. `LNX 10,0,32,18` (librtmp) or `FMLE/3.0 (compatible; …)`. */
  flashVer?: string;
  /** URL of the SWF that made the connection (SWF verification). */
  swfUrl?: string;
  /** `proto://host[:port]/app[/instance]`. */
  tcUrl?: string;
  /** Proxy in use (false). */
  fpad?: boolean;
  /** Capability bits (15). */
  capabilities?: number;
  /** Audio codec bitmask (librtmp 3191, FFmpeg 4071; {@link AudioCodecs}). */
  audioCodecs?: number;
  /** Video codec bitmask (252; {@link VideoCodecs}). */
  videoCodecs?: number;
  /** 1 = SUPPORT_VID_CLIENT_SEEK. */
  videoFunction?: number;
  /** Embedding web page. */
  pageUrl?: string;
  /** 0 = AMF0, 3 = AMF3 (send only when asking for AMF3). */
  objectEncoding?: number;
  /** E-RTMP v1: supported FourCCs (`["av01","vp09","hvc1"]`, `"*"`). */
  fourCcList?: string[];
  /** E-RTMP v2: video FourCC → CanDecode 1 | CanEncode 2 | CanForward 4. */
  videoFourCcInfoMap?: Record<string, number>;
  /** E-RTMP v2: audio FourCC → flags as above. */
  audioFourCcInfoMap?: Record<string, number>;
  /** E-RTMP v2: Reconnect 1 | Multitrack 2 | ModEx 4 | TimestampNanoOffset 8. */
  capsEx?: number;
  /** More command-object properties, written after the ones above in their insertion order. */
  extra?: Readonly<Record<string, Amf0Value>>;
}

/** Audio codec bits of `audioCodecs` (protocol.md §5.2). */
export const AudioCodecs = {
  None: 0x1,
  Adpcm: 0x2,
  Mp3: 0x4,
  Intel: 0x8,
  Unused: 0x10,
  Nelly8: 0x20,
  Nelly: 0x40,
  G711A: 0x80,
  G711U: 0x100,
  Nelly16: 0x200,
  Aac: 0x400,
  Speex: 0x800,
  All: 0xfff,
} as const;

/** Video codec bits of `videoCodecs` (protocol.md §5.2). */
export const VideoCodecs = {
  Unused: 0x1,
  Jpeg: 0x2,
  Sorenson: 0x4,
  Homebrew: 0x8,
  Vp6: 0x10,
  Vp6Alpha: 0x20,
  HomebrewV: 0x40,
  H264: 0x80,
  All: 0xff,
} as const;

/** Command-object property order (librtmp `SendConnectPacket`, FFmpeg `gen_connect`). */
export const CONNECT_PROPERTY_ORDER = [
  'app',
  'type',
  'flashVer',
  'swfUrl',
  'tcUrl',
  'fpad',
  'capabilities',
  'audioCodecs',
  'videoCodecs',
  'videoFunction',
  'pageUrl',
  'objectEncoding',
  'fourCcList',
  'videoFourCcInfoMap',
  'audioFourCcInfoMap',
  'capsEx',
] as const satisfies readonly (keyof ConnectParams)[];

/** The flashVer librtmp 2.4 sends on Linux. */
export const LIBRTMP_FLASH_VER = 'LNX 10,0,32,18';
/** The flashVer FFmpeg sends when playing on Linux. */
export const FFMPEG_PLAY_FLASH_VER = 'LNX 9,0,124,2';

/** Input of {@link connectParamsFor}. */
export interface ConnectProfileInput {
  app: string;
  tcUrl: string;
  /** `play` adds fpad…videoFunction and pageUrl; `publish` adds `type: "nonprivate"`. */
  mode: 'play' | 'publish';
  /** Whose defaults to copy: librtmp (audioCodecs 3191) or FFmpeg (4071). Default librtmp. */
  profile?: 'librtmp' | 'ffmpeg';
  flashVer?: string;
  swfUrl?: string;
  pageUrl?: string;
  /** Sent only when given (librtmp sends it only when set; FFmpeg never). */
  objectEncoding?: number;
}

/**
 * The command object librtmp (or FFmpeg) sends for the same settings, property for property.
 * Throws nothing.
 */
export function connectParamsFor(input: ConnectProfileInput): ConnectParams {
  const ffmpeg = input.profile === 'ffmpeg';
  const params: ConnectParams = { app: input.app };
  if (input.mode === 'publish') params.type = 'nonprivate';
  params.flashVer = input.flashVer ?? (ffmpeg ? FFMPEG_PLAY_FLASH_VER : LIBRTMP_FLASH_VER);
  if (input.swfUrl !== undefined) params.swfUrl = input.swfUrl;
  params.tcUrl = input.tcUrl;
  if (input.mode === 'play') {
    params.fpad = false;
    params.capabilities = 15;
    params.audioCodecs = ffmpeg ? 4071 : 3191;
    params.videoCodecs = 252;
    params.videoFunction = 1;
    if (input.pageUrl !== undefined) params.pageUrl = input.pageUrl;
  }
  if (input.objectEncoding !== undefined) params.objectEncoding = input.objectEncoding;
  return params;
}

/** Options of {@link encodeConnect}. */
export interface ConnectOptions extends EncodeOptions {
  /** Default 1. */
  transactionId?: number;
  /**
   * librtmp `--auth`: appends `B:<flag>` then `S:<value>` after the command object. A string
   * means `{ flag: true, value }`.
   */
  auth?: string | { flag: boolean; value: string };
  /** Extra arguments after the auth pair: `conn=` items ({@link parseConnArgs}) or any values. */
  args?: readonly Amf0Value[];
}

/**
 * Encodes `connect(transactionId, {command object}, [auth flag, auth string], ...args)`.
 *
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — `app` is not a string
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — an `extra` or `args` value AMF0 cannot hold
 */
export function encodeConnect(params: ConnectParams, options: ConnectOptions = {}): Uint8Array {
  if (typeof params.app !== 'string') throw invalidValue('app', params.app, 'app must be a string');
  // A plain literal, not Object.create(null): V8 keeps it in fast mode, which the AMF0 encoder
  // walks about 2x faster. Keys from `extra` go through setProperty (safe for "__proto__").
  const object: Amf0Object = {};
  for (const key of CONNECT_PROPERTY_ORDER) {
    const value = params[key];
    if (value !== undefined) object[key] = value as Amf0Value;
  }
  if (params.extra) {
    for (const key of Object.keys(params.extra)) {
      if (!Object.hasOwn(object, key)) setProperty(object, key, params.extra[key] as Amf0Value);
    }
  }
  const args: Amf0Value[] = [];
  if (options.auth !== undefined) {
    const auth = typeof options.auth === 'string' ? { flag: true, value: options.auth } : options.auth;
    args.push(auth.flag, auth.value);
  }
  if (options.args) args.push(...options.args);
  return encodeCommand('connect', options.transactionId ?? 1, object, args, options);
}
