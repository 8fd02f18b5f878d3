import { describe, expect, it } from 'vitest';
import { FlvDemuxer, FlvErrorCode, FlvMuxer, type FlvMuxInput, stripSetDataFrame } from '../src/index.js';
import { concat, hex, muxAll, toHex } from './helpers.js';

// AMF0 by hand (AMF0 spec §2): 02 0010 "onMetaData"; 03 = object, 08 = ECMA array (+U32 count); 000009 end.
const ON_META = '02000a6f6e4d65746144617461';
const VIDEOCODECID = '000c766964656f636f6465636964 00401c000000000000'; // "videocodecid": 7.0
const META_OBJECT = hex(`${ON_META} 03 ${VIDEOCODECID} 000009`);
const META_ECMA = hex(`${ON_META} 08 00000001 ${VIDEOCODECID} 000009`);
const SAMPLE_ACCESS = hex('0200117c52746d7053616d706c65416363657373 0101 0101'); // "|RtmpSampleAccess", true, true
const SET_DATA_FRAME = hex('02000d40736574446174614672616d65'); // "@setDataFrame"

const msg = (typeId: number, timestamp: number, payload: Uint8Array): FlvMuxInput => ({
  typeId,
  timestamp,
  payload,
});
const audio = (ts: number) => msg(8, ts, hex('af01aa'));
const video = (ts: number, key = true) => msg(9, ts, hex(key ? '17010000001122' : '27010000003344'));

function tagBytes(type: number, ts: number, data: Uint8Array): Uint8Array {
  const h = new Uint8Array(11);
  const size = data.length;
  h.set([
    type,
    size >> 16,
    (size >> 8) & 255,
    size & 255,
    (ts >> 16) & 255,
    (ts >> 8) & 255,
    ts & 255,
    ts >>> 24,
  ]);
  const t = new Uint8Array(4);
  new DataView(t.buffer).setUint32(0, size + 11);
  return concat([h, data, t]);
}
const header = (flags: number) => hex(`464c5601${flags.toString(16).padStart(2, '0')}0000000900000000`);

describe('FlvMuxer header flags and hold-back (librtmp RTMP_Read)', () => {
  it('holds output until both media kinds are seen, then writes flags 0x05', () => {
    const muxer = new FlvMuxer();
    expect(muxer.write(msg(18, 0, META_ECMA))).toHaveLength(0);
    expect(muxer.write(audio(0))).toHaveLength(0);
    const out = concat(muxer.write(video(0)).map((c) => c.slice()));
    expect(toHex(out)).toBe(
      toHex(
        concat([
          header(5),
          tagBytes(18, 0, META_ECMA),
          tagBytes(8, 0, audio(0).payload),
          tagBytes(9, 0, video(0).payload),
        ]),
      ),
    );
    expect(muxer.flags).toBe(5);
  });

  it('releases output at the first non-zero timestamp (audio only: flags 0x04)', () => {
    const muxer = new FlvMuxer();
    expect(muxer.write(audio(0))).toHaveLength(0);
    const out = concat(muxer.write(audio(23)).map((c) => c.slice()));
    expect(out.subarray(0, 13)).toEqual(header(4));
    expect(out.length).toBe(13 + 2 * (11 + 3 + 4));
    expect(concat(muxer.write(video(40)).map((c) => c.slice()))).toEqual(tagBytes(9, 40, video(40).payload));
  });

  it('releases output when a packet no longer fits the 128 KiB header buffer', () => {
    // librtmp: size + 4 > buflen, size = 11 + n + 4, buflen = 131072 - 13 (header) - held bytes.
    const fits = new FlvMuxer();
    expect(fits.write(msg(9, 0, new Uint8Array(131040)))).toHaveLength(0);
    const spills = new FlvMuxer();
    const out = spills.write(msg(9, 0, new Uint8Array(131041)));
    expect(out[0]!.subarray(0, 13)).toEqual(header(1));
    expect(out.reduce((n, c) => n + c.length, 0)).toBe(13 + 131041 + 15);
  });

  it('end() flushes a stream that never got past timestamp 0', () => {
    const muxer = new FlvMuxer();
    muxer.write(audio(0));
    expect(concat(muxer.end().map((c) => c.slice()))).toEqual(
      concat([header(4), tagBytes(8, 0, audio(0).payload)]),
    );
    expect(muxer.end()).toHaveLength(0);
  });

  it('counts onMetaData video*/audio* keys inside an object, not inside an ECMA array', () => {
    const object = new FlvMuxer();
    object.write(msg(18, 0, META_OBJECT));
    expect(object.flags).toBe(1);
    const ecma = new FlvMuxer();
    ecma.write(msg(18, 0, META_ECMA));
    expect(ecma.flags).toBe(0);
  });

  it('fixed flags write the header at once and never hold back', () => {
    const muxer = new FlvMuxer({ headerFlags: 0x05 });
    const out = concat(muxer.write(audio(0)).map((c) => c.slice()));
    expect(out).toEqual(concat([header(5), tagBytes(8, 0, audio(0).payload)]));
    expect(muxer.offset).toBe(out.length);
    expect(() => new FlvMuxer({ headerFlags: 256 })).toThrow(
      expect.objectContaining({ code: FlvErrorCode.InvalidArgument }),
    );
  });
});

describe('FlvMuxer zero copy', () => {
  it('passes a 300 KB payload through as the same object (header and trailer separate)', () => {
    const muxer = new FlvMuxer();
    muxer.write(audio(0));
    muxer.write(video(0));
    const payload = new Uint8Array(300_000);
    const chunks = muxer.write(msg(9, 33, payload));
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(payload);
    expect(chunks[0]!.length + chunks[2]!.length).toBe(15);
    expect(muxer.tagCount).toBe(3);
  });
});

describe('FlvMuxer message selection', () => {
  it('drops small packets only on request, but they still count for the flags', () => {
    const tiny = msg(9, 0, hex('1702000000'));
    const dropping = new FlvMuxer({ dropSmallPackets: true });
    expect(dropping.write(audio(0))).toHaveLength(0);
    const out = concat(dropping.write(tiny).map((c) => c.slice()));
    expect(out).toEqual(concat([header(5), tagBytes(8, 0, audio(0).payload)]));
    expect(dropping.write(msg(8, 10, hex('af')))).toHaveLength(0);
    const keeping = muxAll(new FlvMuxer({ headerFlags: 5 }), [tiny]);
    expect(keeping).toEqual(concat([header(5), tagBytes(9, 0, tiny.payload)]));
  });

  it('writes only onMetaData data messages by default; strips @setDataFrame', () => {
    const sample = muxAll(new FlvMuxer({ headerFlags: 5 }), [msg(18, 0, SAMPLE_ACCESS)]);
    expect(sample).toEqual(header(5));
    const all = muxAll(new FlvMuxer({ headerFlags: 5, dataMessages: 'all' }), [msg(18, 0, SAMPLE_ACCESS)]);
    expect(all).toEqual(concat([header(5), tagBytes(18, 0, SAMPLE_ACCESS)]));
    const none = muxAll(new FlvMuxer({ headerFlags: 5, dataMessages: 'none' }), [msg(18, 0, META_ECMA)]);
    expect(none).toEqual(header(5));
    const wrapped = concat([SET_DATA_FRAME, META_ECMA]);
    expect(stripSetDataFrame(wrapped)).toEqual(META_ECMA);
    const stripped = muxAll(new FlvMuxer({ headerFlags: 5 }), [msg(18, 0, wrapped)]);
    expect(stripped).toEqual(concat([header(5), tagBytes(18, 0, META_ECMA)]));
    const kept = muxAll(new FlvMuxer({ headerFlags: 5, stripSetDataFrame: false, dataMessages: 'all' }), [
      msg(18, 0, wrapped),
    ]);
    expect(kept).toEqual(concat([header(5), tagBytes(18, 0, wrapped)]));
  });

  it('ignores commands, control and AMF3 data messages', () => {
    const out = muxAll(new FlvMuxer({ headerFlags: 5 }), [
      msg(20, 0, hex('0200075f726573756c74')),
      msg(1, 0, hex('00001000')),
      msg(15, 0, concat([hex('00'), META_ECMA])),
    ]);
    expect(out).toEqual(header(5));
  });

  it('adds timestampOffset and wraps at 2^32', () => {
    const muxer = new FlvMuxer({ headerFlags: 5, timestampOffset: 0xffffff00 });
    const out = muxAll(muxer, [audio(0x200)]);
    expect(out.subarray(13 + 4, 13 + 8)).toEqual(hex('00010000')); // 0x100: low 24 = 000100, ext 00
  });

  it('rejects payloads that do not fit a U24 size', () => {
    const muxer = new FlvMuxer({ headerFlags: 5 });
    expect(() => muxer.write(msg(9, 0, new Uint8Array(0x1000000)))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.InvalidArgument }),
    );
  });
});

describe('FlvMuxer aggregate messages (protocol.md §3.3/§8.2)', () => {
  // Two sub-tags at 500 and 520 ms; the first back-pointer is wrong (0), the last one is missing.
  const sub1 = hex('08 000002 0001f4 00 000000 af01');
  const sub2 = hex('09 000005 000208 00 000000 2701000000');
  const body = concat([sub1, hex('00000000'), sub2]);

  it('rebases sub-tag timestamps to the message timestamp and repairs back-pointers', () => {
    const out = muxAll(new FlvMuxer({ headerFlags: 5 }), [msg(22, 1000, body)]);
    const expected = concat([
      header(5),
      hex('08 000002 0003e8 00 000000 af01 0000000d'), // 500 + (1000 - 500) = 1000
      hex('09 000005 0003fc 00 000000 2701000000 00000010'), // 520 + 500 = 1020
    ]);
    expect(toHex(out)).toBe(toHex(expected));
    expect(toHex(body.subarray(0, 17))).toBe(toHex(concat([sub1, hex('00000000')]))); // input untouched
  });

  it('sets the flags from sub-tag types and releases the header like any packet', () => {
    const muxer = new FlvMuxer();
    const out = muxer.write(msg(22, 0, body));
    expect(muxer.flags).toBe(5);
    expect(out[0]![4]).toBe(5);
  });

  it('rejects a sub-tag that overruns the message and trailing garbage', () => {
    const over = hex('08 000010 000000 00 000000 af01');
    expect(() => new FlvMuxer({ headerFlags: 5 }).write(msg(22, 0, over))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.BadAggregate }),
    );
    const trailing = concat([sub1, hex('0000000d aabb')]);
    expect(() => new FlvMuxer({ headerFlags: 5 }).write(msg(22, 0, trailing))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.BadAggregate }),
    );
  });

  it('output demuxes cleanly', () => {
    const out = muxAll(new FlvMuxer({ headerFlags: 5 }), [msg(22, 1000, body), audio(1040)]);
    const tags = new FlvDemuxer().push(out);
    expect(tags.map((t) => t.timestamp)).toEqual([1000, 1020, 1040]);
  });
});

describe('FlvMuxer resume (librtmp RTMP_READ_RESUME)', () => {
  const key = video(0).payload;
  const state = {
    offset: 5000,
    timestampOffset: 4000,
    initialFrame: { type: 9, data: key },
    metadata: META_ECMA,
  };

  it('skips to the resume keyframe, drops it and the 0 ms packets, then offsets timestamps', () => {
    const muxer = new FlvMuxer({ resumeFrom: state });
    const out = muxAll(muxer, [
      msg(18, 0, META_ECMA), // same metadata: fine, not written (resume point not reached)
      audio(0), // before the keyframe: dropped
      msg(9, 0, key), // the keyframe: marks the resume point, dropped
      audio(0), // 0 ms after it: dropped
      video(40, false),
      audio(46),
    ]);
    expect(toHex(out)).toBe(
      toHex(concat([tagBytes(9, 4040, video(40, false).payload), tagBytes(8, 4046, audio(46).payload)])),
    );
    expect(muxer.offset).toBe(5000 + out.length);
  });

  it('rejects different onMetaData and gives up after 50 packets without the keyframe', () => {
    const muxer = new FlvMuxer({ resumeFrom: state });
    expect(() => muxer.write(msg(18, 0, META_OBJECT))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.ResumeMetadataMismatch }),
    );
    const lost = new FlvMuxer({ resumeFrom: state });
    for (let i = 0; i < 50; i++) expect(lost.write(audio(i))).toHaveLength(0);
    expect(() => lost.write(audio(50))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.ResumeKeyframeNotFound }),
    );
  });

  it('finds the keyframe inside an aggregate and writes what follows it', () => {
    const keyTag = tagBytes(9, 4000, key);
    const after = hex('08 000003 000fa5 00 000000 af01aa 0000000e'); // audio at 4005 ms
    const muxer = new FlvMuxer({ resumeFrom: state });
    const out = muxAll(muxer, [msg(22, 0, concat([keyTag, after]))]);
    // librtmp rebases the rest: delta = message ts 0 - first remaining sub-tag ts 4005 + 4000 = -5.
    expect(toHex(out)).toBe(toHex(hex('08 000003 000fa0 00 000000 af01aa 0000000e')));
  });
});
