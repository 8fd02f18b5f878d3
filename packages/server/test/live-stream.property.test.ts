// LiveStream fan-out invariants under random publisher/player behaviour (fast-check): a player
// never receives an inter frame whose predecessor it missed, never receives media while its
// backlog is over the limit or while paused, always gets sequence headers, and the GOP cache
// gives a late joiner a decodable start.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveStream, type LiveSubscriber } from '../src/index.js';

type Op =
  | { op: 'video'; key: boolean }
  | { op: 'audio' }
  | { op: 'header' }
  | { op: 'backlog'; player: number; bytes: number }
  | { op: 'pause'; player: number; paused: boolean }
  | { op: 'join'; player: number };

const LIMIT = 1000;
const runs = process.env.RTMP_SLOW === '1' ? 20_000 : 300;

interface FakePlayer extends LiveSubscriber {
  backlogBytes: number;
  paused: boolean;
  received: Array<{ typeId: number; frame: number; key: boolean; header: boolean }>;
}

function player(): FakePlayer {
  const p: FakePlayer = {
    backlogBytes: 0,
    paused: false,
    received: [],
    send(typeId, _timestamp, payload) {
      p.received.push({
        typeId,
        frame: payload.length > 2 ? (payload[2] as number) | ((payload[3] as number) << 8) : -1,
        key: typeId === 9 && payload[0] === 0x17,
        header: payload[1] === 0 && (payload[0] === 0x17 || payload[0] === 0xaf),
      });
    },
    backlog: () => p.backlogBytes,
    published: () => undefined,
    unpublished: () => undefined,
    dropped: () => undefined,
  };
  return p;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('video' as const), key: fc.boolean() }) },
  { weight: 4, arbitrary: fc.constant({ op: 'audio' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'header' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('backlog' as const),
      player: fc.nat(2),
      bytes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * LIMIT })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('pause' as const), player: fc.nat(2), paused: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('join' as const), player: fc.nat(2) }) },
);

describe('LiveStream (property)', () => {
  for (const gopCache of [false, true]) {
    it(`keeps every player decodable and bounded (gopCache ${gopCache})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
          const stream = new LiveStream('app/x', {
            maxPlayerBacklog: LIMIT,
            gopCache,
            maxGopCacheBytes: 1 << 20,
          });
          stream.publish(1);
          const players: Array<FakePlayer | undefined> = [undefined, undefined, undefined];
          let frame = 0;
          const frameBytes = (first: number, n: number) =>
            Uint8Array.of(first, 1, n & 0xff, (n >> 8) & 0xff, 7);
          for (const op of ops) {
            if (op.op === 'join') {
              if (!players[op.player]) {
                const p = player();
                players[op.player] = p;
                stream.addPlayer(p);
              }
            } else if (op.op === 'backlog') {
              const p = players[op.player];
              if (p) p.backlogBytes = op.bytes;
            } else if (op.op === 'pause') {
              const p = players[op.player];
              if (p) {
                p.paused = op.paused;
                stream.pausePlayer(p, op.paused);
              }
            } else if (op.op === 'header') {
              stream.pushMedia(9, frame * 40, Uint8Array.of(0x17, 0, 0, 0, 1));
              stream.pushMedia(8, frame * 40, Uint8Array.of(0xaf, 0, 0x12, 0x10));
            } else {
              const before = players.map((p) => p?.received.length ?? 0);
              if (op.op === 'audio') stream.pushMedia(8, frame * 40, frameBytes(0xaf, frame));
              else stream.pushMedia(9, frame * 40, frameBytes(op.key ? 0x17 : 0x27, frame));
              players.forEach((p, i) => {
                if (!p) return;
                // Media is never sent to a paused player or over the backlog limit.
                if (p.paused || p.backlogBytes > LIMIT) expect(p.received.length).toBe(before[i]);
              });
              frame++;
            }
          }
          for (const p of players) {
            if (!p) continue;
            const video = p.received.filter((r) => r.typeId === 9 && !r.header);
            // Each inter frame follows the frame published just before it: no missing references.
            const publishedVideo: number[] = [];
            let n = 0;
            for (const op of ops) {
              if (op.op === 'video') publishedVideo.push(n);
              if (op.op === 'video' || op.op === 'audio') n++;
            }
            for (let i = 0; i < video.length; i++) {
              const current = video[i]!;
              if (current.key) continue;
              const previousPublished = publishedVideo[publishedVideo.indexOf(current.frame) - 1];
              expect(i).toBeGreaterThan(0);
              expect(video[i - 1]?.frame).toBe(previousPublished);
            }
          }
        }),
        { numRuns: runs },
      );
    });
  }

  it('empties the GOP cache when a GOP outgrows maxGopCacheBytes, and reports it', () => {
    const big = (first: number) => Uint8Array.from({ length: 60 }, (_, i) => (i === 0 ? first : 1));
    let overflows = 0;
    const stream = new LiveStream(
      'a/b',
      { maxPlayerBacklog: LIMIT, gopCache: true, maxGopCacheBytes: 100 },
      () => overflows++,
    );
    stream.publish(1);
    stream.pushMedia(9, 0, big(0x17));
    stream.pushMedia(9, 40, big(0x27));
    expect(overflows).toBe(1);
    const late = player();
    stream.addPlayer(late);
    expect(late.received).toEqual([]);
    stream.pushMedia(9, 80, big(0x27));
    expect(late.received).toEqual([]);
    stream.pushMedia(9, 120, big(0x17));
    expect(late.received.map((r) => r.key)).toEqual([true]);
  });
});
