// @rtmp/client through every transport and against real publishers: RTMPS through nginx's
// TLS terminator (trusted and untrusted), RTMPT through our gateway, a live stream published by
// ffmpeg, timestamps past 0xFFFFFF, and tshark's dissection of everything we send.
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect, type PlayEvent } from '@rtmp/client';
import { RtmptGateway } from '@rtmp/server';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  malformedFrames,
  type NginxPeer,
  run,
  spawnBackground,
  startCapture,
  startNginx,
  stopChild,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';

async function download(url: string, options: Parameters<typeof connect>[1] = {}): Promise<Buffer> {
  const connection = await connect(url, options);
  const play = await connection.play();
  const chunks: Buffer[] = [];
  for await (const chunk of play.flv()) chunks.push(chunk as Buffer);
  await connection.close();
  return Buffer.concat(chunks);
}

describeWithPeers(['nginx', 'ffmpeg', 'openssl', 'tshark'], '@rtmp/client transports and live peers', () => {
  let nginx: NginxPeer;
  let small = '';
  let extended = '';
  let mediaDir = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    mediaDir = media.dir;
    // The same media with timestamps starting 2 s before the 24-bit limit (0xFFFFFF ms = 16777.215 s).
    extended = join(media.dir, 'extended-ts.flv');
    const made = await run('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-i',
      small,
      '-c',
      'copy',
      '-output_ts_offset',
      '16775.2',
      '-f',
      'flv',
      extended,
    ]);
    expect(made.code).toBe(0);
    nginx = await startNginx({ mediaDir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('plays over rtmps with the test CA trusted, identical tags', async () => {
    const bytes = await download(`rtmps://127.0.0.1:${nginx.rtmpsPort}/vod/small.flv`, {
      tls: { ca: readFileSync(nginx.caPath) },
    });
    expect(compareFlvTags(flvTags(small), flvTags(bytes)).differences).toEqual([]);
  });

  it('refuses an untrusted certificate with TRANSPORT_TLS_FAILED', async () => {
    const error = await connect(`rtmps://127.0.0.1:${nginx.rtmpsPort}/vod/small.flv`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'TRANSPORT_TLS_FAILED' });
  });

  it('plays over rtmpt through the RTMPT gateway, identical tags', async () => {
    const gateway = await RtmptGateway.listen({ upstream: { host: '127.0.0.1', port: nginx.rtmpPort } });
    try {
      const bytes = await download(`rtmpt://127.0.0.1:${gateway.port}/vod/small.flv`);
      expect(compareFlvTags(flvTags(small), flvTags(bytes)).differences).toEqual([]);
    } finally {
      await gateway.close();
    }
  });

  it('keeps timestamps past 0xFFFFFF (extended timestamps) exactly as in the file', async () => {
    const source = flvTags(extended);
    expect(Math.max(...source.tags.map((t) => t.timestamp))).toBeGreaterThan(0xffffff);
    for (const port of [nginx.rtmpPort, nginx.rtmp128Port]) {
      const bytes = await download(`rtmp://127.0.0.1:${port}/vod/extended-ts.flv`);
      expect(compareFlvTags(source, flvTags(bytes)).differences).toEqual([]);
    }
  });

  it('plays a live stream that ffmpeg publishes (-re): every A/V tag from the first keyframe on', async () => {
    const name = `ff${Date.now()}`;
    const connection = await connect(`rtmp://127.0.0.1:${nginx.rtmpPort}/live/${name}`, {
      params: { live: true },
    });
    const played = connection.play();
    const ffmpeg = spawnBackground('ffmpeg', [
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-i',
      small,
      '-c',
      'copy',
      '-f',
      'flv',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/live/${name}`,
    ]);
    const play = await played;
    const got: Array<{ type: number; sha: string }> = [];
    const { createHash } = await import('node:crypto');
    for await (const event of play as AsyncIterable<PlayEvent>) {
      if (event.type === 'audio' || event.type === 'video')
        got.push({
          type: event.type === 'audio' ? 8 : 9,
          sha: createHash('sha1').update(event.payload).digest('hex'),
        });
      if (event.type === 'status' && event.status.code === 'NetStream.Play.UnpublishNotify') break;
    }
    await stopChild(ffmpeg);
    await connection.close();
    const source = flvTags(small).tags.filter((t) => t.type === 8 || t.type === 9);
    const sourceShas = source.map((t) => t.sha1);
    // Everything we got is the source's, in the source's order per type; nothing after the first
    // received video frame is missing.
    for (const type of [8, 9]) {
      const mine = got.filter((g) => g.type === type).map((g) => g.sha);
      const theirs = source.filter((t) => t.type === type).map((t) => t.sha1);
      const first = theirs.indexOf(mine[0] ?? '');
      expect(first).toBeGreaterThanOrEqual(0);
      expect(mine).toEqual(theirs.slice(first, first + mine.length));
      expect(first + mine.length).toBeGreaterThanOrEqual(theirs.length - 30);
    }
    expect(got.every((g) => sourceShas.includes(g.sha))).toBe(true);
  }, 60_000);

  it('downloads a ~100 MB file (chunk 128): every tag equals the source and what rtmpdump gets', async () => {
    const big = await (await testMedia()).bigPath(58);
    const name = big.split('/').pop() as string;
    const url = `rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/${name}`;
    const bytes = await download(url);
    expect(bytes.length).toBeGreaterThan(90_000_000);
    const ours = flvTags(bytes);
    expect(compareFlvTags(flvTags(big), ours).differences).toEqual([]);
    const theirs = join(dirname(big), `rtmpdump-${process.pid}.flv`);
    const dumped = await run('rtmpdump', ['-q', '-r', url, '-o', theirs], { timeoutMs: 120_000 });
    expect([0, 2]).toContain(dumped.code);
    expect(compareFlvTags(flvTags(theirs), ours, { ignoreEos: true }).differences).toEqual([]);
    rmSync(theirs, { force: true });
  }, 240_000);

  it('publishes live while rtmpdump records it: rtmpdump gets every tag we sent', async () => {
    const name = `rec${Date.now()}`;
    const url = `rtmp://127.0.0.1:${nginx.rtmp128Port}/live/${name}`;
    const out = join(dirname(small), `live-rtmpdump-${process.pid}.flv`);
    const recorder = spawnBackground('rtmpdump', ['-q', '-v', '-r', url, '-o', out]);
    await new Promise((r) => setTimeout(r, 1000));
    const publisher = await connect(url, { publish: true });
    const stream = await publisher.publish();
    await stream.publishFlv(createReadStream(small), { realtime: true });
    await stream.end();
    await publisher.close();
    await new Promise((r) => setTimeout(r, 1000));
    // rtmpdump does not end a live download when the publisher leaves (librtmp waits for more).
    recorder.kill('SIGINT');
    await stopChild(recorder);
    const recorded = flvTags(out);
    rmSync(out, { force: true });
    expect(
      compareFlvTags(flvTags(small), recorded, { ignoreEos: true, ignoreScript: true }).differences,
    ).toEqual([]);
  }, 60_000);

  it('sends nothing tshark finds malformed (play and publish)', async () => {
    const capture = await startCapture([nginx.rtmp128Port]);
    await download(`rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/small.flv`);
    const publisher = await connect(`rtmp://127.0.0.1:${nginx.rtmp128Port}/live/tshark`, { publish: true });
    const stream = await publisher.publish();
    await stream.publishFlv(createReadStream(small));
    await stream.end();
    await publisher.close();
    const pcap = await capture.stop();
    expect(await malformedFrames(pcap, [nginx.rtmp128Port])).toEqual([]);
    expect(readFileSync(pcap).length).toBeGreaterThan(1_000_000);
  }, 60_000);
});
