// ClientSession against a real nginx-rtmp: play VOD (tags equal the source file), publish to
// `record` (nginx's recording equals what we sent), in every handshake flavour nginx supports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectParamsFor } from '@rtmp/commands';
import type { AudioEvent, MetadataEvent, VideoEvent } from '@rtmp/session';
import { describeWithPeers, flvTags, type NginxPeer, startNginx, testMedia } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pumpSession } from './support/net-pump.js';

describeWithPeers(['nginx', 'ffmpeg', 'openssl'], 'ClientSession against nginx-rtmp', () => {
  let nginx: NginxPeer;
  let small = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    nginx = await startNginx({ mediaDir: media.dir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  for (const handshake of ['plain', 'digest'] as const) {
    for (const which of ['rtmpPort', 'rtmp128Port'] as const) {
      it(`plays small.flv with every tag equal to the file (${handshake} handshake, ${which})`, async () => {
        const port = nginx[which];
        const tcUrl = `rtmp://127.0.0.1:${port}/vod`;
        const peer = pumpSession(port, {
          handshake,
          connect: connectParamsFor({ app: 'vod', tcUrl, mode: 'play' }),
        });
        try {
          await peer.waitFor((e) => e.type === 'connected');
          const { handle, outputs } = peer.session.play({ name: 'small.flv', start: 0 });
          peer.apply(outputs);
          await peer.waitFor((e) => e.type === 'play-started' && e.handle === handle);
          await peer.waitFor(
            (e) => e.type === 'stream-ended' || (e.type === 'stream-control' && e.event === 'stream-eof'),
            30_000,
          );
          const media = peer.events.filter(
            (e): e is AudioEvent | VideoEvent | MetadataEvent =>
              e.type === 'audio' || e.type === 'video' || e.type === 'metadata',
          );
          const source = flvTags(small).tags;
          const got = media.map((e) => ({
            type: e.type === 'audio' ? 8 : e.type === 'video' ? 9 : 18,
            timestamp: e.timestamp,
            size: e.payload.length,
          }));
          const expected = source.map((t) => ({ type: t.type, timestamp: t.timestamp, size: t.size }));
          expect(got).toEqual(expected);
        } finally {
          peer.close();
        }
      });
    }
  }

  it('publishes to nginx record and the recording holds exactly our tags', async () => {
    const port = nginx.rtmpPort;
    const tcUrl = `rtmp://127.0.0.1:${port}/record`;
    const peer = pumpSession(port, { connect: connectParamsFor({ app: 'record', tcUrl, mode: 'publish' }) });
    const name = `pub${Date.now()}`;
    try {
      await peer.waitFor((e) => e.type === 'connected');
      const { handle, outputs } = peer.session.publish({ name });
      peer.apply(outputs);
      await peer.waitFor((e) => e.type === 'publish-started');
      const file = readFileSync(small);
      const tags = flvTags(small).tags;
      for (const tag of tags) {
        const body = file.subarray(tag.offset + 11, tag.offset + 11 + tag.size);
        if (tag.type === 18) continue;
        peer.socket.write(peer.session.encodeMedia(handle, tag.type, tag.timestamp, body));
      }
      peer.apply(peer.session.closeStream(handle));
      await new Promise((r) => setTimeout(r, 1500));
      const recorded = flvTags(join(nginx.recordDir, `${name}.flv`)).tags.filter((t) => t.type !== 18);
      const sent = tags.filter((t) => t.type !== 18);
      // nginx-rtmp's record adds nothing but may prepend the AAC/AVC sequence headers it cached.
      const key = (t: { type: number; sha1: string; timestamp: number }) =>
        `${t.type}:${t.timestamp}:${t.sha1}`;
      expect(new Set(recorded.map(key))).toEqual(new Set(sent.map(key)));
    } finally {
      peer.close();
    }
  });
});
