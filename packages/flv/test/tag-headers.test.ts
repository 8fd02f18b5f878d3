import { describe, expect, it } from 'vitest';
import {
  FlvErrorCode,
  fourCcToNumber,
  parseAudioTagHeader,
  parseVideoTagHeader,
  VideoFrameType,
} from '../src/index.js';
import { hex } from './helpers.js';

// Byte layouts hand-assembled from FLV 10.1 spec E.4.2.1/E.4.3.1 and E-RTMP v1/v2 (protocol.md §8.4-8.5).
describe('legacy audio tag headers', () => {
  it('AAC sequence header: AF 00', () => {
    expect(parseAudioTagHeader(hex('af00 1210'))).toEqual({
      enhanced: false,
      soundFormat: 10,
      soundRate: 3,
      soundSize: 1,
      soundType: 1,
      aacPacketType: 0,
      isSequenceHeader: true,
      payloadOffset: 2,
    });
    expect(parseAudioTagHeader(hex('af01 21')).isSequenceHeader).toBe(false);
  });
  it('MP3 mono 44 kHz 16-bit: 2E', () => {
    expect(parseAudioTagHeader(hex('2e fffb'))).toMatchObject({
      soundFormat: 2,
      soundRate: 3,
      soundSize: 1,
      soundType: 0,
      payloadOffset: 1,
    });
  });
  it('short bodies are typed errors', () => {
    expect(() => parseAudioTagHeader(new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.ShortTagBody }),
    );
    expect(() => parseAudioTagHeader(hex('af'))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.ShortTagBody }),
    );
  });
});

describe('enhanced audio tag headers (E-RTMP v2)', () => {
  it('SequenceStart Opus: 90 "Opus"', () => {
    expect(parseAudioTagHeader(hex('90 4f707573 aa'))).toMatchObject({
      enhanced: true,
      soundFormat: 9,
      packetType: 0,
      fourCc: 'Opus',
      isSequenceHeader: true,
      payloadOffset: 5,
    });
  });
  it('Multitrack ManyTracks mp4a: 95 10 "mp4a"', () => {
    expect(parseAudioTagHeader(hex('95 10 6d703461 00 000001 aa'))).toMatchObject({
      packetType: 5,
      multitrackType: 1,
      trackPacketType: 0,
      fourCc: 'mp4a',
      isSequenceHeader: true,
      payloadOffset: 6,
    });
  });
  it('ModEx prefix then CodedFrames: 97 02 000064 01 "mp4a"', () => {
    expect(parseAudioTagHeader(hex('97 02 000064 01 6d703461 aa'))).toMatchObject({
      packetType: 1,
      fourCc: 'mp4a',
      isSequenceHeader: false,
      payloadOffset: 10,
    });
  });
});

describe('legacy video tag headers', () => {
  it('AVC sequence header: 17 00 000000', () => {
    expect(parseVideoTagHeader(hex('17 00 000000 01640028'))).toEqual({
      enhanced: false,
      frameType: 1,
      isKeyframe: true,
      codecId: 7,
      avcPacketType: 0,
      compositionTime: 0,
      isSequenceHeader: true,
      payloadOffset: 5,
    });
  });
  it('AVC inter frame with negative composition time: 27 01 FFFFDE = -34', () => {
    expect(parseVideoTagHeader(hex('27 01 ffffde 00000001'))).toMatchObject({
      frameType: VideoFrameType.Inter,
      isKeyframe: false,
      avcPacketType: 1,
      compositionTime: -34,
    });
  });
  it('AVC end of sequence: 17 02 000000 (the 5-byte tag librtmp drops)', () => {
    expect(parseVideoTagHeader(hex('17 02 000000'))).toMatchObject({
      avcPacketType: 2,
      isSequenceHeader: false,
    });
  });
  it('Sorenson H.263 inter frame: 22', () => {
    expect(parseVideoTagHeader(hex('22 0000'))).toMatchObject({ frameType: 2, codecId: 2, payloadOffset: 1 });
  });
  it('short AVC header is a typed error', () => {
    expect(() => parseVideoTagHeader(hex('17 01'))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.ShortTagBody }),
    );
  });
});

describe('enhanced video tag headers (E-RTMP v1/v2)', () => {
  it('SequenceStart hvc1 key: 90 "hvc1"', () => {
    expect(parseVideoTagHeader(hex('90 68766331 01'))).toMatchObject({
      enhanced: true,
      frameType: 1,
      isKeyframe: true,
      packetType: 0,
      fourCc: 'hvc1',
      isSequenceHeader: true,
      payloadOffset: 5,
    });
  });
  it('CodedFrames hvc1 carries SI24 composition time: 91 "hvc1" 000021', () => {
    expect(parseVideoTagHeader(hex('91 68766331 000021 aa'))).toMatchObject({
      packetType: 1,
      compositionTime: 33,
      payloadOffset: 8,
    });
  });
  it('CodedFramesX av01 inter: A3 "av01" (no composition time)', () => {
    expect(parseVideoTagHeader(hex('a3 61763031 aa'))).toMatchObject({
      frameType: 2,
      isKeyframe: false,
      packetType: 3,
      fourCc: 'av01',
      compositionTime: 0,
      payloadOffset: 5,
    });
  });
  it('Metadata packets are never keyframes: 94 "av01"', () => {
    expect(parseVideoTagHeader(hex('94 61763031 02'))).toMatchObject({ packetType: 4, isKeyframe: false });
  });
  it('Command frame: D1 00 (start of seek), no FourCC', () => {
    const info = parseVideoTagHeader(hex('d1 00'));
    expect(info).toMatchObject({ frameType: 5, command: 0, payloadOffset: 2 });
    expect(info.fourCc).toBeUndefined();
  });
  it('Multitrack OneTrack av01 SequenceStart: 96 00 "av01"', () => {
    expect(parseVideoTagHeader(hex('96 00 61763031 00 aa'))).toMatchObject({
      packetType: 6,
      multitrackType: 0,
      trackPacketType: 0,
      fourCc: 'av01',
      isSequenceHeader: true,
      payloadOffset: 6,
    });
  });
  it('Multitrack ManyTracksManyCodecs has per-track FourCCs: 96 21', () => {
    const info = parseVideoTagHeader(hex('96 21 61763031 00 000001 aa'));
    expect(info).toMatchObject({ multitrackType: 2, trackPacketType: 1, payloadOffset: 2 });
    expect(info.fourCc).toBeUndefined();
  });
  it('ModEx TimestampOffsetNano then CodedFrames avc1: 97 02 0003E8 01 "avc1" 000010', () => {
    expect(parseVideoTagHeader(hex('97 02 0003e8 01 61766331 000010 aa'))).toMatchObject({
      packetType: 1,
      timestampOffsetNano: 1000,
      fourCc: 'avc1',
      compositionTime: 16,
      payloadOffset: 13,
    });
  });
  it('ModEx with a 16-bit size: 97 FF 0100 <257 bytes> 01 "vp09"', () => {
    const body = new Uint8Array(1 + 1 + 2 + 257 + 1 + 4);
    body.set(hex('97 ff 0100'), 0);
    body.set(hex('11 76703039'), 261);
    expect(parseVideoTagHeader(body)).toMatchObject({
      frameType: 1,
      packetType: 1,
      fourCc: 'vp09',
      payloadOffset: 266,
    });
  });
  it('truncated ModEx and FourCC are typed errors', () => {
    for (const bad of ['97 05 00', '91 6876', '97 ff 01']) {
      expect(() => parseVideoTagHeader(hex(bad))).toThrow(
        expect.objectContaining({ code: FlvErrorCode.ShortTagBody }),
      );
    }
  });
  it('FourCC as the onMetaData codec id number: av01 = 0x61763031', () => {
    expect(fourCcToNumber('av01')).toBe(0x61763031);
  });
});
