// `rtmp serve`: the embedded server in the foreground. rtmpdump and ffmpeg download a file from
// it (tags equal to the file), a publisher and a player meet on a live app, and SIGINT stops it
// with exit 0.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  freePorts,
  run,
  spawnBackground,
  testMedia,
} from '@rtmp/test-peers';
import { expect, it } from 'vitest';
import { BIN } from './support/cli.js';

describeWithPeers(['rtmpdump', 'ffmpeg'], 'rtmp serve', () => {
  it('serves VOD to rtmpdump and ffmpeg, logs plays with --json, stops on SIGINT with exit 0', async () => {
    const media = await testMedia();
    const work = mkdtempSync(join(tmpdir(), 'cli-serve-'));
    const [port] = await freePorts(1);
    const child = spawnBackground(process.execPath, [
      BIN,
      'serve',
      '--port',
      String(port),
      '--root',
      media.dir,
      '--json',
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 100 && !stderr.includes('"listening"'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const listening = JSON.parse(stderr.split('\n')[0]!) as { event: string; port: number; root: string };
    expect(listening).toMatchObject({ event: 'listening', port, root: media.dir });

    const url = `rtmp://127.0.0.1:${port}/vod/small.flv`;
    const byRtmpdump = join(work, 'rtmpdump.flv');
    const dumped = await run('rtmpdump', ['-q', '-r', url, '-o', byRtmpdump], { timeoutMs: 60_000 });
    // rtmpdump says "may be incomplete" (exit 2) when the last tag is short of onMetaData's
    // duration (99.8% here), against nginx-rtmp too; the tags tell.
    expect([0, 2]).toContain(dumped.code);
    expect(
      compareFlvTags(flvTags(media.small), flvTags(byRtmpdump), { ignoreEos: true }).differences,
    ).toEqual([]);
    const byFfmpeg = join(work, 'ffmpeg.flv');
    const copied = await run(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', url, '-c', 'copy', '-f', 'flv', byFfmpeg],
      {
        timeoutMs: 60_000,
      },
    );
    expect(copied.code).toBe(0);
    const ff = flvTags(byFfmpeg).tags.filter((t) => t.type !== 18);
    const src = flvTags(media.small).tags.filter((t) => t.type !== 18);
    expect(ff.map((t) => t.sha1)).toEqual(src.map((t) => t.sha1));

    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 10_000))]);
    expect(code).toBe(0);
    const events = stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; app?: string; name?: string });
    expect(events.filter((e) => e.event === 'play').length).toBeGreaterThanOrEqual(2);
    expect(events.find((e) => e.event === 'play')).toMatchObject({ app: 'vod' });
  });

  it('prints where it listens and "server stopped" in text mode', async () => {
    const [port] = await freePorts(1);
    const child = spawnBackground(process.execPath, [BIN, 'serve', '--port', String(port)]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 100 && !stderr.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toMatch(
      new RegExp(`^rtmp://127\\.0\\.0\\.1:${port}/ {2}\\(VOD from \\.\\) — Ctrl-C stops$`, 'm'),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/server stopped\n$/);
  });
});
