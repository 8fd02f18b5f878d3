/**
 * Audio tag header classification (FLV 10.1 spec E.4.2.1 AUDIODATA; E-RTMP v2 ExAudioTagHeader;
 * protocol.md §8.4-8.5).
 *
 * Legacy byte 0: `SoundFormat(4) | SoundRate(2) | SoundSize(1) | SoundType(1)`; format 10 (AAC)
 * adds `AACPacketType` (0 sequence header, 1 raw). Enhanced (format 9 = ExHeader): the low nibble
 * is `AudioPacketType`, then a FourCC (after the multitrack byte for packet type 5).
 */

import { fourCcAt, MOD_EX_PACKET_TYPE, skipModEx } from './enhanced-rtmp.js';
import { FlvError, FlvErrorCode } from './flv-error.js';

/** Legacy SoundFormat values. */
export const SoundFormat = {
  LinearPcmPlatform: 0,
  Adpcm: 1,
  Mp3: 2,
  LinearPcmLe: 3,
  Nellymoser16kMono: 4,
  Nellymoser8kMono: 5,
  Nellymoser: 6,
  G711ALaw: 7,
  G711MuLaw: 8,
  /** E-RTMP: enhanced header follows. */
  ExHeader: 9,
  Aac: 10,
  Speex: 11,
  Mp3_8k: 14,
  DeviceSpecific: 15,
} as const;

/** E-RTMP AudioPacketType values. */
export const AudioPacketType = {
  SequenceStart: 0,
  CodedFrames: 1,
  SequenceEnd: 2,
  MultichannelConfig: 4,
  Multitrack: 5,
  ModEx: 7,
} as const;

/** A classified audio tag body. */
export interface AudioTagInfo {
  /** True for an E-RTMP ExAudioTagHeader (SoundFormat 9). */
  enhanced: boolean;
  /** SoundFormat (legacy; 9 when enhanced). */
  soundFormat: number;
  /** Legacy SoundRate index: 0 5.5 kHz, 1 11 kHz, 2 22 kHz, 3 44 kHz. */
  soundRate: number;
  /** Legacy SoundSize: 0 8-bit, 1 16-bit. */
  soundSize: number;
  /** Legacy SoundType: 0 mono, 1 stereo. */
  soundType: number;
  /** AAC only: 0 sequence header, 1 raw frame. */
  aacPacketType?: number;
  /** Enhanced only: the AudioPacketType (low nibble of byte 0). */
  packetType?: number;
  /** Enhanced multitrack only: AvMultitrackType (0 OneTrack, 1 ManyTracks, 2 ManyTracksManyCodecs). */
  multitrackType?: number;
  /** Enhanced multitrack only: the packet type of the tracks. */
  trackPacketType?: number;
  /** Enhanced only: codec FourCC (`mp4a`, `Opus`, `fLaC`, `.mp3`, `ac-3`, `ec-3`), when present. */
  fourCc?: string;
  /** True for a codec configuration record (AAC sequence header or enhanced SequenceStart). */
  isSequenceHeader: boolean;
  /** Offset of the codec payload within the body (after the headers parsed here). */
  payloadOffset: number;
}

/**
 * Classifies an audio tag body (the RTMP audio message payload).
 * @throws {FlvError} FLV_SHORT_TAG_BODY — the body is shorter than its header needs.
 */
export function parseAudioTagHeader(body: Uint8Array): AudioTagInfo {
  if (body.length < 1) throw short('audio', 1, body.length);
  const b0 = body[0]!;
  const soundFormat = b0 >>> 4;
  const info: AudioTagInfo = {
    enhanced: soundFormat === SoundFormat.ExHeader,
    soundFormat,
    soundRate: (b0 >>> 2) & 3,
    soundSize: (b0 >>> 1) & 1,
    soundType: b0 & 1,
    isSequenceHeader: false,
    payloadOffset: 1,
  };
  if (soundFormat === SoundFormat.Aac) {
    if (body.length < 2) throw short('AAC audio', 2, body.length);
    info.aacPacketType = body[1]!;
    info.isSequenceHeader = body[1] === 0;
    info.payloadOffset = 2;
  } else if (info.enhanced) {
    let packetType = b0 & 0x0f;
    let pos = 1;
    if (packetType === MOD_EX_PACKET_TYPE) {
      const modEx = skipModEx(body, pos);
      packetType = modEx.packetType;
      pos = modEx.offset;
    }
    info.packetType = packetType;
    if (packetType === AudioPacketType.Multitrack) {
      if (body.length < pos + 1) throw short('multitrack audio', pos + 1, body.length);
      const b = body[pos]!;
      info.multitrackType = b >>> 4;
      packetType = b & 0x0f;
      info.trackPacketType = packetType;
      pos += 1;
    }
    // ManyTracksManyCodecs (2) carries a FourCC per track instead of one here.
    if (info.multitrackType !== 2) {
      if (body.length < pos + 4) throw short('enhanced audio', pos + 4, body.length);
      info.fourCc = fourCcAt(body, pos);
      pos += 4;
    }
    info.isSequenceHeader = packetType === AudioPacketType.SequenceStart;
    info.payloadOffset = pos;
  }
  return info;
}

function short(what: string, needed: number, length: number): FlvError {
  return new FlvError(FlvErrorCode.ShortTagBody, `${what} tag body needs ${needed} bytes, has ${length}`, {
    details: { needed, length },
  });
}
