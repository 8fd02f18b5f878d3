/**
 * Interop with real peers through FLV script tags (onMetaData is AMF0 in FLV and on the wire alike):
 * ffmpeg writes → @rtmp/amf0 reads; @rtmp/amf0 writes → ffprobe reads. (The wire captures of
 * rtmpdump/ffmpeg/nginx-rtmp are in amf0-captured.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flvTags, requirePeer, run, testMedia } from '@rtmp/test-peers';
import { describe, expect, it } from 'vitest';
import { decodeAmf0, decodeAmf0Lossless, ecmaArray, encodeAmf0, encodeAmf0Lossless } from '../src/index.js';

/** requirePeer tells its context argument from a peer name by `typeof === 'object'`; vitest 4's is a function. */
function skippable(ctx: { skip: (note?: string) => void }) {
  return { skip: (note?: string) => ctx.skip(note) };
}

function firstScriptTag(path: string): { file: Buffer; offset: number; size: number; body: Buffer } {
  const file = readFileSync(path);
  const tag = flvTags(file).tags.find((t) => t.type === 18);
  if (!tag) throw new Error(`no script tag in ${path}`);
  const body = file.subarray(tag.offset + 11, tag.offset + 11 + tag.size);
  return { file, offset: tag.offset, size: tag.size, body };
}

describe('AMF0 interop (ffmpeg, ffprobe)', () => {
  it('decodes the onMetaData ffmpeg writes (keyframe index included) and re-encodes it byte-exact', async (ctx) => {
    requirePeer(skippable(ctx), 'ffmpeg');
    const media = await testMedia();
    const { body } = firstScriptTag(media.small);
    const [name, meta] = decodeAmf0(body) as [string, Record<string, unknown>];
    expect(name).toBe('onMetaData');
    expect(meta.width).toBe(640);
    expect(meta.height).toBe(360);
    expect(meta.duration as number).toBeCloseTo(10, 0);
    expect(meta.videocodecid).toBe(7); // H.264
    expect(meta.audiocodecid).toBe(10); // AAC
    const keyframes = meta.keyframes as { times: number[]; filepositions: number[] };
    expect(keyframes.times.length).toBeGreaterThan(1);
    expect(keyframes.times.length).toBe(keyframes.filepositions.length);
    expect([...keyframes.times].sort((a, b) => a - b)).toEqual(keyframes.times);
    expect(Buffer.from(encodeAmf0Lossless(decodeAmf0Lossless(body))).equals(body)).toBe(true);
  });

  it('reads non-ASCII metadata ffmpeg was given on the command line', async (ctx) => {
    requirePeer(skippable(ctx), 'ffmpeg');
    const media = await testMedia();
    const out = join(media.dir, `meta-${process.pid}.flv`);
    const title = 'é€😀 "quoted" title';
    const result = await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-y',
        '-i',
        media.small,
        '-t',
        '1',
        '-c',
        'copy',
        '-metadata',
        `title=${title}`,
        '-metadata',
        'comment=second',
        '-f',
        'flv',
        out,
      ],
      { timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const [, meta] = decodeAmf0(firstScriptTag(out).body) as [string, Record<string, unknown>];
    expect(meta.title).toBe(title);
    expect(meta.comment).toBe('second');
  });

  it('writes onMetaData that ffprobe reads back (strings, numbers, booleans, dates, nested objects)', async (ctx) => {
    requirePeer(skippable(ctx), 'ffmpeg', 'ffprobe');
    const media = await testMedia();
    const { file, offset, size } = firstScriptTag(media.small);
    const title = 'é€😀 title';
    const body = encodeAmf0([
      'onMetaData',
      ecmaArray({
        duration: 12.5,
        title,
        flag: true,
        when: new Date(Date.UTC(2020, 1, 2, 3, 4, 5)),
        nested: { inner: 'yes' },
        list: [1, 'two'],
        custom: 'x'.repeat(700),
      }),
    ]);
    const header = Buffer.from(file.subarray(offset, offset + 11));
    header.writeUIntBE(body.length, 1, 3);
    const previous = Buffer.alloc(4);
    previous.writeUInt32BE(11 + body.length);
    const out = join(media.dir, `ours-${process.pid}.flv`);
    writeFileSync(
      out,
      Buffer.concat([file.subarray(0, offset), header, body, previous, file.subarray(offset + 15 + size)]),
    );
    const probe = await run('ffprobe', ['-v', 'error', '-show_format', '-of', 'json', out], {
      timeoutMs: 60_000,
    });
    expect(probe.code, probe.stderr).toBe(0);
    const format = JSON.parse(probe.stdout).format as { duration: string; tags: Record<string, string> };
    expect(Number(format.duration)).toBe(12.5);
    expect(format.tags.title).toBe(title);
    expect(format.tags.flag).toBe('true');
    expect(format.tags.when).toBe('2020-02-02T03:04:05.000000Z');
    expect(format.tags.inner).toBe('yes');
    expect(format.tags.custom).toBe('x'.repeat(700));
  });
});
