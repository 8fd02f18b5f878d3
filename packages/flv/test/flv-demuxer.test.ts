import { describe, expect, it } from 'vitest';
import { FlvDemuxer, FlvErrorCode, type FlvTag } from '../src/index.js';
import { concat, demuxChunks, fixture, hex } from './helpers.js';

const HEADER = hex('464c5601050000000900000000');
const AUDIO = hex('08 000002 000021 00 000000 af01 0000000d');
const VIDEO = hex('09 000005 345678 12 000000 1701000000 00000010');
const SMALL = concat([HEADER, AUDIO, VIDEO]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('FlvDemuxer split feeds', () => {
  const whole = demuxChunks(SMALL, []);

  it('gives the same tags for every 2- and 3-way split of a small file', () => {
    for (let i = 0; i <= SMALL.length; i++) {
      expect(demuxChunks(SMALL, [i])).toEqual(whole);
      for (let j = 0; i + j <= SMALL.length; j++) expect(demuxChunks(SMALL, [i, j])).toEqual(whole);
    }
  });

  it('gives the same tags for a real file split at every byte boundary and fed byte by byte', () => {
    const tiny = fixture('tiny.flv');
    const reference = demuxChunks(tiny, []);
    expect(reference).toHaveLength(42);
    const signature = (tags: FlvTag[]) =>
      tags.map((t) => {
        let sum = 0;
        for (let k = 0; k < t.data.length; k++) sum = (sum * 31 + t.data[k]!) >>> 0;
        return `${t.type}/${t.timestamp}/${t.offset}/${t.data.length}/${sum}`;
      });
    const expected = signature(reference);
    for (let i = 0; i <= tiny.length; i++) expect(signature(demuxChunks(tiny, [i]))).toEqual(expected);
    // Full structural equality on a spread of split points (above: content signatures for all).
    for (let i = 0; i <= tiny.length; i += 997) expect(demuxChunks(tiny, [i])).toEqual(reference);
    const bytewise = demuxChunks(
      tiny,
      Array.from({ length: tiny.length }, () => 1),
    );
    expect(bytewise).toEqual(reference);
  });

  it('hands out views of the pushed chunk when a tag lies inside it (zero copy)', () => {
    const demuxer = new FlvDemuxer();
    const tags: FlvTag[] = demuxer.push(SMALL);
    expect(tags[1]!.data.buffer).toBe(SMALL.buffer);
    expect(tags[1]!.data.byteOffset).toBe(SMALL.byteOffset + 13 + 17 + 11);
  });
});

describe('FlvDemuxer validation', () => {
  it('rejects a bad signature, version (strict) and data offset', () => {
    expect(codeOf(() => new FlvDemuxer().push(hex('464c5801050000000900000000')))).toBe(
      FlvErrorCode.BadSignature,
    );
    expect(codeOf(() => new FlvDemuxer().push(hex('464c5602050000000900000000')))).toBe(
      FlvErrorCode.BadVersion,
    );
    expect(codeOf(() => new FlvDemuxer().push(hex('464c5601050000000800000000')))).toBe(
      FlvErrorCode.BadDataOffset,
    );
    expect(codeOf(() => new FlvDemuxer().push(hex('464c560105ffffffff')))).toBe(FlvErrorCode.BadDataOffset);
    const lenient = new FlvDemuxer({ strict: false });
    lenient.push(hex('464c5602050000000900000000'));
    expect(lenient.warnings.map((w) => w.code)).toEqual(['VERSION']);
  });

  it('skips extra header bytes when DataOffset > 9', () => {
    const file = concat([hex('464c5601050000000c aabbcc 00000000'), AUDIO]);
    const demuxer = new FlvDemuxer();
    const tags = demuxer.push(file);
    expect(demuxer.header?.dataOffset).toBe(12);
    expect(tags[0]?.offset).toBe(16);
  });

  it('checks PreviousTagSize: strict throws, lenient warns and continues', () => {
    const bad = concat([HEADER, AUDIO.slice(0, 13), hex('0000000e'), VIDEO]);
    const error = (() => {
      try {
        new FlvDemuxer().push(bad);
      } catch (e) {
        return e as { code: string; details: Record<string, unknown> };
      }
    })();
    expect(error?.code).toBe(FlvErrorCode.BadPreviousTagSize);
    expect(error?.details).toEqual({ offset: 26, found: 14, expected: 13 });
    const lenient = new FlvDemuxer({ strict: false });
    expect(lenient.push(bad)).toHaveLength(2);
    expect(lenient.warnings).toEqual([
      { code: 'PREVIOUS_TAG_SIZE', offset: 26, message: expect.any(String) },
    ]);
    const badZero = concat([hex('464c5601050000000900000001'), AUDIO]);
    expect(codeOf(() => new FlvDemuxer().push(badZero))).toBe(FlvErrorCode.BadPreviousTagSize);
  });

  it('rejects unknown tag types and reserved bits in strict mode only', () => {
    const odd = concat([HEADER, hex('07 000001 000000 00 000000 aa 0000000c')]);
    expect(codeOf(() => new FlvDemuxer().push(odd))).toBe(FlvErrorCode.BadTagType);
    const reserved = concat([HEADER, hex('48 000001 000000 00 000000 aa 0000000c')]);
    expect(codeOf(() => new FlvDemuxer().push(reserved))).toBe(FlvErrorCode.BadTagType);
    const lenient = new FlvDemuxer({ strict: false });
    expect(lenient.push(odd)[0]?.type).toBe(7);
    // The filter bit (0x20) is allowed and reported.
    const filtered = concat([HEADER, hex('28 000001 000000 00 000000 aa 0000000c')]);
    expect(new FlvDemuxer().push(filtered)[0]).toMatchObject({ type: 8, filter: true });
  });

  it('enforces maxTagSize as soon as the tag header is seen, and maxBuffered', () => {
    const big = concat([HEADER, hex('09 100000 000000 00 000000')]);
    expect(codeOf(() => new FlvDemuxer({ maxTagSize: 0xfffff }).push(big))).toBe(FlvErrorCode.TagTooLarge);
    const demuxer = new FlvDemuxer({ maxBuffered: 4096 });
    expect(codeOf(() => demuxer.push(big))).toBe(FlvErrorCode.BufferLimit);
    // A failed demuxer stays failed.
    expect(codeOf(() => demuxer.push(hex('00')))).toBe(FlvErrorCode.Failed);
    expect(codeOf(() => demuxer.end())).toBe(FlvErrorCode.Failed);
    // The same tag inside one chunk needs no buffering.
    const whole = concat([
      HEADER,
      hex('08 002000 000000 00 000000'),
      new Uint8Array(0x2000),
      hex('0000200b'),
    ]);
    expect(new FlvDemuxer({ maxBuffered: 4096 }).push(whole)).toHaveLength(1);
  });

  it('end() reports a truncated trailing tag and can require completeness', () => {
    const cut = SMALL.subarray(0, SMALL.length - 3);
    const demuxer = new FlvDemuxer();
    expect(demuxer.push(cut)).toHaveLength(1);
    expect(demuxer.end()).toEqual({
      truncated: true,
      validLength: 30,
      trailingBytes: 17,
      truncatedTagOffset: 30,
      tagCount: 1,
    });
    expect(codeOf(() => demuxer.end({ requireComplete: true }))).toBe(FlvErrorCode.Truncated);
    expect(new FlvDemuxer().end().truncated).toBe(true);
    const complete = new FlvDemuxer();
    complete.push(SMALL);
    expect(complete.end({ requireComplete: true }).truncated).toBe(false);
  });

  it('demuxes a bare tag stream with expectHeader: false', () => {
    const tags = new FlvDemuxer({ expectHeader: false }).push(concat([AUDIO, VIDEO]));
    expect(tags.map((t) => t.offset)).toEqual([0, 17]);
  });
});
