/**
 * Interop: clients nobody here wrote play VOD from our server. rtmpdump (librtmp) over rtmp,
 * rtmpe (our RTMPE server role) and rtmpt (through the server's RTMPT gateway), and FFmpeg's
 * native RTMP client, must write the same A/V tags as the source file (test-peers' independent
 * FLV tag lister; librtmp drops the ≤5-byte AVC end-of-sequence tag, hence ignoreEos). Our client
 * reads testMedia's small.flv too. tshark dissects a rtmpdump session without malformed frames.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@rtmp/client';
import {
  compareFlvTags,
  describeWithPeers,
  dissectFields,
  flvTags,
  malformedFrames,
  type PeerName,
  run,
  startCapture,
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

describeWithPeers(needed, 'RtmpServer VOD against real clients', () => {
  let media: TestMedia;
  let server: RtmpServer;
  let address: RtmpServerAddress;
  let work: string;
  const warnings: ServerWarning[] = [];

  beforeAll(async () => {
    media = await testMedia();
    server = createRtmpServer({ root: media.dir, rtmpt: {} });
    server.on('warning', (w) => warnings.push(w));
    address = await server.listen();
    work = mkdtempSync(join(tmpdir(), 'rtmp-server-interop-'));
  });

  afterAll(async () => {
    await server?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  async function rtmpdump(url: string, out: string, extra: string[] = []) {
    return run('rtmpdump', ['-r', url, '-o', out, ...extra], { timeoutMs: 60_000 });
  }

  /**
   * rtmpdump's verdict on a whole download. It exits 2 ("Download may be incomplete (downloaded
   * about 99.80%)") when the last timestamp falls short of onMetaData's duration — small.flv's
   * last tag is at 10.05 s of 10.07 s, and nginx-rtmp gets exit 2 for the same file (checked
   * by hand: `rtmpdump -r rtmp://nginx/vod/small.flv` → 2). Anything else is a failure.
   */
  function expectComplete(result: { code: number | null; stderr: string }) {
    if (result.code === 2) expect(result.stderr).toMatch(/downloaded about 99\.\d+%/);
    else expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/ERROR/);
  }

  for (const scheme of ['rtmp', 'rtmpe'] as const) {
    it(`rtmpdump -r ${scheme}://…/vod/small.flv writes the file's tags and ends as with nginx`, async () => {
      const out = join(work, `${scheme}.flv`);
      const result = await rtmpdump(`${scheme}://127.0.0.1:${address.port}/vod/small.flv`, out);
      expectComplete(result);
      const cmp = compareFlvTags(flvTags(media.small), flvTags(out), { ignoreEos: true });
      expect(cmp.differences).toEqual([]);
      expect(cmp.counts.actual[9]).toBeGreaterThan(100);
    });
  }

  it('rtmpdump -r rtmpt://…/vod/small.flv through the server’s RTMPT gateway', async () => {
    const out = join(work, 'rtmpt.flv');
    const result = await rtmpdump(`rtmpt://127.0.0.1:${address.rtmptPort}/vod/small.flv`, out);
    expectComplete(result);
    const cmp = compareFlvTags(flvTags(media.small), flvTags(out), { ignoreEos: true });
    expect(cmp.differences).toEqual([]);
  });

  it('rtmpdump with a start offset (-A 4) gets the tags from the keyframe at or before it', async () => {
    const out = join(work, 'start.flv');
    const result = await rtmpdump(`rtmp://127.0.0.1:${address.port}/vod/small`, out, ['-A', '4']);
    expect(result.code, result.stderr).toBe(0);
    const source = flvTags(media.small).tags.filter((t) => t.type === 9 || t.type === 8);
    const got = flvTags(out).tags.filter((t) => t.type === 9 || t.type === 8);
    // GOP 60 at 30 fps: keyframes every 2 s, so 4000 ms is a keyframe (rtmpdump writes its
    // timestamps shifted by the start offset, so match by data).
    const firstVideo = got.find((t) => t.type === 9);
    expect(source.find((t) => t.sha1 === firstVideo?.sha1)?.timestamp).toBe(4000);
    const from = source.findIndex((t) => t.sha1 === got[0]?.sha1);
    expect(from).toBeGreaterThan(0);
    expect(got.map((t) => t.sha1)).toEqual(
      source
        .slice(from)
        .filter((t) => !(t.type === 9 && t.size <= 5))
        .map((t) => t.sha1),
    );
  });

  it('ffmpeg -i rtmp://…/vod/small.flv -c copy gives the same A/V tags', async () => {
    const out = join(work, 'ffmpeg.flv');
    const result = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-i',
        `rtmp://127.0.0.1:${address.port}/vod/small.flv`,
        '-c',
        'copy',
        '-f',
        'flv',
        out,
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const cmp = compareFlvTags(flvTags(media.small), flvTags(out), { ignoreScript: true });
    expect(cmp.differences).toEqual([]);
  });

  it('ffmpeg -i rtmpt://…/vod/small.flv (FFmpeg’s own RTMPT client) through the gateway', async () => {
    const out = join(work, 'ffmpeg-rtmpt.flv');
    const result = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-i',
        `rtmpt://127.0.0.1:${address.rtmptPort}/vod/small.flv`,
        '-c',
        'copy',
        '-f',
        'flv',
        out,
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const cmp = compareFlvTags(flvTags(media.small), flvTags(out), { ignoreScript: true });
    expect(cmp.differences).toEqual([]);
  });

  it('our client plays small.flv: every tag of the file', async () => {
    const connection = await connect(`rtmp://127.0.0.1:${address.port}/vod`);
    try {
      const stream = await connection.play('small');
      const chunks: Uint8Array[] = [];
      for await (const chunk of stream.flv()) chunks.push(chunk as Uint8Array);
      const bytes = Buffer.concat(chunks);
      const cmp = compareFlvTags(flvTags(media.small), flvTags(bytes));
      expect(cmp.differences).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('tshark dissects a rtmpdump session with our server without malformed frames', async () => {
    const capture = await startCapture([address.port]);
    const out = join(work, 'captured.flv');
    const result = await rtmpdump(`rtmp://127.0.0.1:${address.port}/vod/small.flv`, out);
    const pcap = await capture.stop();
    expectComplete(result);
    expect(await malformedFrames(pcap, [address.port])).toEqual([]);
    // …and it did dissect the session: the play answers and the end-of-play sequence.
    const strings = (await dissectFields(pcap, [address.port], ['amf.string'])).flat().join('|');
    for (const code of [
      'NetStream.Play.Start',
      'onMetaData',
      'onPlayStatus',
      'NetStream.Play.Complete',
      'NetStream.Play.Stop',
    ])
      expect(strings).toContain(code);
  });

  it('reported no protocol warnings for these clients', () => {
    expect(warnings.filter((w) => w.code === 'SERVER_PROTOCOL_ERROR')).toEqual([]);
  });
});
