/**
 * Interop: live relay between clients nobody here wrote. FFmpeg publishes small.flv (no -re:
 * as fast as it can) while rtmpdump (librtmp, `-v`) and our client play `live/x`; then our
 * client publishes and rtmpdump plays. Players attach first and wait for the publisher, so
 * they must receive every A/V tag of the source, byte for byte (test-peers' independent FLV
 * tag lister; ffmpeg rewrites onMetaData and librtmp drops the AVC end-of-sequence tag).
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@rtmp/client';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  malformedFrames,
  type PeerName,
  run,
  spawnBackground,
  startCapture,
  stopChild,
  type TestMedia,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createRtmpServer,
  type RtmpServer,
  type RtmpServerAddress,
  type ServerWarning,
} from '../src/index.js';

const needed = ['rtmpdump', 'ffmpeg', 'tshark'] as const satisfies readonly PeerName[];

describeWithPeers(needed, 'RtmpServer live relay against real clients', () => {
  let media: TestMedia;
  let server: RtmpServer;
  let address: RtmpServerAddress;
  let work: string;
  const warnings: ServerWarning[] = [];

  beforeAll(async () => {
    media = await testMedia();
    server = createRtmpServer({ root: media.dir });
    server.on('warning', (w) => warnings.push(w));
    address = await server.listen();
    work = mkdtempSync(join(tmpdir(), 'rtmp-server-live-'));
  });

  afterAll(async () => {
    await server?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  async function waitForPlayers(key: string, players: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (server.liveStreams().some((s) => s.key === key && s.players >= players)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${players} players never attached to ${key}`);
  }

  /** Starts `rtmpdump -v` on a live name; resolves with its exit once the stream ends. */
  function rtmpdumpLive(name: string, out: string) {
    const child = spawnBackground('rtmpdump', [
      '-v',
      '-r',
      `rtmp://127.0.0.1:${address.port}/live/${name}`,
      '-o',
      out,
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<{ code: number | null; stderr: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, stderr })),
    );
    const timer = setTimeout(() => void stopChild(child), 60_000);
    return exited.finally(() => clearTimeout(timer));
  }

  it('ffmpeg publishes (no -re); rtmpdump and our client playing live/x get every A/V tag', async () => {
    const capture = await startCapture([address.port]);
    const dumped = join(work, 'rtmpdump-x.flv');
    const dump = rtmpdumpLive('x', dumped);
    const ours = await connect(`rtmp://127.0.0.1:${address.port}/live`);
    const stream = await ours.play('x', { live: true });
    const chunks: Uint8Array[] = [];
    const reading = (async () => {
      for await (const chunk of stream.flv()) chunks.push(chunk as Uint8Array);
    })();
    await waitForPlayers('live/x', 2);
    const published = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-i',
        media.small,
        '-c',
        'copy',
        '-f',
        'flv',
        `rtmp://127.0.0.1:${address.port}/live/x`,
      ],
      { timeoutMs: 60_000 },
    );
    expect(published.code, published.stderr).toBe(0);
    const dumpResult = await dump;
    await reading;
    await ours.close();
    // Our client ends a live play at StreamEOF (what nginx-rtmp sends); Play.UnpublishNotify follows.
    expect(stream.end?.streamEof || stream.end?.status?.code === 'NetStream.Play.UnpublishNotify').toBe(true);
    // rtmpdump ends on Play.UnpublishNotify; a live download has no duration to fall short of.
    expect(dumpResult.code, dumpResult.stderr).toBe(0);
    const source = flvTags(media.small);
    const viaRtmpdump = compareFlvTags(source, flvTags(dumped), { ignoreScript: true, ignoreEos: true });
    expect(viaRtmpdump.differences).toEqual([]);
    const viaOurs = compareFlvTags(source, flvTags(Buffer.concat(chunks)), { ignoreScript: true });
    expect(viaOurs.differences).toEqual([]);
    // tshark dissects the three sessions (publisher, two players) without a malformed frame.
    expect(await malformedFrames(await capture.stop(), [address.port])).toEqual([]);
    expect(warnings.filter((w) => w.code === 'SERVER_PROTOCOL_ERROR')).toEqual([]);
  });

  it('our client publishes small.flv; rtmpdump playing live/ours gets every A/V tag', async () => {
    const dumped = join(work, 'rtmpdump-ours.flv');
    const dump = rtmpdumpLive('ours', dumped);
    await waitForPlayers('live/ours', 1);
    const publisher = await connect(`rtmp://127.0.0.1:${address.port}/live`, { publish: true });
    const out = await publisher.publish('ours');
    await out.publishFlv(createReadStream(media.small));
    await out.end();
    const dumpResult = await dump;
    await publisher.close();
    // Our publisher relays the file's own onMetaData (duration 10.07 s, last tag at 10.05 s), so
    // rtmpdump applies its VOD completeness check as it does against nginx: exit 2 at 99.8 %.
    if (dumpResult.code === 2) expect(dumpResult.stderr).toMatch(/downloaded about 99\.\d+%/);
    else expect(dumpResult.code, dumpResult.stderr).toBe(0);
    const cmp = compareFlvTags(flvTags(media.small), flvTags(dumped), { ignoreEos: true });
    expect(cmp.differences).toEqual([]);
  });

  it('ffmpeg reads a live stream our client publishes (late join: from a keyframe on)', async () => {
    const publisher = await connect(`rtmp://127.0.0.1:${address.port}/live`, { publish: true });
    const out = await publisher.publish('late');
    const publishing = out.publishFlv(createReadStream(media.small), { realtime: true });
    await new Promise((r) => setTimeout(r, 1500));
    const got = join(work, 'ffmpeg-late.flv');
    const reader = run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-i',
        `rtmp://127.0.0.1:${address.port}/live/late`,
        '-c',
        'copy',
        '-f',
        'flv',
        got,
      ],
      { timeoutMs: 60_000 },
    );
    await publishing;
    await out.end();
    const result = await reader;
    await publisher.close();
    expect(result.code, result.stderr).toBe(0);
    const source = flvTags(media.small).tags.filter((t) => t.type === 9 && t.size > 5);
    const video = flvTags(got).tags.filter((t) => t.type === 9 && t.size > 5);
    // The sequence header first, then a contiguous run of the source's frames from a keyframe on.
    expect(video[0]?.sha1).toBe(source[0]?.sha1);
    const start = source.findIndex((t) => t.sha1 === video[1]?.sha1);
    expect(start).toBeGreaterThan(1);
    expect(video.slice(1).map((t) => t.sha1)).toEqual(source.slice(start).map((t) => t.sha1));
  });
});
