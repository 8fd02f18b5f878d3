/**
 * Video tag header classification (FLV 10.1 spec E.4.3.1 VIDEODATA; E-RTMP v1/v2 ExVideoTagHeader;
 * protocol.md §8.4-8.5).
 *
 * Legacy byte 0: `FrameType(4) | CodecID(4)`; CodecID 7 (AVC) adds `AVCPacketType` (0 sequence
 * header, 1 NALU, 2 end of sequence) and an SI24 composition time. Enhanced (bit 7 set):
 * `FrameType(3) | VideoPacketType(4)`, optional ModEx prefixes, then a FourCC (or, for a Command
 * frame, one command byte; for Multitrack, the multitrack byte first). CodedFrames (1) of `avc1`,
 * `hvc1` and `vvc1` carry an SI24 composition time after the FourCC.
 */

import { fourCcAt, MOD_EX_PACKET_TYPE, skipModEx } from './enhanced-rtmp.js';
import { FlvError, FlvErrorCode } from './flv-error.js';

/** Video FrameType values (legacy and enhanced). */
export const VideoFrameType = {
  Key: 1,
  Inter: 2,
  DisposableInter: 3,
  GeneratedKey: 4,
  /** Video info / command frame. */
  Command: 5,
} as const;

/** Legacy CodecID values. */
export const VideoCodecId = {
  SorensonH263: 2,
  ScreenVideo: 3,
  On2Vp6: 4,
  On2Vp6Alpha: 5,
  ScreenVideo2: 6,
  Avc: 7,
} as const;

/** E-RTMP VideoPacketType values. */
export const VideoPacketType = {
  SequenceStart: 0,
  CodedFrames: 1,
  SequenceEnd: 2,
  CodedFramesX: 3,
  Metadata: 4,
  Mpeg2TsSequenceStart: 5,
  Multitrack: 6,
  ModEx: 7,
} as const;

/** A classified video tag body. */
export interface VideoTagInfo {
  /** True for an E-RTMP ExVideoTagHeader (bit 7 of byte 0). */
  enhanced: boolean;
  /** FrameType (1 key, 2 inter, 3 disposable, 4 generated key, 5 command). */
  frameType: number;
  /** True for frame types 1 and 4 (not for Metadata packets, whose frame type is ignored). */
  isKeyframe: boolean;
  /** Legacy CodecID (undefined when enhanced). */
  codecId?: number;
  /** Legacy AVC only: 0 sequence header, 1 NALU, 2 end of sequence. */
  avcPacketType?: number;
  /** Enhanced only: VideoPacketType after any ModEx prefixes. */
  packetType?: number;
  /** Enhanced multitrack only: AvMultitrackType (0 OneTrack, 1 ManyTracks, 2 ManyTracksManyCodecs). */
  multitrackType?: number;
  /** Enhanced multitrack only: the packet type of the tracks. */
  trackPacketType?: number;
  /** Enhanced only: codec FourCC (`avc1`, `hvc1`, `vp08`, `vp09`, `av01`, `vvc1`), when present. */
  fourCc?: string;
  /** Enhanced Command frame: the command byte (0 start seek, 1 end seek). */
  command?: number;
  /** Composition time offset in ms (SI24), 0 when the format has none. */
  compositionTime: number;
  /** True for a codec configuration record (AVC sequence header or enhanced SequenceStart). */
  isSequenceHeader: boolean;
  /** Offset of the codec payload within the body. */
  payloadOffset: number;
  /** Enhanced ModEx TimestampOffsetNano, when present. */
  timestampOffsetNano?: number;
}

/**
 * Classifies a video tag body (the RTMP video message payload).
 * @throws {FlvError} FLV_SHORT_TAG_BODY — the body is shorter than its header needs.
 */
export function parseVideoTagHeader(body: Uint8Array): VideoTagInfo {
  if (body.length < 1) throw short('video', 1, body.length);
  const b0 = body[0]!;
  if ((b0 & 0x80) === 0) {
    const frameType = b0 >>> 4;
    const info: VideoTagInfo = {
      enhanced: false,
      frameType,
      isKeyframe: frameType === VideoFrameType.Key || frameType === VideoFrameType.GeneratedKey,
      codecId: b0 & 0x0f,
      compositionTime: 0,
      isSequenceHeader: false,
      payloadOffset: 1,
    };
    if (info.codecId === VideoCodecId.Avc) {
      if (body.length < 5) throw short('AVC video', 5, body.length);
      info.avcPacketType = body[1]!;
      info.compositionTime = si24(body, 2);
      info.isSequenceHeader = body[1] === 0;
      info.payloadOffset = 5;
    }
    return info;
  }
  const frameType = (b0 >>> 4) & 7;
  let packetType = b0 & 0x0f;
  let pos = 1;
  const info: VideoTagInfo = {
    enhanced: true,
    frameType,
    isKeyframe: false,
    compositionTime: 0,
    isSequenceHeader: false,
    payloadOffset: 1,
  };
  if (packetType === MOD_EX_PACKET_TYPE) {
    const modEx = skipModEx(body, pos);
    packetType = modEx.packetType;
    pos = modEx.offset;
    if (modEx.timestampOffsetNano !== undefined) info.timestampOffsetNano = modEx.timestampOffsetNano;
  }
  info.packetType = packetType;
  info.isKeyframe =
    packetType !== VideoPacketType.Metadata &&
    (frameType === VideoFrameType.Key || frameType === VideoFrameType.GeneratedKey);
  if (frameType === VideoFrameType.Command && packetType !== VideoPacketType.Metadata) {
    if (body.length < pos + 1) throw short('video command', pos + 1, body.length);
    info.command = body[pos]!;
    info.payloadOffset = pos + 1;
    return info;
  }
  if (packetType === VideoPacketType.Multitrack) {
    if (body.length < pos + 1) throw short('multitrack video', pos + 1, body.length);
    const b = body[pos]!;
    info.multitrackType = b >>> 4;
    packetType = b & 0x0f;
    info.trackPacketType = packetType;
    pos += 1;
  }
  if (info.multitrackType !== 2) {
    if (body.length < pos + 4) throw short('enhanced video', pos + 4, body.length);
    info.fourCc = fourCcAt(body, pos);
    pos += 4;
  }
  if (
    info.multitrackType === undefined &&
    packetType === VideoPacketType.CodedFrames &&
    (info.fourCc === 'avc1' || info.fourCc === 'hvc1' || info.fourCc === 'vvc1')
  ) {
    if (body.length < pos + 3) throw short('enhanced video', pos + 3, body.length);
    info.compositionTime = si24(body, pos);
    pos += 3;
  }
  info.isSequenceHeader = packetType === VideoPacketType.SequenceStart;
  info.payloadOffset = pos;
  return info;
}

function si24(bytes: Uint8Array, offset: number): number {
  const v = (bytes[offset]! << 16) | (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
  return v & 0x800000 ? v - 0x1000000 : v;
}

function short(what: string, needed: number, length: number): FlvError {
  return new FlvError(FlvErrorCode.ShortTagBody, `${what} tag body needs ${needed} bytes, has ${length}`, {
    details: { needed, length },
  });
}
