// Our client plays VOD from the server in-process: tags equal the file (synthetic FLVs written by
// test/support/make-flv.ts straight from the FLV spec), seek (index and scan), pause, missing
// files, path traversal, the end-of-play sequence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PlayEvent, type PlayStream, type RtmpConnection } from '@rtmp/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRtmpServer, type RtmpServer, type ServerWarning } from '../src/index.js';
import { type SyntheticFlv, writeSyntheticFlv } from './support/make-flv.js';

let dir: string;
let indexed: SyntheticFlv;
let plain: SyntheticFlv;
let badIndex: SyntheticFlv;
let short: SyntheticFlv;
let server: RtmpServer;
let paced: RtmpServer;
let base: string;
let pacedBase: string;
const warnings: ServerWarning[] = [];
const open: RtmpConnection[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtmp-server-vod-'));
  indexed = writeSyntheticFlv(join(dir, 'indexed.flv'), { seconds: 6 });
  plain = writeSyntheticFlv(join(dir, 'plain.flv'), { seconds: 6, index: false });
  badIndex = writeSyntheticFlv(join(dir, 'bad-index.flv'), { seconds: 6, badIndex: true });
  short = writeSyntheticFlv(join(dir, 'short.flv'), { seconds: 2 });
  writeFileSync(join(dir, 'broken.flv'), Buffer.from('FLX not an flv file at all'));
  server = createRtmpServer({ root: dir });
  server.on('warning', (w) => warnings.push(w));
  const { port } = await server.listen();
  base = `rtmp://127.0.0.1:${port}`;
  paced = createRtmpServer({ root: dir, vodPacing: 'buffer' });
  pacedBase = `rtmp://127.0.0.1:${(await paced.listen()).port}`;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
});

afterAll(async () => {
  await server.close();
  await paced.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dial(app = 'vod'): Promise<RtmpConnection> {
  const connection = await connect(`${base}/${app}`);
  open.push(connection);
  return connection;
}

type Media = { type: number; timestamp: number; data: number[] };
const asMedia = (e: PlayEvent): Media | undefined =>
  e.type === 'audio' || e.type === 'video' || e.type === 'metadata'
    ? {
        type: e.type === 'audio' ? 8 : e.type === 'video' ? 9 : 18,
        timestamp: e.timestamp,
        data: [...e.payload],
      }
    : undefined;

async function collect(stream: PlayStream, until?: (events: PlayEvent[]) => boolean): Promise<PlayEvent[]> {
  const events: PlayEvent[] = [];
  for await (const event of stream) {
    events.push(
      event.type === 'audio' || event.type === 'video' || event.type === 'metadata'
        ? { ...event, payload: event.payload.slice() }
        : event,
    );
    if (until?.(events)) break;
  }
  return events;
}

describe('VOD', () => {
  it('plays a file: every tag, in order, with its timestamp and bytes', async () => {
    const connection = await dial();
    const stream = await connection.play('indexed');
    const events = await collect(stream);
    const got = events.map(asMedia).filter((m) => m !== undefined);
    expect(got).toEqual(
      indexed.tags.map((t) => ({ type: t.type, timestamp: t.timestamp, data: [...t.data] })),
    );
    expect(stream.end?.status?.code).toBe('NetStream.Play.Complete');
  });

  it('accepts flv: prefixes and explicit .flv names', async () => {
    const connection = await dial();
    for (const name of ['flv:plain', 'plain.flv', 'flv:plain.flv']) {
      const events = await collect(await connection.play(name));
      expect(events.filter((e) => e.type === 'video').length).toBe(
        plain.tags.filter((t) => t.type === 9).length,
      );
    }
  });

  it('sends StreamIsRecorded, StreamBegin, then StreamEOF, onPlayStatus Complete and Play.Stop at the end', async () => {
    const connection = await dial();
    const seen: string[] = [];
    let playStatus: Uint8Array | undefined;
    connection.on('event', (e) => {
      if (e.type === 'stream-control') seen.push(e.event);
      if (e.type === 'status') seen.push(`${e.source}:${e.status.code}`);
      if (e.type === 'data' && e.message.kind === 'onPlayStatus') playStatus = e.payload.slice();
    });
    await collect(await connection.play('plain'));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.slice(0, 4)).toEqual([
      'stream-is-recorded',
      'stream-begin',
      'onStatus:NetStream.Play.Reset',
      'onStatus:NetStream.Play.Start',
    ]);
    expect(seen.slice(-3)).toEqual([
      'stream-eof',
      'onPlayStatus:NetStream.Play.Complete',
      'onStatus:NetStream.Play.Stop',
    ]);
    // Golden: nginx-rtmp 1.2.2's onPlayStatus body, as our client received it from a real nginx
    // (test-peers startNginx, vod/small.flv) — code, level, duration 0, bytes 0, in that order.
    expect(Buffer.from(playStatus ?? []).toString('hex')).toBe(
      '02000c6f6e506c6179537461747573030004636f64650200174e657453747265616d2e506c61792e436f6d706c657465' +
        '00056c6576656c02000673746174757300086475726174696f6e000000000000000000000562797465730000000000' +
        '00000000000009',
    );
  });

  for (const [label, file] of [
    ['the onMetaData keyframe index', () => indexed],
    ['a scan (no index)', () => plain],
    ['a scan (index pointing at the wrong tags)', () => badIndex],
  ] as const) {
    it(`seeks with ${label}: Seek.Notify, then media from the keyframe at or before the position`, async () => {
      // Paced to the client's 100 ms buffer, so the file cannot end before the seek arrives.
      const connection = await connect(`${pacedBase}/vod`);
      open.push(connection);
      const statuses: string[] = [];
      connection.on('status', (s) => statuses.push(s.code));
      const stream = await connection.play(
        file().path.endsWith('indexed.flv')
          ? 'indexed'
          : file().path.endsWith('plain.flv')
            ? 'plain'
            : 'bad-index',
        { bufferMs: 100 },
      );
      let seeked = false;
      let afterSeek: Media[] = [];
      for await (const event of stream) {
        const m = asMedia(event);
        if (!seeked && m && m.type === 9) {
          stream.pause();
          stream.seek(5100);
          seeked = true;
          continue;
        }
        if (event.type === 'status' && event.status.code === 'NetStream.Seek.Notify') {
          afterSeek = [];
          stream.resume();
          continue;
        }
        if (seeked && statuses.includes('NetStream.Seek.Notify') && m) afterSeek.push(m);
      }
      const key = [...file().keyframes].reverse().find((k) => k.ms <= 5100);
      expect(key?.ms).toBe(5000);
      const firstVideo = afterSeek.find((m) => m.type === 9);
      expect(firstVideo?.timestamp).toBe(5000);
      expect(firstVideo?.data[0]).toBe(0x17);
      // After the seek the stream is the file's tags from the keyframe on, exactly.
      const from = file().tags.findIndex((t) => t.offset === key?.offset);
      expect(afterSeek).toEqual(
        file()
          .tags.slice(from)
          .map((t) => ({ type: t.type, timestamp: t.timestamp, data: [...t.data] })),
      );
      expect(statuses).toContain('NetStream.Pause.Notify');
      expect(statuses).toContain('NetStream.Unpause.Notify');
    });
  }

  it('starts at the play start position (keyframe at or before)', async () => {
    const connection = await dial();
    const events = await collect(await connection.play('indexed', { start: 2100 }));
    const media = events.map(asMedia).filter((m) => m !== undefined);
    expect(media[0]?.type).toBe(18);
    expect(media.find((m) => m.type === 9)?.timestamp).toBe(2000);
  });

  it('pauses with buffer pacing: no media between Pause.Notify and unpause, all of it overall', async () => {
    const pacedServer = createRtmpServer({ root: dir, vodPacing: 'buffer' });
    const { port } = await pacedServer.listen();
    try {
      const connection = await connect(`rtmp://127.0.0.1:${port}/vod`);
      open.push(connection);
      const stream = await connection.play('short', { bufferMs: 200 });
      let pausedAt: number | undefined;
      let resumedAt: number | undefined;
      connection.on('status', (s) => {
        if (s.code === 'NetStream.Pause.Notify') pausedAt = performance.now();
      });
      const arrivals: number[] = [];
      const startedAt = performance.now();
      let count = 0;
      for await (const event of stream) {
        if (event.type !== 'audio' && event.type !== 'video') continue;
        count++;
        arrivals.push(performance.now());
        if (count === 20) {
          stream.pause();
          setTimeout(() => {
            resumedAt = performance.now();
            stream.resume();
          }, 600);
        }
      }
      const elapsed = performance.now() - startedAt;
      expect(pausedAt).toBeDefined();
      expect(resumedAt).toBeDefined();
      const during = arrivals.filter((t) => t > (pausedAt as number) + 50 && t < (resumedAt as number));
      expect(during).toEqual([]);
      expect(count).toBe(short.tags.filter((t) => t.type !== 18).length);
      // Paced: 2 s of media minus the 200 ms buffer, plus the 600 ms pause.
      expect(elapsed).toBeGreaterThan(2000);
      expect(elapsed).toBeLessThan(6000);
    } finally {
      await pacedServer.close();
    }
  });

  it('respects backpressure: a client that stops reading stops the file reads (bounded backlog)', async () => {
    const big = writeSyntheticFlv(join(dir, 'big.flv'), { seconds: 30, frameBytes: 20_000 });
    const connection = await dial();
    const stream = await connection.play('big', { highWaterMark: 8 });
    const iterator = stream[Symbol.asyncIterator]();
    let videos = 0;
    for (let i = 0; i < 4; i++) if ((await iterator.next()).value?.type === 'video') videos++;
    // The client stops pulling: its socket stops being read, the server's writes stop draining.
    let max = 0;
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 10));
      for (const c of server.connectionStats()) max = Math.max(max, c.backlog);
    }
    const sent = () => Math.max(...server.connectionStats().map((c) => c.bytesSent));
    const sentWhileStalled = sent();
    await new Promise((r) => setTimeout(r, 200));
    // The server stopped: nothing more was written while the client did not read, and no more
    // than one 64 KiB read of tags sits in the socket beyond its high-water mark.
    expect(sent()).toBe(sentWhileStalled);
    expect(max).toBeLessThan(256 * 1024);
    expect(sentWhileStalled).toBeLessThan(big.tags.reduce((n, t) => n + t.data.length + 15, 13));
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) break;
      if (value.type === 'video') videos++;
    }
    expect(videos).toBe(big.tags.filter((t) => t.type === 9).length);
  });

  it('plays over RTMPT through the server’s gateway (our client’s rtmpt:// transport)', async () => {
    const tunnelled = createRtmpServer({ root: dir, rtmpt: {} });
    const { rtmptPort } = await tunnelled.listen();
    try {
      const connection = await connect(`rtmpt://127.0.0.1:${rtmptPort}/vod`);
      open.push(connection);
      const events = await collect(await connection.play('indexed'));
      const got = events.map(asMedia).filter((m) => m !== undefined);
      expect(got).toEqual(
        indexed.tags.map((t) => ({ type: t.type, timestamp: t.timestamp, data: [...t.data] })),
      );
    } finally {
      await tunnelled.close();
    }
  });

  it('answers a missing file with StreamNotFound (CLIENT_PLAY_FAILED)', async () => {
    const connection = await dial();
    await expect(connection.play('nothing-here')).rejects.toMatchObject({
      code: 'CLIENT_PLAY_FAILED',
      status: { code: 'NetStream.Play.StreamNotFound' },
    });
  });

  it('refuses path traversal and absolute names with StreamNotFound and a warning', async () => {
    const connection = await dial();
    warnings.length = 0;
    for (const name of ['../etc/passwd', 'a/../../x', '/etc/passwd', 'mp4:indexed', 'a\\..\\b']) {
      await expect(connection.play(name)).rejects.toMatchObject({
        status: { code: 'NetStream.Play.StreamNotFound' },
      });
    }
    expect(warnings.filter((w) => w.code === 'SERVER_PATH_REFUSED').length).toBe(5);
  });

  it('reports a file that is not FLV as a warning and StreamNotFound', async () => {
    const connection = await dial();
    warnings.length = 0;
    await expect(connection.play('broken')).rejects.toMatchObject({ code: 'CLIENT_PLAY_FAILED' });
    expect(warnings.map((w) => w.code)).toContain('SERVER_VOD_READ_FAILED');
  });

  it('serves several plays on one connection and several connections at once', async () => {
    const a = await dial();
    const b = await dial();
    const results = await Promise.all([
      collect(await a.play('indexed')),
      collect(await a.play('plain')),
      collect(await b.play('indexed')),
    ]);
    for (const events of results) expect(events.filter((e) => e.type === 'video').length).toBe(151);
  });
});
