/**
 * Classification of audio/video message bodies (FLV spec 10.1 E.4.2 AUDIODATA / E.4.3
 * VIDEODATA; Enhanced RTMP v1/v2 ExVideoTagHeader / ExAudioTagHeader), enough to tell keyframes,
 * codecs and sequence headers apart without parsing the codec payload.
 */

/** What an audio message body says about itself. */
export interface AudioInfo {
  /** FLV SoundFormat (2 MP3, 10 AAC, 9 = Enhanced RTMP ExAudioTagHeader, ...). */
  soundFormat: number;
  /** Enhanced RTMP FourCC (`Opus`, `ac-3`, `fLaC`, `mp4a`, ...) when soundFormat is 9. */
  fourCc: string | undefined;
  /** True for an AAC AudioSpecificConfig or an enhanced sequence start: decoders need it first. */
  sequenceHeader: boolean;
}

/** What a video message body says about itself. */
export interface VideoInfo {
  /** 1 keyframe, 2 inter, 3 disposable inter, 4 generated keyframe, 5 command frame. */
  frameType: number;
  keyframe: boolean;
  /** FLV CodecID (7 AVC, 12 HEVC by convention) for legacy tags; undefined for enhanced ones. */
  codecId: number | undefined;
  /** Enhanced RTMP FourCC (`avc1`, `hvc1`, `av01`, `vp09`) when the ExVideoTagHeader bit is set. */
  fourCc: string | undefined;
  /** True for an AVC/HEVC decoder configuration record or an enhanced SequenceStart. */
  sequenceHeader: boolean;
  /** True for the AVC end-of-sequence packet (or enhanced SequenceEnd). */
  endOfSequence: boolean;
}

function fourCcAt(body: Uint8Array, offset: number): string | undefined {
  if (body.length < offset + 4) return undefined;
  return String.fromCharCode(body[offset]!, body[offset + 1]!, body[offset + 2]!, body[offset + 3]!);
}

/** Classifies an audio message body (empty bodies give soundFormat -1). */
export function classifyAudio(body: Uint8Array): AudioInfo {
  if (body.length === 0) return { soundFormat: -1, fourCc: undefined, sequenceHeader: false };
  const soundFormat = body[0]! >> 4;
  if (soundFormat === 9) {
    const packetType = body[0]! & 0x0f;
    return { soundFormat, fourCc: fourCcAt(body, 1), sequenceHeader: packetType === 0 };
  }
  return { soundFormat, fourCc: undefined, sequenceHeader: soundFormat === 10 && body[1] === 0 };
}

/** Classifies a video message body (empty bodies give frameType 0). */
export function classifyVideo(body: Uint8Array): VideoInfo {
  if (body.length === 0) {
    return {
      frameType: 0,
      keyframe: false,
      codecId: undefined,
      fourCc: undefined,
      sequenceHeader: false,
      endOfSequence: false,
    };
  }
  const first = body[0]!;
  if ((first & 0x80) !== 0) {
    // Enhanced RTMP: IsExHeader | FrameType(3 bits) | PacketType(4 bits), then a FourCC.
    const frameType = (first >> 4) & 0x07;
    const packetType = first & 0x0f;
    return {
      frameType,
      keyframe: frameType === 1,
      codecId: undefined,
      fourCc: fourCcAt(body, 1),
      sequenceHeader: packetType === 0,
      endOfSequence: packetType === 2,
    };
  }
  const frameType = first >> 4;
  const codecId = first & 0x0f;
  const hasPacketType = codecId === 7 || codecId === 12 || codecId === 13;
  return {
    frameType,
    keyframe: frameType === 1,
    codecId,
    fourCc: undefined,
    sequenceHeader: hasPacketType && body[1] === 0,
    endOfSequence: hasPacketType && body[1] === 2,
  };
}
