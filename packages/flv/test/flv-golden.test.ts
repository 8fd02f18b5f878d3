import { describe, expect, it } from 'vitest';
import {
  decodeFlvHeader,
  decodeFlvTagHeader,
  encodeFlvHeader,
  FlvDemuxer,
  FlvMuxer,
  findLastCompleteTag,
} from '../src/index.js';
import { concat, demuxChunks, fixture, hex, muxAll, tagsAsMessages, toHex } from './helpers.js';

// Hand-annotated from FLV 10.1 spec E.2/E.4.1 (protocol.md §8.1).
const HEADER_AV = hex('464c56 | 01 | 05 | 00000009 | 00000000'); // "FLV", v1, audio+video, offset 9, PTS0
// Audio tag: type 8, DataSize 2, ts 0x000021 (33 ms), ext 0, StreamID 0, data AF 01 (AAC raw), PTS 13.
const AUDIO_TAG = hex('08 | 000002 | 000021 | 00 | 000000 | af01 | 0000000d');
// Video tag at 0x12345678 ms: low 24 bits 345678 then the extended byte 12; data 17 01 000000 (AVC NALU, key).
const VIDEO_TAG = hex('09 | 000005 | 345678 | 12 | 000000 | 1701000000 | 00000010');

describe('FLV header golden vectors (spec E.2)', () => {
  it('decodes the 9-byte header', () => {
    expect(decodeFlvHeader(HEADER_AV)).toEqual({
      version: 1,
      flags: 5,
      hasAudio: true,
      hasVideo: true,
      dataOffset: 9,
    });
  });
  it('encodes header + PreviousTagSize0 as rtmpdump does', () => {
    expect(toHex(encodeFlvHeader(5))).toBe(toHex(HEADER_AV));
    expect(toHex(encodeFlvHeader(0))).toBe('464c5601000000000900000000');
  });
});

describe('FLV tag golden vectors (spec E.4.1)', () => {
  it('decodes tag headers including the extended timestamp byte', () => {
    expect(decodeFlvTagHeader(AUDIO_TAG)).toEqual({
      type: 8,
      filter: false,
      reserved: 0,
      dataSize: 2,
      timestamp: 33,
      streamId: 0,
    });
    expect(decodeFlvTagHeader(VIDEO_TAG).timestamp).toBe(0x12345678);
  });

  it('demuxes header + tags', () => {
    const tags = demuxChunks(concat([HEADER_AV, AUDIO_TAG, VIDEO_TAG]), []);
    expect(tags).toEqual([
      {
        type: 8,
        filter: false,
        timestamp: 33,
        streamId: 0,
        data: hex('af01'),
        offset: 13,
        previousTagSize: 13,
      },
      {
        type: 9,
        filter: false,
        timestamp: 0x12345678,
        streamId: 0,
        data: hex('1701000000'),
        offset: 13 + 17,
        previousTagSize: 16,
      },
    ]);
  });

  it('muxes the same tags to the same bytes', () => {
    const muxer = new FlvMuxer({ headerFlags: 5 });
    const out = muxAll(muxer, [
      { typeId: 8, timestamp: 33, payload: hex('af01') },
      { typeId: 9, timestamp: 0x12345678, payload: hex('1701000000') },
    ]);
    expect(toHex(out)).toBe(toHex(concat([HEADER_AV, AUDIO_TAG, VIDEO_TAG])));
  });

  it('muxTag returns header, data (same object) and trailer', () => {
    const data = hex('af01');
    const [header, body, trailer] = new FlvMuxer().muxTag(8, 33, data);
    expect(toHex(header)).toBe(toHex(AUDIO_TAG.subarray(0, 11)));
    expect(body).toBe(data);
    expect(toHex(trailer)).toBe('0000000d');
  });
});

// tiny.flv: ffmpeg output; tiny-rtmpdump.flv: what rtmpdump 2.4 wrote downloading it from nginx-rtmp
// (test/fixtures/make-fixtures.sh). Counts below are from the lab's flvtags.py, not from this package.
describe('real files', () => {
  const tiny = fixture('tiny.flv');
  const rtmpdump = fixture('tiny-rtmpdump.flv');

  it('demuxes ffmpeg output: 24 audio, 17 video, 1 script tag', () => {
    const demuxer = new FlvDemuxer();
    const tags = demuxChunks(tiny, [], demuxer);
    expect(demuxer.header?.flags).toBe(5);
    expect(tags.filter((t) => t.type === 8)).toHaveLength(24);
    expect(tags.filter((t) => t.type === 9)).toHaveLength(17);
    expect(tags.filter((t) => t.type === 18)).toHaveLength(1);
    expect(tags[0]?.type).toBe(18);
    expect(tags[0]?.data.length).toBe(550);
    expect(Math.max(...tags.filter((t) => t.type === 8).map((t) => t.timestamp))).toBe(1108);
    expect(Math.max(...tags.filter((t) => t.type === 9).map((t) => t.timestamp))).toBe(933);
    expect(demuxer.end()).toEqual({
      truncated: false,
      validLength: tiny.length,
      trailingBytes: 0,
      tagCount: 42,
    });
  });

  it('mux with fixed flags reproduces ffmpeg output byte for byte', () => {
    const tags = demuxChunks(tiny, []);
    const out = muxAll(new FlvMuxer({ headerFlags: 5, dataMessages: 'all' }), tagsAsMessages(tags));
    expect(out.length).toBe(tiny.length);
    expect(toHex(out)).toBe(toHex(tiny));
  });

  it('rtmpdump mode reproduces rtmpdump output byte for byte (small packets dropped like librtmp)', () => {
    const tags = demuxChunks(tiny, []);
    const out = muxAll(new FlvMuxer({ dropSmallPackets: true }), tagsAsMessages(tags));
    expect(out.length).toBe(rtmpdump.length);
    expect(toHex(out)).toBe(toHex(rtmpdump));
  });

  it('default mode keeps the 5-byte AVC end-of-sequence tag rtmpdump drops (20 bytes more)', () => {
    const tags = demuxChunks(tiny, []);
    const out = muxAll(new FlvMuxer(), tagsAsMessages(tags));
    expect(out.length).toBe(rtmpdump.length + 20);
    expect(toHex(out)).toBe(toHex(tiny));
  });

  it('audio-only rtmpdump download matches', () => {
    const audio = fixture('audio.flv');
    const out = muxAll(new FlvMuxer({ dropSmallPackets: true }), tagsAsMessages(demuxChunks(audio, [])));
    expect(toHex(out)).toBe(toHex(fixture('audio-rtmpdump.flv')));
    expect(out[4]).toBe(0x04);
  });

  it('findLastCompleteTag finds the last tag and the last keyframe of a whole file', () => {
    const scan = findLastCompleteTag(tiny);
    expect(scan.valid).toBe(true);
    expect(scan.tagCount).toBe(42);
    expect(scan.lastTag?.end).toBe(tiny.length);
    expect(scan.metadataTag?.offset).toBe(13);
    const key = scan.resumeTag!;
    expect(key.type).toBe(9);
    expect(tiny[key.offset + 11]! & 0xf0).toBe(0x10);
  });
});
