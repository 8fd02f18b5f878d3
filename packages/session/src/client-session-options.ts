/**
 * Options of ClientSession and of its play/publish requests (protocol.md §5.2–5.4: what librtmp
 * and FFmpeg send, and which of their defaults we take).
 */
import type { Amf0Value } from '@rtmp/amf0';
import type { ChunkDecoderOptions } from '@rtmp/chunk';
import type { ConnectParams, DecodeOptions, PublishType } from '@rtmp/commands';
import type { Clock, RandomSource } from '@rtmp/core';
import type { DigestPolicy, HandshakeMode } from '@rtmp/handshake';

/** Options of {@link ClientSession}. */
export interface ClientSessionOptions {
  /** Randomness for the handshake (C1 bytes, DH key). Required: the session never assumes one. */
  random: RandomSource;
  /** Millisecond clock for the handshake time field (default: constant 0). */
  clock?: Clock | undefined;
  /** Handshake flavour: `plain`, `digest` (default, falls back to plain) or `rtmpe` (encrypted). */
  handshake?: HandshakeMode | undefined;
  /** RTMPE C0 type: 6 (default), 8 or 9. */
  rtmpeType?: 6 | 8 | 9 | undefined;
  /** A bad server digest: `'error'` (default, as librtmp) or `'warn'`. */
  digestPolicy?: DigestPolicy | undefined;
  /** The connect command object (see `connectParamsFor` in @rtmp/commands for librtmp's defaults). */
  connect: ConnectParams;
  /** librtmp `--auth`: a boolean and a string appended after the command object. */
  auth?: string | { flag: boolean; value: string } | undefined;
  /** More connect arguments (librtmp `conn=` items, parsed with `parseConnArgs`). */
  connectArgs?: readonly Amf0Value[] | undefined;
  /** Frame our commands as AMF3 messages (type 17/15); needed by servers with objectEncoding 3 only. */
  amf3Commands?: boolean | undefined;
  /** Window Acknowledgement Size to announce when the server announced none (default 2,500,000). */
  windowAckSize?: number | undefined;
  /** Acknowledge after this fraction of the server's window (default 1 = at the window, per spec). */
  ackWindowFraction?: number | undefined;
  /** Chunk decoder limits (max message length, chunk size, chunk streams, buffered bytes). */
  decoder?: ChunkDecoderOptions | undefined;
  /** AMF decoding limits for commands and data messages. */
  commandDecode?: DecodeOptions | undefined;
  /** Answer `onBWDone` with one `_checkbw`, as librtmp (default true). */
  checkBandwidth?: boolean | undefined;
  /**
   * librtmp's "BUFX" trick: on BufferEmpty while playing VOD, send pause then unpause so the
   * server sends the next buffer at once (default false; rtmpdump does it unless `--realtime`).
   */
  bufferEmptyTrick?: boolean | undefined;
  /** Outgoing chunk size set before publishing (default 4096; 0 keeps 128). */
  publishChunkSize?: number | undefined;
  /** SWF verification: the SHA-256 HMAC of the decompressed SWF and its size (librtmp -w/-x). */
  swfVerification?: { hash: Uint8Array; size: number } | undefined;
  /** librtmp `--token`: the key that decrypts the server's `secureToken`. */
  secureTokenKey?: string | undefined;
  /** librtmp `--jtv`: a Justin.tv usher token, sent as `NetStream.Authenticate.UsherToken` after connect. */
  usherToken?: string | undefined;
  /** Most play/publish requests open at once (default 64). */
  maxStreams?: number | undefined;
}

/** A play request (librtmp `RTMP_SendPlay`, FFmpeg `gen_play`). */
export interface PlayRequest {
  /** Stream name (playpath), e.g. `mp4:movie.mp4`, `live/stream`. */
  name: string;
  /**
   * `start` argument in ms: −2000 live-or-recorded (default, as FFmpeg), −1000 live only
   * (librtmp `--live`), ≥ 0 recorded from that offset.
   */
  start?: number | undefined;
  /** Play this many ms (−1 or undefined: to the end). librtmp sends stop − start. */
  duration?: number | undefined;
  /** Flush the server's playlist (rarely used). */
  reset?: boolean | undefined;
  /** SetBufferLength in ms sent with play (default 36,000,000 as rtmpdump: a fast VOD download). */
  bufferMs?: number | undefined;
  /** Send `set_playlist` with the name before play (librtmp `--playlist`). */
  playlist?: boolean | undefined;
  /** Send FCSubscribe before play: `true` with the play name, or a name (librtmp `--subscribe`). */
  subscribe?: boolean | string | undefined;
}

/** A publish request (librtmp `SendPublish`, FFmpeg `gen_publish`). */
export interface PublishRequest {
  /** Stream name. */
  name: string;
  /** `live` (default), `record` or `append`. */
  type?: PublishType | undefined;
}
