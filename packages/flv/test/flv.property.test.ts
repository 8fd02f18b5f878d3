import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlvDemuxer, FlvMuxer, FlvTailScanner, findLastCompleteTag } from '../src/index.js';
import { concat, demuxChunks, muxAll } from './helpers.js';

const slow = process.env.RTMP_SLOW === '1';
const runs = Number(process.env.FLV_PROPERTY_RUNS ?? (slow ? 2000 : 150));

const tagArb = fc.record({
  typeId: fc.constantFrom(8, 9, 18),
  timestamp: fc.nat({ max: 0xffffffff }),
  payload: fc.uint8Array({ minLength: 0, maxLength: 300 }),
});

/** Random cut lengths. */
const cutsArb = fc.array(fc.nat({ max: 400 }), { maxLength: 20 });

describe('mux → demux round trips', () => {
  it('fixed flags: every message comes back with the same type, timestamp and data, for any chunking', () => {
    fc.assert(
      fc.property(fc.array(tagArb, { maxLength: 30 }), cutsArb, (messages, cuts) => {
        const bytes = muxAll(
          new FlvMuxer({ headerFlags: 5, dataMessages: 'all', stripSetDataFrame: false }),
          messages,
        );
        const demuxer = new FlvDemuxer();
        const tags = demuxChunks(bytes, cuts, demuxer);
        expect(tags.map((t) => [t.type, t.timestamp, Array.from(t.data)])).toEqual(
          messages.map((m) => [m.typeId, m.timestamp >>> 0, Array.from(m.payload)]),
        );
        expect(demuxer.end()).toMatchObject({ truncated: false, validLength: bytes.length });
      }),
      { numRuns: runs },
    );
  });

  it('rtmpdump mode: same tags, and header flags are the union of kinds seen before output started', () => {
    fc.assert(
      fc.property(fc.array(tagArb, { maxLength: 30 }), (messages) => {
        const media = messages.filter((m) => m.typeId !== 18);
        const bytes = muxAll(new FlvMuxer(), media);
        const tags = demuxChunks(bytes, []);
        expect(tags.map((t) => t.timestamp)).toEqual(media.map((m) => m.timestamp));
        // Independently: librtmp's rule, evaluated over the input.
        let flags = 0;
        let held = 13;
        for (const m of media) {
          flags |= m.typeId === 8 ? 4 : 1;
          const size = 11 + m.payload.length + 4;
          const overflow = size + 4 > 131072 - held;
          held += size;
          if (overflow || m.timestamp !== 0 || flags === 5) break;
        }
        if (media.length > 0) expect(bytes[4]).toBe(flags);
      }),
      { numRuns: runs },
    );
  });

  it('aggregates: sub-tags come out rebased to the message timestamp', () => {
    const subArb = fc.record({
      type: fc.constantFrom(8, 9),
      timestamp: fc.nat({ max: 0xffffffff }),
      data: fc.uint8Array({ maxLength: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(subArb, { minLength: 1, maxLength: 10 }),
        fc.nat({ max: 0xffffffff }),
        (subs, ts) => {
          const body = concat(
            subs.map((s) => {
              const t = new Uint8Array(11 + s.data.length + 4);
              const v = new DataView(t.buffer);
              v.setUint32(0, s.data.length); // bytes 1-3 = U24 size (byte 0 overwritten next)
              t[0] = s.type;
              t[4] = (s.timestamp >>> 16) & 0xff;
              t[5] = (s.timestamp >>> 8) & 0xff;
              t[6] = s.timestamp & 0xff;
              t[7] = s.timestamp >>> 24;
              t.set(s.data, 11);
              v.setUint32(11 + s.data.length, 11 + s.data.length);
              return t;
            }),
          );
          const bytes = muxAll(new FlvMuxer({ headerFlags: 5 }), [
            { typeId: 22, timestamp: ts, payload: body },
          ]);
          const tags = demuxChunks(bytes, []);
          const first = subs[0]!.timestamp;
          expect(tags.map((t) => [t.type, t.timestamp, Array.from(t.data)])).toEqual(
            subs.map((s) => [s.type, (s.timestamp - first + ts + 2 ** 33) % 2 ** 32, Array.from(s.data)]),
          );
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('last complete tag', () => {
  it('forward scan and tail scanner agree on truncated random files', () => {
    fc.assert(
      fc.property(
        fc.array(tagArb, { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1 }),
        (messages, f) => {
          const bytes = muxAll(
            new FlvMuxer({ headerFlags: 5, dataMessages: 'all', stripSetDataFrame: false }),
            messages,
          );
          const file = bytes.subarray(0, 13 + Math.floor((bytes.length - 13) * f));
          const forward = findLastCompleteTag(file);
          expect(forward.valid).toBe(true);
          const scanner = new FlvTailScanner(file.length, { initialWindow: 64 });
          for (let r = scanner.next(); r; r = scanner.next())
            scanner.supply(file.slice(r.position, r.position + r.length));
          // The backward search is a local heuristic (payload bytes could in theory mimic a tag chain);
          // the forward scan is the authority, and on these files they must agree.
          expect(scanner.result).toEqual(forward.lastTag);
        },
      ),
      { numRuns: runs },
    );
  });
});
