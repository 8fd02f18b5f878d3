/**
 * Property tests: whatever a builder writes, decodeCommand/decodeDataMessage read back with the
 * same typed fields, in both framings (type 20/18 and 17/15).
 */
import {
  commandTypeId,
  dataTypeId,
  decodeCommand,
  decodeDataMessage,
  encodeConnect,
  encodeOnStatus,
  encodePause,
  encodePlay,
  encodePublish,
  encodeSetDataFrame,
  parseConnArgs,
} from '@rtmp/commands';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const runs = process.env.RTMP_SLOW === '1' ? 20_000 : 200;
const framing = fc.record({ amf3: fc.boolean() });
const txn = fc.integer({ min: 0, max: 2 ** 31 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('builder → decoder round trips', () => {
  it('play', () => {
    fc.assert(
      fc.property(
        txn,
        fc.string(),
        fc.option(finite, { nil: undefined }),
        finite,
        fc.boolean(),
        framing,
        (t, name, start, duration, reset, o) => {
          const args =
            start === undefined ? { streamName: name } : { streamName: name, start, duration, reset };
          const d = decodeCommand({ typeId: commandTypeId(o), payload: encodePlay(t, args, o) });
          expect(d).toMatchObject({ kind: 'play', transactionId: t, amf3: o.amf3, ...args });
        },
      ),
      { numRuns: runs },
    );
  });

  it('publish and pause', () => {
    fc.assert(
      fc.property(
        txn,
        fc.string(),
        fc.constantFrom('live', 'record', 'append' as const),
        fc.boolean(),
        finite,
        framing,
        (t, name, type, p, pos, o) => {
          const pub = decodeCommand({ typeId: commandTypeId(o), payload: encodePublish(t, name, type, o) });
          expect(pub).toMatchObject({ kind: 'publish', streamName: name, publishType: type });
          const pause = decodeCommand({ typeId: commandTypeId(o), payload: encodePause(t, p, pos, o) });
          expect(pause).toMatchObject({ kind: 'pause', pause: p, position: pos });
        },
      ),
      { numRuns: runs },
    );
  });

  it('connect with conn items', () => {
    const item = fc.oneof(
      fc.boolean().map((b) => `B:${b ? 1 : 0}`),
      fc.integer().map((n) => `N:${n}`),
      fc.string().map((s) => `S:${s}`),
      fc.constant('Z:'),
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.array(item, { maxLength: 10 }),
        framing,
        (app, tcUrl, items, o) => {
          const args = parseConnArgs(items);
          const d = decodeCommand({
            typeId: commandTypeId(o),
            payload: encodeConnect({ app, tcUrl }, { ...o, args }),
          });
          expect(d).toMatchObject({ kind: 'connect', transactionId: 1, params: { app, tcUrl }, args });
        },
      ),
      { numRuns: runs },
    );
  });

  it('onStatus and @setDataFrame', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('status', 'warning', 'error' as const),
        fc.string(),
        fc.string(),
        fc.dictionary(
          fc.string({ minLength: 1 }).filter((k) => !/^\d+$/.test(k)),
          finite,
          { maxKeys: 8 },
        ),
        framing,
        (level, code, description, meta, o) => {
          const s = decodeCommand({
            typeId: commandTypeId(o),
            payload: encodeOnStatus({ level, code, description }, 0, o),
          });
          expect(s).toMatchObject({ kind: 'onStatus', status: { level, code, description } });
          const m = decodeDataMessage({
            typeId: dataTypeId(o),
            payload: encodeSetDataFrame(meta, 'onMetaData', o),
          });
          expect(m.kind === 'setDataFrame' && { ...(m.data as object) }).toEqual(meta);
        },
      ),
      { numRuns: runs },
    );
  });
});
