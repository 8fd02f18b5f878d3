import { describe, expect, it } from 'vitest';
import { FlvDemuxer, FlvErrorCode, parseOnMetaData } from '../src/index.js';
import { concat, fixture, hex } from './helpers.js';

// Hand-assembled AMF0 (AMF0 spec §2): strings 02 U16 len; number 00 + f64; bool 01; object 03 ... 000009;
// ECMA array 08 U32 count ... 000009; strict array 0A U32 count values.
const key = (name: string) =>
  concat([hex((name.length + 0x10000).toString(16).slice(1)), new TextEncoder().encode(name)]);
const num = (f64hex: string) => hex(`00 ${f64hex}`);
const META = concat([
  hex('02000a'),
  new TextEncoder().encode('onMetaData'),
  hex('08 00000007'),
  key('duration'),
  num('4024000000000000'), // 10.0
  key('width'),
  num('4084000000000000'), // 640.0
  key('videocodecid'),
  num('401c000000000000'), // 7.0
  key('audiocodecid'),
  hex('02 0004'),
  new TextEncoder().encode('mp4a'),
  key('stereo'),
  hex('01 01'),
  key('encoder'),
  hex('02 0004'),
  new TextEncoder().encode('Lavf'),
  key('keyframes'),
  hex('03'),
  key('times'),
  hex('0a 00000002'),
  num('0000000000000000'),
  num('4000000000000000'), // 0.0, 2.0
  key('filepositions'),
  hex('0a 00000002'),
  num('4059000000000000'),
  num('409f400000000000'), // 100, 2000
  hex('000009'),
  hex('000009'),
]);

describe('parseOnMetaData', () => {
  it('parses a hand-assembled onMetaData', () => {
    const meta = parseOnMetaData(META);
    expect(meta).toMatchObject({
      duration: 10,
      width: 640,
      videocodecid: 7,
      audiocodecid: 'mp4a',
      stereo: true,
      encoder: 'Lavf',
      keyframes: { times: [0, 2], filepositions: [100, 2000] },
    });
    expect(meta?.height).toBeUndefined();
    expect(meta?.properties.duration).toBe(10);
  });

  it('skips @setDataFrame, ignores other names, rejects bad AMF0 and non-objects', () => {
    const wrapped = concat([hex('02000d'), new TextEncoder().encode('@setDataFrame'), META]);
    expect(parseOnMetaData(wrapped)?.duration).toBe(10);
    expect(parseOnMetaData(hex('0200117c52746d7053616d706c65416363657373 0101 0101'))).toBeUndefined();
    expect(() => parseOnMetaData(META.subarray(0, 40))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.BadMetadata }),
    );
    expect(() => parseOnMetaData(concat([META.subarray(0, 13), hex('00 4024000000000000')]))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.BadMetadata }),
    );
  });

  it('reads ffmpeg onMetaData: size, and a keyframe index pointing at a video keyframe tag', () => {
    const tiny = fixture('tiny.flv');
    const [first] = new FlvDemuxer().push(tiny);
    const meta = parseOnMetaData(first!.data)!;
    expect(meta.width).toBe(160);
    expect(meta.height).toBe(120);
    expect(meta.videocodecid).toBe(7);
    expect(meta.audiocodecid).toBe(10);
    expect(meta.duration).toBeGreaterThan(1);
    expect(meta.duration).toBeLessThan(1.2);
    expect(meta.keyframes?.times).toEqual([0]);
    const position = meta.keyframes!.filepositions[0]!;
    expect(tiny[position]).toBe(9);
    expect(tiny[position + 11]! & 0xf0).toBe(0x10);
  });
});
