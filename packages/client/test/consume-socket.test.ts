// PlayStream.consume() over real TCP (127.0.0.1, the default transport: connectTcp, whose plain
// sockets read through `onread` into a reused ring while every play is consumed): a VOD download
// of a hand-built FLV (FLV spec E.2–E.4, support/test-server.ts buildFlv) of ~12 MiB, whose video
// tags span many reads, arrives tag for tag — the FLV rebuilt from the consumed tags is byte for
// byte the source file — with a fast handler and with one that applies backpressure; the
// transport's read-buffer reuse was switched on for the download and off at its end.
import { connect, openTransport, type PlayEvent, type TransportFactory } from '@rtmp/client';
import type { Transport } from '@rtmp/core';
import { FlvDemuxer } from '@rtmp/flv';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptAll, buildFlv, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface SourceTag {
  type: number;
  timestamp: number;
  data: Uint8Array;
}

/** xorshift32 for sizes and bytes: the same file every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** A source FLV: 600 tags, videos of 1 KiB..48 KiB (keyframe every 25), audio of 100..700 bytes. */
function sourceFlv(): Uint8Array {
  const next = generator(2024);
  const tags: SourceTag[] = [];
  for (let i = 0; i < 600; i++) {
    const video = i % 3 !== 2;
    const size = video ? 1024 + (next() % (47 * 1024)) : 100 + (next() % 600);
    const data = new Uint8Array(size);
    for (let j = 0; j < size; j++) data[j] = next() & 0xff;
    data[0] = video ? (i % 25 === 0 ? 0x17 : 0x27) : 0xaf;
    tags.push({ type: video ? 9 : 8, timestamp: Math.floor(i * 13.3), data });
  }
  return buildFlv(tags);
}

const SOURCE = sourceFlv();
const SOURCE_TAGS: SourceTag[] = (() => {
  const demuxer = new FlvDemuxer();
  const tags = demuxer
    .push(SOURCE)
    .map((t) => ({ type: t.type, timestamp: t.timestamp, data: t.data.slice() }));
  demuxer.end();
  return tags;
})();

async function vodServer(): Promise<TestServer> {
  return startTestServer({
    handler: (c, e) => {
      acceptAll(c, e);
      if (e.type === 'play-requested') {
        for (const t of SOURCE_TAGS) c.write(c.session.encodeMedia(e.streamId, t.type, t.timestamp, t.data));
        c.apply(c.session.endPlay(e.streamId));
      }
    },
  });
}

/** The default transport, with its setReadBufferReuse calls recorded. */
function spiedTransport(calls: Array<[boolean, boolean | undefined]>): TransportFactory {
  return async (params, options) => {
    const transport: Transport = await openTransport(params, options);
    const original = transport.setReadBufferReuse?.bind(transport);
    transport.setReadBufferReuse = (enabled: boolean) => {
      const supported = original?.(enabled);
      calls.push([enabled, supported]);
      return supported ?? false;
    };
    return transport;
  };
}

/** Compares tags cheaply (a deep toEqual over 10 MB of bytes is far too slow). */
function expectSameTags(got: SourceTag[], want: SourceTag[]): void {
  const meta = (t: SourceTag) => [t.type, t.timestamp, t.data.length];
  expect(got.map(meta)).toEqual(want.map(meta));
  const differing = got.filter(
    (t, i) => !Buffer.from(t.data).equals(Buffer.from((want[i] as SourceTag).data)),
  );
  expect(differing.length).toBe(0);
}

async function download(handler: (e: PlayEvent, tags: SourceTag[]) => void | Promise<void>) {
  server = await vodServer();
  const calls: Array<[boolean, boolean | undefined]> = [];
  const connection = await connect(server.url('vod/source.flv'), { transport: spiedTransport(calls) });
  const play = await connection.play();
  const tags: SourceTag[] = [];
  const end = await play.consume((e) => handler(e, tags));
  await connection.close();
  return { tags, end, calls };
}

describe('consume() over real TCP', () => {
  it('downloads a VOD tag for tag: the rebuilt FLV equals the source', async () => {
    expect(SOURCE.length).toBeGreaterThan(8 * 1024 * 1024);
    const { tags, end, calls } = await download((e, out) => {
      if (e.type === 'audio' || e.type === 'video')
        out.push({
          type: e.type === 'audio' ? 8 : 9,
          timestamp: e.timestamp,
          data: new Uint8Array(e.payload),
        }); // a copy
    });
    expect(end.status?.code).toBe('NetStream.Play.Stop');
    expectSameTags(tags, SOURCE_TAGS);
    expect(Buffer.from(buildFlv(tags)).equals(Buffer.from(SOURCE))).toBe(true);
    // The socket read into reused memory during the download: reuse on (supported), then off.
    expect(calls).toEqual([
      [true, true],
      [false, true],
    ]);
  });

  it('with a handler that applies backpressure (a promise every 20 tags), still every tag intact', async () => {
    let count = 0;
    const { tags, end } = await download((e, out) => {
      if (e.type !== 'audio' && e.type !== 'video') return undefined;
      out.push({ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: new Uint8Array(e.payload) }); // a copy
      if (++count % 20 !== 0) return undefined;
      return new Promise<void>((resolve) => setTimeout(resolve, 3));
    });
    expect(end.stopReached).toBe(false);
    expectSameTags(tags, SOURCE_TAGS);
  });
});
