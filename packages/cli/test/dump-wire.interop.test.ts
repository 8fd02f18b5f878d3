// `rtmp dump` on the wire and in real situations, against nginx-rtmp: the connect and play
// commands we send, dissected by tshark, equal rtmpdump's for the same options; exit code 2 when
// the server dies mid-download, then -e finishes the file; the progress bar on a TTY (util-linux
// `script` gives the child a pty) and none when piped.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  dissectVerbose,
  flvTags,
  type NginxPeer,
  run,
  spawnBackground,
  startCapture,
  startNginx,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, rtmp } from './support/cli.js';

/**
 * The AMF0 commands named `name` in a tshark verbose dissection, each as its list of top-level
 * values and object properties (tshark's own summary lines, e.g. `Property 'app' String 'vod'`).
 */
function commandsIn(verbose: string, name: string): string[][] {
  const frames = verbose.split('Real Time Messaging Protocol (').slice(1);
  return frames
    .filter((f) => f.startsWith(`AMF0 Command ${name}(`))
    .map((f) =>
      f
        .split('\n')
        .filter((l) => /^ {8}(String|Number|Boolean|Null|Object)\b/.test(l) || /^ +Property '/.test(l))
        .map((l) => l.trimEnd()),
    );
}

describeWithPeers(['nginx', 'ffmpeg', 'rtmpdump', 'tshark'], 'rtmp dump on the wire (nginx-rtmp)', () => {
  let nginx: NginxPeer;
  let small = '';
  let mediaDir = '';
  const work = mkdtempSync(join(tmpdir(), 'cli-wire-'));
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    mediaDir = media.dir;
    nginx = await startNginx({ mediaDir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it.each<[string, string[]]>([
    ['defaults', []],
    [
      'every connect option',
      [
        '-a',
        'vod',
        '-y',
        'small.flv',
        '-t',
        'rtmp://example.com/vod',
        '-p',
        'http://example.com/page.html',
        '-s',
        'http://example.com/player.swf',
        '-f',
        'WIN 11,1,102,55',
        '-C',
        'B:1',
        '-C',
        'S:text',
        '-C',
        'N:42',
        '-C',
        'O:1',
        '-C',
        'NS:inner:v',
        '-C',
        'O:0',
        '-u',
        'user-auth',
      ],
    ],
    ['-A/-B: play start and duration', ['-A', '2', '-B', '4']],
  ])('connect and play as rtmpdump sends them (tshark): %s', async (label, options) => {
    const port = nginx.rtmpPort;
    const url = `rtmp://127.0.0.1:${port}/vod/small.flv`;
    const capture = await startCapture([port]);
    const tag = label.replace(/\W+/g, '-');
    if (!options.includes('-B')) options = [...options, '-B', '1'];
    const ours = await rtmp(['dump', '-q', '-r', url, ...options, '-o', join(work, `${tag}-ours.flv`)]);
    const theirs = await run(
      'rtmpdump',
      ['-q', '-r', url, ...options, '-o', join(work, `${tag}-theirs.flv`)],
      {
        timeoutMs: 30_000,
      },
    );
    await capture.stop();
    expect(ours.code).toBe(0);
    expect([0, 2]).toContain(theirs.code);
    const verbose = await dissectVerbose(capture.pcapPath, [port]);
    const connects = commandsIn(verbose, 'connect');
    expect(connects).toHaveLength(2);
    expect(connects[0]).toEqual(connects[1]);
    expect(connects[0]!.length).toBeGreaterThan(8);
    if (options.includes('-p')) {
      expect(connects[0]).toContain("            Property 'pageUrl' String 'http://example.com/page.html'");
      expect(connects[0]).toContain("        String 'user-auth'");
    }
    // play: the transaction id differs (rtmpdump calls _checkbw at another moment); the rest not.
    const plays = commandsIn(verbose, 'play').map((p) => p.filter((_, i) => i !== 1));
    expect(plays).toHaveLength(2);
    expect(plays[0]).toEqual(plays[1]);
  });

  it('exit 2 when the server dies mid-download, then -e resumes into the same tags as the file', async () => {
    const own = await startNginx({ mediaDir });
    const partial = join(work, 'killed.flv');
    // A 1 s buffer makes nginx pace the 10 s file in real time, so there is a "middle" to kill in.
    const child = spawnBackground(process.execPath, [
      BIN,
      'dump',
      '-r',
      `rtmp://127.0.0.1:${own.rtmpPort}/vod/small.flv`,
      '-b',
      '1000',
      '-o',
      partial,
    ]);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 3000));
    await own.stop();
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 20_000))]);
    expect({ code, stderr }).toMatchObject({ code: 2 });
    expect(stderr).toMatch(/^rtmp: error: .*\[[A-Z_]+\]$/m);
    const cut = flvTags(partial);
    expect(cut.tags.length).toBeGreaterThan(20);
    expect(cut.tags.length).toBeLessThan(flvTags(small).tags.length - 20);
    expect(cut.trailingBytes).toBe(0);

    const resumed = await rtmp([
      'dump',
      '-e',
      '-r',
      `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`,
      '-o',
      partial,
    ]);
    expect(resumed.stderr).toMatch(/Resuming download at/);
    expect(resumed.code).toBe(0);
    expect(compareFlvTags(flvTags(small), flvTags(partial)).differences).toEqual([]);
  });

  it("-k/--skip N resumes N keyframes further back; the result still has the file's tags", async () => {
    const bytes = readFileSync(small);
    // Keyframe tags of the source (video tag whose first data byte has frame type 1).
    const keyframes = flvTags(small).tags.filter((t) => t.type === 9 && bytes[t.offset + 11]! >> 4 === 1);
    expect(keyframes.length).toBeGreaterThanOrEqual(4);
    // Cut the file inside the tag after the third-from-last keyframe.
    const k = keyframes.at(-2)!;
    for (const [skip, expected] of [
      [0, keyframes.at(-3)!],
      [1, keyframes.at(-4)!],
    ] as const) {
      const partial = join(work, `skip-${skip}.flv`);
      writeFileSync(partial, bytes.subarray(0, k.offset - 5));
      const resumed = await rtmp([
        'dump',
        '-e',
        '--skip',
        String(skip),
        '-r',
        `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`,
        '-o',
        partial,
      ]);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toMatch(
        new RegExp(
          `^Resuming download at ${(expected.timestamp / 1000).toFixed(3)} s \\(file offset ${expected.offset + 11 + expected.size + 4}\\)$`,
          'm',
        ),
      );
      expect(compareFlvTags(flvTags(small), flvTags(partial)).differences).toEqual([]);
    }
  });

  it('-l 4 turns an rtmp:// URL into rtmps (nginx TLS terminator); --ca trusts the test CA, --insecure skips checks', async () => {
    const url = `rtmp://127.0.0.1:${nginx.rtmpsPort}/vod/small.flv`;
    const trusted = join(work, 'tls.flv');
    const ok = await rtmp(['dump', '-q', '-r', url, '-l', '4', '--ca', nginx.caPath, '-o', trusted]);
    expect(ok.code).toBe(0);
    expect(compareFlvTags(flvTags(small), flvTags(trusted)).differences).toEqual([]);
    const untrusted = await rtmp(['dump', '-r', url, '--protocol', '4', '-o', join(work, 'tls-bad.flv')]);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toMatch(/^rtmp: error: .*\[TRANSPORT_[A-Z_]+\]$/m);
    const insecure = await rtmp([
      'dump',
      '-q',
      '-r',
      url,
      '-l',
      '4',
      '--insecure',
      '-o',
      join(work, 'tls-insecure.flv'),
    ]);
    expect(insecure.code).toBe(0);
  });

  it('shows the progress bar on a TTY (bytes, seconds, percent, rate) and nothing when piped', async () => {
    const url = `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`;
    const tty = await run(
      'script',
      [
        '-qfec',
        `"${process.execPath}" "${BIN}" dump -r ${url} -b 1000 -B 3 -o ${join(work, 'tty.flv')}`,
        '/dev/null',
      ],
      { timeoutMs: 30_000 },
    );
    expect(tty.code).toBe(0);
    // cli-progress output: `download [====----] 21.2% | 234.0 kB | 2.1 s | 2054 kB/s`.
    expect(tty.stdout).toMatch(/download \[[=-]{24}\] \d+\.\d% \| \d+\.\d kB \| \d+\.\d s \| \d+ kB\/s/);
    expect(tty.stdout).toMatch(/Download complete/);

    const hashes = await run(
      'script',
      [
        '-qfec',
        `"${process.execPath}" "${BIN}" dump -# -r ${url} -b 1000 -B 3 -o ${join(work, 'tty-hash.flv')}`,
        '/dev/null',
      ],
      { timeoutMs: 30_000 },
    );
    expect(hashes.code).toBe(0);
    expect(hashes.stdout).toMatch(/#{10,}/);
    expect(hashes.stdout).not.toMatch(/download \[/);

    const piped = await rtmp(['dump', '-r', url, '-B', '3', '-o', join(work, 'piped.flv')]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^Download complete: \d+ tags, [\d.]+ s \(stop reached\)\n$/);
  });
});
