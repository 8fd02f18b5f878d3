/**
 * Interop with real peers:
 * - ffmpeg-made FLVs (from @rtmp/test-peers): demux → mux is byte-identical to ffmpeg's file;
 * - ffprobe accepts our muxed output without a single message, with the same frame counts;
 * - rtmpdump downloading the same files from nginx-rtmp vod (chunk 128 port, where nginx never drops
 *   messages) writes exactly the bytes our muxer writes in rtmpdump mode from the file's tags.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeWithPeers,
  flvTags,
  type NginxPeer,
  run,
  startNginx,
  type TestMedia,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FlvDemuxer, FlvMuxer, findLastCompleteTag } from '../src/index.js';
import { demuxChunks, muxAll, tagsAsMessages } from './helpers.js';

const out = mkdtempSync(join(tmpdir(), 'flv-interop-'));

async function frameCounts(path: string): Promise<{ stderr: string; counts: string }> {
  const result = await run('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-show_entries',
    'stream=codec_type,nb_read_frames',
    '-of',
    'csv=p=0',
    path,
  ]);
  expect(result.code).toBe(0);
  return { stderr: result.stderr, counts: result.stdout.trim() };
}

describeWithPeers(['ffmpeg', 'ffprobe'], 'FLV files made by ffmpeg', () => {
  let media: TestMedia;
  beforeAll(async () => {
    media = await testMedia();
  }, 600_000);

  it('demux → mux reproduces ffmpeg output byte for byte (A/V and audio-only)', () => {
    for (const path of [media.small, media.audioOnly]) {
      const source = new Uint8Array(readFileSync(path));
      const demuxer = new FlvDemuxer();
      const tags = demuxChunks(source, [65536, 65536, 1000, 7], demuxer);
      expect(demuxer.end().truncated).toBe(false);
      expect(tags.length).toBe(flvTags(path).tags.length);
      const muxed = muxAll(
        new FlvMuxer({ headerFlags: demuxer.header!.flags, dataMessages: 'all' }),
        tagsAsMessages(tags),
      );
      expect(muxed.length).toBe(source.length);
      expect(Buffer.compare(Buffer.from(muxed), Buffer.from(source))).toBe(0);
    }
  });

  it('ffprobe accepts rtmpdump-mode output with the same frame counts', async () => {
    const source = new Uint8Array(readFileSync(media.small));
    const muxed = muxAll(new FlvMuxer(), tagsAsMessages(demuxChunks(source, [])));
    const path = join(out, 'small-muxed.flv');
    writeFileSync(path, muxed);
    const ours = await frameCounts(path);
    const theirs = await frameCounts(media.small);
    expect(ours.stderr).toBe('');
    expect(ours.counts).toBe(theirs.counts);
    expect(ours.counts).toMatch(/video,\d+/);
  });

  it('findLastCompleteTag on a truncated ffmpeg file points at a real tag boundary', () => {
    const source = new Uint8Array(readFileSync(media.small));
    const offsets = new Set(flvTags(media.small).tags.map((t) => t.offset));
    const cut = source.subarray(0, Math.floor(source.length * 0.61));
    const scan = findLastCompleteTag(cut);
    expect(scan.valid).toBe(true);
    expect(offsets.has(scan.lastTag!.offset)).toBe(true);
    expect(offsets.has(scan.resumeTag!.offset)).toBe(true);
  });
});

describeWithPeers(['nginx', 'rtmpdump', 'ffmpeg'], 'rtmpdump downloads from nginx-rtmp', () => {
  let media: TestMedia;
  let nginx: NginxPeer;
  beforeAll(async () => {
    media = await testMedia();
    nginx = await startNginx({ mediaDir: media.dir });
  }, 600_000);
  afterAll(async () => {
    await nginx?.stop();
  });

  for (const name of ['small', 'audioOnly'] as const) {
    it(`our rtmpdump-mode muxer writes the bytes rtmpdump wrote for ${name}`, async () => {
      const source = media[name];
      const file = source.split('/').pop()!;
      const target = join(out, `rd-${file}`);
      const result = await run(
        'rtmpdump',
        ['-q', '-r', `rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/${file}`, '-o', target],
        { timeoutMs: 120_000 },
      );
      expect([0, 2]).toContain(result.code);
      const reference = new Uint8Array(readFileSync(target));
      const ours = muxAll(
        new FlvMuxer({ dropSmallPackets: true }),
        tagsAsMessages(demuxChunks(new Uint8Array(readFileSync(source)), [])),
      );
      expect(ours.length).toBe(reference.length);
      expect(Buffer.compare(Buffer.from(ours), Buffer.from(reference))).toBe(0);
    });
  }
});
