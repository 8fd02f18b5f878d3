// Self-test of the interop harness: nginx-rtmp serves generated media, rtmpdump downloads it,
// and the independent tag lister sees the same tags — proof the harness itself is sound.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describeWithPeers(['nginx', 'ffmpeg', 'rtmpdump', 'openssl'], 'test-peers harness', () => {
  let nginx: NginxPeer | undefined;
  let small = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    nginx = await startNginx({ mediaDir: media.dir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('generates an FLV with audio, video and onMetaData', () => {
    const list = flvTags(small);
    expect(list.hasAudio && list.hasVideo).toBe(true);
    expect(list.tags[0]?.type).toBe(18);
    expect(list.tags.filter((t) => t.type === 9).length).toBeGreaterThan(290);
    expect(list.trailingBytes).toBe(0);
  });

  it.each([
    ['chunk 4096', () => nginx!.rtmpPort],
    ['chunk 128', () => nginx!.rtmp128Port],
  ])('rtmpdump downloads small.flv from nginx-rtmp vod (%s) with identical tags', async (_label, port) => {
    const out = join(mkdtempSync(join(tmpdir(), 'peers-')), 'out.flv');
    const result = await run(
      'rtmpdump',
      ['-q', '-r', `rtmp://127.0.0.1:${port()}/vod/small.flv`, '-o', out],
      { timeoutMs: 60_000 },
    );
    expect([0, 2]).toContain(result.code);
    const cmp = compareFlvTags(flvTags(small), flvTags(out), { ignoreEos: true });
    expect(cmp.differences).toEqual([]);
  });

  it('serves rtmps through the TLS terminator with the test CA', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'peers-')), 'out.flv');
    const result = await run(
      'rtmpdump',
      ['-q', '-r', `rtmps://127.0.0.1:${nginx!.rtmpsPort}/vod/small.flv`, '-o', out],
      { timeoutMs: 60_000 },
    );
    expect([0, 2]).toContain(result.code);
    expect(compareFlvTags(flvTags(small), flvTags(out), { ignoreEos: true }).equal).toBe(true);
  });
});
