// @rtmp/client end to end against nginx-rtmp: connect, play VOD as events and as FLV bytes,
// publish an FLV file, errors with the server's status code.
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConnectOptions, connect, type PlayEvent, RtmpStatusError } from '@rtmp/client';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  type NginxPeer,
  run,
  startNginx,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { socketTransport } from './support/socket-transport.js';

const viaSocket: ConnectOptions = { transport: (params) => socketTransport(params.host, params.port) };

describeWithPeers(['nginx', 'ffmpeg', 'rtmpdump', 'openssl'], '@rtmp/client against nginx-rtmp', () => {
  let nginx: NginxPeer;
  let small = '';
  let work = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    nginx = await startNginx({ mediaDir: media.dir });
    work = mkdtempSync(join(tmpdir(), 'client-interop-'));
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('plays VOD as events: every tag of the file, in order', async () => {
    const connection = await connect(`rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/small.flv`, viaSocket);
    const play = await connection.play();
    const seen: Array<{ type: number; timestamp: number; size: number }> = [];
    for await (const event of play as AsyncIterable<PlayEvent>) {
      if (event.type === 'audio' || event.type === 'video' || event.type === 'metadata') {
        seen.push({
          type: event.type === 'audio' ? 8 : event.type === 'video' ? 9 : 18,
          timestamp: event.timestamp,
          size: event.payload.length,
        });
      }
    }
    await connection.close();
    expect(seen).toEqual(
      flvTags(small).tags.map((t) => ({ type: t.type, timestamp: t.timestamp, size: t.size })),
    );
    expect(play.end?.status?.code).toMatch(/NetStream\.Play\.(Stop|Complete)/);
  });

  it('writes the same FLV tags as rtmpdump does for the same stream', async () => {
    const ours = join(work, 'ours.flv');
    const theirs = join(work, 'rtmpdump.flv');
    const connection = await connect(`rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`, viaSocket);
    const play = await connection.play();
    const chunks: Buffer[] = [];
    for await (const chunk of play.flv()) chunks.push(chunk as Buffer);
    await connection.close();
    writeFileSync(ours, Buffer.concat(chunks));
    const dumped = await run('rtmpdump', [
      '-q',
      '-r',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`,
      '-o',
      theirs,
    ]);
    expect([0, 2]).toContain(dumped.code);
    expect(compareFlvTags(flvTags(theirs), flvTags(ours), { ignoreEos: true }).differences).toEqual([]);
    expect(compareFlvTags(flvTags(small), flvTags(ours)).differences).toEqual([]);
  });

  it('rejects a missing stream with NetStream.Play.StreamNotFound', async () => {
    const connection = await connect(`rtmp://127.0.0.1:${nginx.rtmpPort}/vod/missing.flv`, viaSocket);
    const error = await connection.play().then(
      () => undefined,
      (e: unknown) => e,
    );
    await connection.close();
    expect(error).toBeInstanceOf(RtmpStatusError);
    expect((error as RtmpStatusError).code).toBe('CLIENT_PLAY_FAILED');
    expect((error as RtmpStatusError).status?.code).toBe('NetStream.Play.StreamNotFound');
  });

  it('publishes an FLV file to record: nginx stores exactly the tags we sent', async () => {
    const name = `client${Date.now()}`;
    const connection = await connect(`rtmp://127.0.0.1:${nginx.rtmpPort}/record/${name}`, {
      ...viaSocket,
      publish: true,
    });
    const publish = await connection.publish();
    await publish.publishFlv(createReadStream(small));
    await publish.end();
    await connection.close();
    await new Promise((r) => setTimeout(r, 500));
    // nginx's record app writes what the publisher sent, plus one copy of the AAC sequence
    // header it caches (see the lab notes): every tag we sent, in order, and one extra at most.
    const key = (t: { type: number; timestamp: number; sha1: string }) =>
      `${t.type}/${t.timestamp}/${t.sha1}`;
    const sent = flvTags(small)
      .tags.filter((t) => t.type !== 18)
      .map(key);
    const recorded = flvTags(join(nginx.recordDir, `${name}.flv`))
      .tags.filter((t) => t.type !== 18)
      .map(key);
    let cursor = 0;
    for (const tag of recorded) if (tag === sent[cursor]) cursor++;
    expect(cursor).toBe(sent.length);
    expect(recorded.length - sent.length).toBeLessThanOrEqual(1);
  });
});
