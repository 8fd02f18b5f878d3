// `rtmp publish FILE.flv URL [--realtime] [--loop]` against nginx-rtmp's record app: the recording
// has the file's tags (nginx adds one AAC sequence header and drops onMetaData) and is identical
// to what nginx records from `ffmpeg -i FILE -c copy -f flv URL`; --realtime paces by timestamps;
// --loop goes on until SIGINT (exit 0) with timestamps continuing across passes.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  type FlvTagList,
  flvTags,
  type NginxPeer,
  run,
  spawnBackground,
  startNginx,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, rtmp } from './support/cli.js';

/** nginx-rtmp's record writes the AAC sequence header twice (once from its codec cache). */
function withoutDuplicateAacHeader(list: FlvTagList): FlvTagList {
  const headers = list.tags.filter((t) => t.type === 8 && t.timestamp === 0 && t.size <= 7);
  expect(headers).toHaveLength(2);
  expect(headers[0]!.sha1).toBe(headers[1]!.sha1);
  return { ...list, tags: list.tags.filter((t) => t !== headers[1]) };
}

async function recorded(path: string): Promise<FlvTagList> {
  // nginx finishes the file when the publisher disconnects; give it a moment.
  for (let i = 0; i < 50 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
  return flvTags(path);
}

describeWithPeers(['nginx', 'ffmpeg'], 'rtmp publish (nginx-rtmp record)', () => {
  let nginx: NginxPeer;
  let small = '';
  let short = '';
  const work = mkdtempSync(join(tmpdir(), 'cli-publish-'));
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    nginx = await startNginx({ mediaDir: media.dir });
    // A 2 s clip for the timing tests.
    short = join(work, 'short.flv');
    const made = await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=44100',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '25',
      '-c:a',
      'aac',
      '-f',
      'flv',
      short,
    ]);
    expect(made.code).toBe(0);
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('publishes every tag of the file, as ffmpeg -c copy does', async () => {
    const result = await rtmp(['publish', small, `rtmp://127.0.0.1:${nginx.rtmpPort}/record/ours`]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Published \d+ tags \([\d.]+ kB, [\d.]+ s\)\n$/);
    const ffmpeg = await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-i',
      small,
      '-c',
      'copy',
      '-f',
      'flv',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/record/theirs`,
    ]);
    expect(ffmpeg.code).toBe(0);
    const ours = await recorded(join(nginx.recordDir, 'ours.flv'));
    const theirs = await recorded(join(nginx.recordDir, 'theirs.flv'));
    expect(compareFlvTags(theirs, ours).differences).toEqual([]);
    expect(
      compareFlvTags(flvTags(small), withoutDuplicateAacHeader(ours), { ignoreScript: true }).differences,
    ).toEqual([]);
  });

  it('--realtime takes about the duration of the file; without it, much less', async () => {
    let started = performance.now();
    const paced = await rtmp(['publish', short, `rtmp://127.0.0.1:${nginx.rtmpPort}/live/rt`, '--realtime']);
    const pacedMs = performance.now() - started;
    expect(paced.code).toBe(0);
    const lastMs = Math.max(...flvTags(short).tags.map((t) => t.timestamp));
    expect(pacedMs).toBeGreaterThan(lastMs - 300);
    expect(pacedMs).toBeLessThan(lastMs + 2500);
    started = performance.now();
    const fast = await rtmp(['publish', short, `rtmp://127.0.0.1:${nginx.rtmpPort}/live/fast`]);
    expect(fast.code).toBe(0);
    expect(performance.now() - started).toBeLessThan(pacedMs);
  });

  it('--loop keeps publishing until SIGINT (exit 0), timestamps continuing across passes', async () => {
    const child = spawnBackground(process.execPath, [
      BIN,
      'publish',
      short,
      `rtmp://127.0.0.1:${nginx.rtmpPort}/record/loop`,
      '--realtime',
      '--loop',
      '--json',
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 5000));
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 10_000))]);
    expect({ code, stderr }).toMatchObject({ code: 0 });
    const events = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; exitCode?: number; lastTimestampMs?: number });
    expect(events.at(-1)).toMatchObject({ event: 'done', exitCode: 0 });
    expect(events.at(-1)!.lastTimestampMs).toBeGreaterThan(4000);

    const tags = (await recorded(join(nginx.recordDir, 'loop.flv'))).tags.filter((t) => t.type === 9);
    const fileVideo = flvTags(short).tags.filter((t) => t.type === 9);
    expect(tags.length).toBeGreaterThan(fileVideo.length * 2);
    for (let i = 1; i < tags.length; i++)
      expect(tags[i]!.timestamp).toBeGreaterThanOrEqual(tags[i - 1]!.timestamp);
    // The second pass repeats the file's data with timestamps shifted past the first pass.
    const second = tags[fileVideo.length]!;
    expect(second.sha1).toBe(fileVideo[0]!.sha1);
    expect(second.timestamp).toBeGreaterThan(fileVideo.at(-1)!.timestamp);
  });

  it('fails in one line: a missing file (exit 1), no server (exit 3)', async () => {
    const missing = await rtmp([
      'publish',
      join(work, 'nope.flv'),
      `rtmp://127.0.0.1:${nginx.rtmpPort}/live/x`,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rtmp: error: .*ENOENT.*\n$/);
    const refused = await rtmp(['publish', short, 'rtmp://127.0.0.1:1/live/x']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^rtmp: error: .*\[TRANSPORT_CONNECTION_REFUSED\]\n$/);
  });
});
