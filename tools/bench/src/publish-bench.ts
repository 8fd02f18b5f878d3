/**
 * Publish bench: the big FLV pushed as fast as possible to nginx-rtmp `live` (no player):
 * `rtmp publish` vs `ffmpeg -c copy -f flv`, alternating, medians of wall, CPU, RSS, MB/s.
 * Losslessness: both publish once to the `record` app and nginx's two recordings are compared
 * tag by tag (ffmpeg is the reference publisher).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareFlvTags, flvTags } from '@rtmp/test-peers';
import type { BenchArgs } from './bench-args.js';
import { type Bench, mainOf } from './bench-main.js';
import { type BenchPeers, CLI_BIN } from './bench-peers.js';
import { fmtSpread, ratio, recordFailure, spread, table, verdict } from './bench-stats.js';
import { measureProcess, type ProcessSample } from './measure-process.js';

const PUBLISHERS: Record<string, (file: string, url: string) => [string, string[]]> = {
  'rtmp publish': (file, url) => ['node', [CLI_BIN, 'publish', '-q', file, url]],
  'ffmpeg -c copy -f flv': (file, url) => [
    'ffmpeg',
    ['-nostdin', '-loglevel', 'error', '-i', file, '-c', 'copy', '-f', 'flv', url],
  ],
};

/** Runs the publish bench and returns its Markdown report. */
export const publishBench: Bench = async (args: BenchArgs, peers: BenchPeers) => {
  const file = args.quick ? peers.small : peers.big;
  const bytes = statSync(file).size;
  const port = peers.nginx.rtmpPort;
  const names = Object.keys(PUBLISHERS);
  const samples = new Map<string, ProcessSample[]>(names.map((n) => [n, []]));
  const rounds = args.runs + (args.quick ? 0 : 1);
  let n = 0;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length] as string;
      const [cmd, argv] = (PUBLISHERS[name] as (f: string, u: string) => [string, string[]])(
        file,
        `rtmp://127.0.0.1:${port}/live/bench${n++}`,
      );
      const sample = await measureProcess(cmd, argv);
      if (round > 0 || args.quick) samples.get(name)?.push(sample);
    }
  }
  // Losslessness through nginx's record app.
  const recorded: string[] = [];
  for (const [i, name] of names.entries()) {
    const [cmd, argv] = (PUBLISHERS[name] as (f: string, u: string) => [string, string[]])(
      file,
      `rtmp://127.0.0.1:${port}/record/check${i}`,
    );
    await measureProcess(cmd, argv);
    recorded.push(join(peers.nginx.recordDir, `check${i}.flv`));
  }
  await new Promise((r) => setTimeout(r, 500)); // nginx closes the recording after unpublish
  let check = 'recording missing';
  if (recorded.every((p) => existsSync(p))) {
    const cmp = compareFlvTags(flvTags(recorded[1] as string), flvTags(recorded[0] as string), {
      ignoreScript: true,
    });
    if (!cmp.equal) recordFailure(`publish: the recording differs: ${cmp.differences[0] ?? ''}`);
    check = cmp.equal
      ? `identical to ffmpeg's (${cmp.counts.actual[8]} audio, ${cmp.counts.actual[9]} video tags, same data and timestamps)`
      : `DIFFERS: ${cmp.differences.slice(0, 3).join('; ')}`;
  } else recordFailure('publish: nginx wrote no recording');
  for (const p of recorded) rmSync(p, { force: true });
  const s = (name: string) => samples.get(name) ?? [];
  const cpu = (name: string) => spread(s(name).map((x) => x.cpuS));
  const rows = names.map((name) => [
    name,
    fmtSpread(spread(s(name).map((x) => x.wallS))),
    `${fmtSpread(cpu(name))} (${spread(s(name).map((x) => x.userS)).median.toFixed(2)}+${spread(s(name).map((x) => x.sysS)).median.toFixed(2)})`,
    fmtSpread(spread(s(name).map((x) => x.rssKiB / 1024)), 1),
    fmtSpread(spread(s(name).map((x) => bytes / 1e6 / Math.max(x.wallS, 0.001))), 0),
    [...new Set(s(name).map((x) => x.exitCode))].join(','),
  ]);
  const ours = cpu('rtmp publish').median;
  const ff = cpu('ffmpeg -c copy -f flv').median;
  return [
    `### Publish: ${file.split('/').pop()} (${(bytes / 1e6).toFixed(1)} MB) to nginx-rtmp live (chunk 4096), unpaced, no player`,
    '',
    `Command: \`pnpm --filter @rtmp/bench run publish${args.quick ? ' --quick' : ''}\` (${args.runs} measured run(s) each${args.quick ? '' : ' after one warm-up'}, alternating)`,
    '',
    table(['tool', 'wall s', 'user+sys s', 'peak RSS MiB', 'MB/s', 'exit'], rows),
    '',
    `- target: CPU ≤ 0.5x ffmpeg's: ${ratio(ours, ff)} → ${verdict(ours <= ff * 0.5)} (wall ${ratio(spread(s('rtmp publish').map((x) => x.wallS)).median, spread(s('ffmpeg -c copy -f flv').map((x) => x.wallS)).median)})`,
    `- losslessness: \`rtmp publish\` to nginx \`record\`: recording ${check}`,
  ].join('\n');
};

mainOf(publishBench, import.meta.url);
