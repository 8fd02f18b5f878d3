/**
 * Time to first media byte: process start to the first FLV byte on stdout (`-o -`) and to exit,
 * for the small file from nginx-rtmp vod (chunk 4096): `rtmp dump` vs `rtmpdump` (and ffmpeg for
 * scale). Tools alternate run by run; medians and min-max.
 */
import { spawn } from 'node:child_process';
import type { BenchArgs } from './bench-args.js';
import { type Bench, mainOf } from './bench-main.js';
import { type BenchPeers, CLI_BIN } from './bench-peers.js';
import { fmtSpread, spread, table, verdict } from './bench-stats.js';
import { measuredEnv } from './measure-process.js';

/** Row of `rtmp dump` started with this shell's NODE_EXTRA_CA_CERTS (when it is set). */
const WITH_CA = 'rtmp dump, NODE_EXTRA_CA_CERTS set';

/** One timed start. */
export interface FirstByteSample {
  firstByteMs: number;
  exitMs: number;
  bytes: number;
  exitCode: number;
}

/** Spawns `command` and times its first stdout byte and its exit (ms since spawn). */
export function timeFirstByte(
  command: string,
  args: readonly string[],
  timeoutMs = 30_000,
  env: NodeJS.ProcessEnv = measuredEnv(),
): Promise<FirstByteSample> {
  return new Promise((resolve) => {
    const start = performance.now();
    let first = Number.NaN;
    let bytes = 0;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
    child.stdout.on('data', (b: Buffer) => {
      if (bytes === 0) first = performance.now() - start;
      bytes += b.length;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ firstByteMs: first, exitMs: performance.now() - start, bytes, exitCode: code ?? -1 });
    });
  });
}

const TOOLS: Record<string, (url: string) => [string, string[]]> = {
  'rtmp dump': (url) => ['node', [CLI_BIN, 'dump', '-q', '-r', url, '-o', '-']],
  rtmpdump: (url) => ['rtmpdump', ['-q', '-r', url, '-o', '-']],
  ffmpeg: (url) => [
    'ffmpeg',
    ['-nostdin', '-loglevel', 'error', '-rtmp_buffer', '36000000', '-i', url, '-c', 'copy', '-f', 'flv', '-'],
  ],
};

/** Runs the time-to-first-byte bench and returns its Markdown report. */
export const ttfbBench: Bench = async (args: BenchArgs, peers: BenchPeers) => {
  const url = `rtmp://127.0.0.1:${peers.nginx.rtmpPort}/vod/small.flv`;
  const runs = args.quick ? 2 : Math.max(15, args.runs * 3);
  const names = Object.keys(TOOLS);
  const caCerts = process.env.NODE_EXTRA_CA_CERTS;
  if (caCerts) names.splice(1, 0, WITH_CA);
  const samples = new Map<string, FirstByteSample[]>(names.map((n) => [n, []]));
  for (let round = 0; round < runs + 1; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length] as string;
      const tool = name === WITH_CA ? 'rtmp dump' : name;
      const [cmd, argv] = (TOOLS[tool] as (u: string) => [string, string[]])(url);
      const sample = await timeFirstByte(
        cmd,
        argv,
        30_000,
        measuredEnv(name === WITH_CA ? { NODE_EXTRA_CA_CERTS: caCerts } : {}),
      );
      if (round > 0) samples.get(name)?.push(sample);
    }
  }
  const first = (n: string) => spread((samples.get(n) ?? []).map((s) => s.firstByteMs));
  const exit = (n: string) => spread((samples.get(n) ?? []).map((s) => s.exitMs));
  const rows = names.map((n) => [
    n,
    fmtSpread(first(n), 0),
    fmtSpread(exit(n), 0),
    fmtSpread(spread((samples.get(n) ?? []).map((s) => s.bytes)), 0),
    `${Math.round(first(n).median - first('rtmpdump').median)} ms`,
  ]);
  const ours = first('rtmp dump').median;
  const theirs = first('rtmpdump').median;
  return [
    '### Time to first media byte: small.flv from nginx-rtmp vod (chunk 4096), `-o -`',
    '',
    `Command: \`pnpm --filter @rtmp/bench run ttfb${args.quick ? ' --quick' : ''}\` (${runs} runs per tool after one warm-up round, alternating)`,
    '',
    table(['tool', 'first stdout byte ms', 'process exit ms', 'bytes', 'first byte − rtmpdump'], rows),
    '',
    `- target: first byte ≤ rtmpdump + 100 ms: ${Math.round(ours)} ms vs ${Math.round(theirs)} + 100 ms → ${verdict(ours <= theirs + 100)}`,
    ...(caCerts
      ? [
          `- The measured processes run without this shell's \`NODE_EXTRA_CA_CERTS\` (Node 20 parses that CA bundle at start-up in every process: +${Math.round(first(WITH_CA).median - ours)} ms here); the second row has it set.`,
        ]
      : []),
    "- About 40 ms of every client's figure is nginx-rtmp waiting on Nagle/delayed ACK before its connect `_result` (it does not set TCP_NODELAY).",
  ].join('\n');
};

mainOf(ttfbBench, import.meta.url);
