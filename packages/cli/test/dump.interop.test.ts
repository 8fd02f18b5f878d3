// `rtmp dump` against nginx-rtmp, side by side with rtmpdump: same tags, exit codes, stop,
// errors as one line, resume of a truncated file.
import { copyFileSync, mkdtempSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  freePorts,
  type NginxPeer,
  run,
  startNginx,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, rtmp } from './support/cli.js';

describeWithPeers(['nginx', 'ffmpeg', 'rtmpdump', 'openssl'], 'rtmp dump against nginx-rtmp', () => {
  let nginx: NginxPeer;
  let small = '';
  let big = '';
  let work = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    big = await media.bigPath(20);
    nginx = await startNginx({ mediaDir: media.dir });
    work = mkdtempSync(join(tmpdir(), 'cli-dump-'));
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it.each([
    ['chunk 4096', () => nginx.rtmpPort],
    ['chunk 128', () => nginx.rtmp128Port],
  ])('downloads small.flv (%s): exit 0, every tag of the file, and rtmpdump agrees', async (label, port) => {
    const ours = join(work, `ours-${label.replace(' ', '')}.flv`);
    const theirs = join(work, `theirs-${label.replace(' ', '')}.flv`);
    const url = `rtmp://127.0.0.1:${port()}/vod/small.flv`;
    const result = await rtmp(['dump', '-q', '-r', url, '-o', ours]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(compareFlvTags(flvTags(small), flvTags(ours)).differences).toEqual([]);
    const dumped = await run('rtmpdump', ['-q', '-r', url, '-o', theirs]);
    expect([0, 2]).toContain(dumped.code);
    expect(compareFlvTags(flvTags(theirs), flvTags(ours), { ignoreEos: true }).differences).toEqual([]);
  });

  it('accepts rtmpdump command lines as they are (no command name), writing to stdout with -o -', async () => {
    const out = join(work, 'stdout.flv');
    const command = `"${process.execPath}" "${BIN}" -q -r rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv -o - > "${out}"`;
    const result = await run('sh', ['-c', command], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(compareFlvTags(flvTags(small), flvTags(out)).differences).toEqual([]);
  });

  it('stops at --stop seconds (-B) with exit 0', async () => {
    const out = join(work, 'stop.flv');
    const result = await rtmp([
      'dump',
      '-q',
      '-r',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`,
      '-B',
      '3',
      '-o',
      out,
    ]);
    expect(result.code).toBe(0);
    const tags = flvTags(out).tags.filter((t) => t.type !== 18);
    expect(tags.length).toBeGreaterThan(50);
    expect(Math.max(...tags.map((t) => t.timestamp))).toBeLessThan(3000);
  });

  it('says why a missing stream fails, in one line, exit 1', async () => {
    const result = await rtmp([
      'dump',
      '-r',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/missing.flv`,
      '-o',
      join(work, 'missing.flv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rtmp: error: NetStream\.Play\.StreamNotFound.*\[CLIENT_PLAY_FAILED\]$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 when it cannot connect', async () => {
    const [port] = await freePorts(1);
    const result = await rtmp([
      'dump',
      '-q',
      '-r',
      `rtmp://127.0.0.1:${port}/vod/x`,
      '-o',
      join(work, 'none.flv'),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/TRANSPORT_CONNECTION_REFUSED/);
  });

  it('resumes a truncated download (-e) into a file with the same tags as a clean one', async () => {
    const clean = join(work, 'clean-big.flv');
    const first = await rtmp(
      ['dump', '-q', '-r', `rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/${big.split('/').pop()}`, '-o', clean],
      120_000,
    );
    expect(first.code).toBe(0);
    for (const fraction of [0.3, 0.77]) {
      const partial = join(work, `partial-${fraction}.flv`);
      copyFileSync(clean, partial);
      truncateSync(partial, Math.floor(statSync(clean).size * fraction) + 7);
      const resumed = await rtmp(
        [
          'dump',
          '-e',
          '-r',
          `rtmp://127.0.0.1:${nginx.rtmp128Port}/vod/${big.split('/').pop()}`,
          '-o',
          partial,
        ],
        120_000,
      );
      expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({
        code: 0,
        stderr: expect.stringMatching(/Resuming download at/),
      });
      expect(compareFlvTags(flvTags(clean), flvTags(partial)).differences).toEqual([]);
      expect(readFileSync(partial).length).toBe(readFileSync(clean).length);
    }
  });
});
