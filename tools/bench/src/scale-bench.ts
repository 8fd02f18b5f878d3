/**
 * Scale bench: N concurrent live players of @rtmp/client in ONE Node process (scale-players.ts,
 * a child so its RSS and CPU are its own) against one nginx-rtmp live stream published by
 * `ffmpeg -re -stream_loop -1`. RSS per player, CPU, nginx worker CPU, and whether every player
 * received every tag: each player's per-type window (first..last timestamp, count, bytes) is
 * checked against an rtmpdump recording of the same stream.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FlvTagInfo, flvTags, run } from '@rtmp/test-peers';
import type { BenchArgs } from './bench-args.js';
import { type Bench, mainOf } from './bench-main.js';
import { type BenchPeers, nginxWorkerPid } from './bench-peers.js';
import { fmtSpread, recordFailure, spread, table, verdict } from './bench-stats.js';
import { measuredEnv, processCpuSeconds } from './measure-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface TypeWindow {
  first: number;
  last: number;
  count: number;
  bytes: number;
}

interface ChildReport {
  n: number;
  connectS: number;
  rssBefore: number;
  rssWith: number;
  rssPeakWindow: number;
  cpuS: number;
  windowS: number;
  players: Array<[TypeWindow, TypeWindow, string | null]>;
}

/** A 60 s 426x240 ~300 kbit/s H.264 + AAC FLV, the live source (generated once next to the media). */
async function liveSource(mediaDir: string): Promise<string> {
  const path = join(mediaDir, 'bench-live-240p.flv');
  if (existsSync(path)) return path;
  const part = `${path}.${process.pid}.part.flv`;
  const r = await run(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=426x240:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100,aformat=channel_layouts=stereo'],
      ...['-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '250k', '-maxrate', '300k'],
      ...[
        '-bufsize',
        '300k',
        '-g',
        '30',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '64k',
        '-f',
        'flv',
        part,
      ],
    ],
    { timeoutMs: 300_000 },
  );
  if (r.code !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
  renameSync(part, path);
  return path;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('close', () => r()));
}

/** Tags of `type` in the reference within [first, last]: count and bytes. */
function expected(ref: FlvTagInfo[], type: number, w: TypeWindow): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const t of ref) {
    if (t.type !== type || t.timestamp < w.first || t.timestamp > w.last) continue;
    count++;
    bytes += t.size;
  }
  return { count, bytes };
}

async function runScale(peers: BenchPeers, source: string, n: number, seconds: number, dir: string) {
  const url = `rtmp://127.0.0.1:${peers.nginx.rtmpPort}/live/scale${n}`;
  const publisher = spawn(
    'ffmpeg',
    [
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      source,
      '-c',
      'copy',
      '-f',
      'flv',
      url,
    ],
    { stdio: 'ignore' },
  );
  const refPath = join(dir, `ref-${n}.flv`);
  let reference: ChildProcess | undefined;
  let child: ChildProcess | undefined;
  try {
    await new Promise((r) => setTimeout(r, 1500));
    reference = spawn('rtmpdump', ['-q', '-v', '-r', url, '-o', refPath], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 500));
    const worker = nginxWorkerPid(peers.nginx);
    const nginxCpu0 = worker ? processCpuSeconds(worker) : 0;
    child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(HERE, 'scale-players.ts'), url, String(n), String(seconds)],
      { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(HERE, '..'), env: measuredEnv() },
    );
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    const timer = setTimeout(() => child?.kill('SIGKILL'), (seconds + 120 + n / 10) * 1000);
    await exited(child);
    clearTimeout(timer);
    const nginxCpu = worker ? processCpuSeconds(worker) - nginxCpu0 : Number.NaN;
    reference.kill('SIGINT');
    await exited(reference);
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildReport;
    if (!report.players) throw new Error(`scale child for ${n} players gave no report`);
    const ref = flvTags(refPath).tags;
    let complete = 0;
    let errors = 0;
    const lost: number[] = [];
    const tagsPerPlayer: number[] = [];
    for (const [audio, video, error] of report.players) {
      if (error) errors++;
      const ea = expected(ref, 8, audio);
      const ev = expected(ref, 9, video);
      const ok =
        !error &&
        audio.count > 0 &&
        video.count > 0 &&
        ea.count === audio.count &&
        ea.bytes === audio.bytes &&
        ev.count === video.count &&
        ev.bytes === video.bytes;
      if (ok) complete++;
      lost.push(Math.max(0, ea.count - audio.count) + Math.max(0, ev.count - video.count));
      tagsPerPlayer.push(audio.count + video.count);
    }
    return { report, nginxCpu, complete, errors, lost, tagsPerPlayer };
  } finally {
    child?.kill('SIGKILL');
    reference?.kill('SIGKILL');
    publisher.kill('SIGTERM');
    await exited(publisher);
    rmSync(refPath, { force: true });
  }
}

/** Runs the scale bench and returns its Markdown report. */
export const scaleBench: Bench = async (args: BenchArgs, peers: BenchPeers) => {
  const source = await liveSource(peers.mediaDir);
  const seconds = args.quick ? 4 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'rtmp-bench-scale-'));
  const rows: string[][] = [];
  const targets: string[] = [];
  try {
    for (const n of args.players) {
      const r = await runScale(peers, source, n, seconds, dir);
      if (r.complete !== n) recordFailure(`scale: ${n - r.complete} of ${n} players missed tags or failed`);
      const perPlayerKiB = (r.report.rssWith - r.report.rssBefore) / 1024 / n;
      const peakPerPlayerKiB = (r.report.rssPeakWindow - r.report.rssBefore) / 1024 / n;
      rows.push([
        String(n),
        r.report.connectS.toFixed(1),
        (r.report.rssBefore / 2 ** 20).toFixed(0),
        (r.report.rssWith / 2 ** 20).toFixed(0),
        `${perPlayerKiB.toFixed(0)} (${peakPerPlayerKiB.toFixed(0)} before GC)`,
        `${r.report.cpuS.toFixed(2)} (${((100 * r.report.cpuS) / seconds).toFixed(0)} % of a core)`,
        Number.isFinite(r.nginxCpu) ? r.nginxCpu.toFixed(2) : 'n/a',
        fmtSpread(spread(r.tagsPerPlayer), 0),
        `${r.complete}/${n}${r.errors ? ` (${r.errors} errors)` : ''}`,
        String(r.lost.reduce((a, b) => a + b, 0)),
      ]);
      if (n === Math.max(...args.players) && n < 1000)
        targets.push(
          `- target (1000 players, ≤ 200 KiB each, no lost tags): not evaluated by this run (largest N is ${n}; fixed costs dominate small N)`,
        );
      else if (n === Math.max(...args.players))
        targets.push(
          `- target: ${n} players with ≤ 200 KiB RSS each and no lost tags: ${perPlayerKiB.toFixed(0)} KiB, ${r.complete}/${n} complete → ${verdict(perPlayerKiB <= 200 && r.complete === n)}`,
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    `### Scale: N live players in one Node process (@rtmp/client) on one nginx-rtmp live stream`,
    '',
    `Command: \`pnpm --filter @rtmp/bench run scale${args.quick ? ' --quick' : ''}\` (source: 240p ~320 kbit/s FLV published with \`ffmpeg -re -stream_loop -1\`; ${seconds} s measuring window after all players play; reference: one rtmpdump recording)`,
    '',
    table(
      [
        'players',
        'connect s',
        'RSS before MiB',
        'RSS with players MiB',
        'RSS per player KiB (after GC)',
        'player process CPU s in window',
        'nginx worker CPU s (whole run)',
        'tags per player in window',
        'players with every tag',
        'tags lost',
      ],
      rows,
    ),
    '',
    ...targets,
    '- "every tag": per type, the tags a player got between its first and last timestamp of the window equal, in count and bytes, the tags of the rtmpdump reference recording in that range.',
  ].join('\n');
};

mainOf(scaleBench, import.meta.url);
