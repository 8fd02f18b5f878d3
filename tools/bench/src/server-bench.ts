/**
 * Server bench: our embedded server (`rtmp serve`, @rtmp/server) vs nginx-rtmp (chunk 4096)
 * serving the same big FLV to rtmpdump. Alternating runs; rtmpdump's wall time gives the
 * throughput, the server process's CPU comes from /proc; the file rtmpdump saved from our server
 * is compared tag by tag with the source.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFlvTags, flvTags, freePorts, waitForPort } from '@rtmp/test-peers';
import type { BenchArgs } from './bench-args.js';
import { type Bench, mainOf } from './bench-main.js';
import { type BenchPeers, CLI_BIN, nginxWorkerPid } from './bench-peers.js';
import { fmtSpread, ratio, recordFailure, spread, table } from './bench-stats.js';
import { measuredEnv, measureProcess, processCpuSeconds, processRssKiB } from './measure-process.js';

interface ServerSample {
  wallS: number;
  clientCpuS: number;
  serverCpuS: number;
  exitCode: number;
}

/** Runs the server bench and returns its Markdown report. */
export const serverBench: Bench = async (args: BenchArgs, peers: BenchPeers) => {
  const file = args.quick ? peers.small : peers.big;
  const name = file.split('/').pop() as string;
  const [port] = (await freePorts(1)) as [number];
  const ours: ChildProcess = spawn(
    'node',
    [CLI_BIN, 'serve', '-q', '--host', '127.0.0.1', '--port', String(port), '--root', peers.mediaDir],
    { stdio: 'ignore', env: measuredEnv() },
  );
  const dir = mkdtempSync(join(tmpdir(), 'rtmp-bench-srv-'));
  const servers = {
    'nginx-rtmp': { port: peers.nginx.rtmpPort, pid: () => nginxWorkerPid(peers.nginx) },
    'rtmp serve': { port, pid: () => ours.pid },
  } as const;
  const names = Object.keys(servers) as Array<keyof typeof servers>;
  const samples = new Map<string, ServerSample[]>(names.map((n) => [n, []]));
  let check = 'not run';
  let serverRssKiB = 0;
  try {
    await waitForPort(port);
    const rounds = args.runs + (args.quick ? 0 : 1);
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const server = names[(i + round) % names.length] as keyof typeof servers;
        const pid = servers[server].pid();
        const out = join(dir, 'out.flv');
        const cpu0 = pid ? processCpuSeconds(pid) : 0;
        const s = await measureProcess('rtmpdump', [
          '-q',
          '-r',
          `rtmp://127.0.0.1:${servers[server].port}/vod/${name}`,
          '-o',
          out,
        ]);
        const serverCpuS = pid ? processCpuSeconds(pid) - cpu0 : Number.NaN;
        if (server === 'rtmp serve') serverRssKiB = Math.max(serverRssKiB, pid ? processRssKiB(pid) : 0);
        if (round > 0 || args.quick)
          samples.get(server)?.push({ wallS: s.wallS, clientCpuS: s.cpuS, serverCpuS, exitCode: s.exitCode });
        if (server === 'rtmp serve' && round === rounds - 1) {
          const cmp = compareFlvTags(flvTags(file), flvTags(out), { ignoreEos: true });
          if (!cmp.equal) recordFailure(`server: rtmpdump's file differs: ${cmp.differences[0] ?? ''}`);
          check = cmp.equal
            ? `identical to the source (${cmp.counts.actual[8]} audio, ${cmp.counts.actual[9]} video tags, same timestamps)`
            : `DIFFERS: ${cmp.differences.slice(0, 3).join('; ')}`;
        }
        rmSync(out, { force: true });
      }
    }
  } finally {
    ours.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  const bytes = flvTags(file).tags.reduce((a, t) => a + t.size + 15, 13);
  const wall = (n: string) => spread((samples.get(n) ?? []).map((s) => s.wallS));
  const rows = names.map((n) => [
    n,
    fmtSpread(wall(n)),
    fmtSpread(spread((samples.get(n) ?? []).map((s) => bytes / 1e6 / Math.max(s.wallS, 0.001))), 0),
    fmtSpread(spread((samples.get(n) ?? []).map((s) => s.serverCpuS))),
    fmtSpread(spread((samples.get(n) ?? []).map((s) => s.clientCpuS))),
    [...new Set((samples.get(n) ?? []).map((s) => s.exitCode))].join(','),
  ]);
  return [
    `### Server: our embedded server vs nginx-rtmp serving ${name} (${(bytes / 1e6).toFixed(1)} MB) to rtmpdump`,
    '',
    `Command: \`pnpm --filter @rtmp/bench run server${args.quick ? ' --quick' : ''}\` (\`rtmp serve\` as its own process; ${args.runs} measured run(s) each${args.quick ? '' : ' after one warm-up'}, alternating)`,
    '',
    table(
      ['server', 'rtmpdump wall s', 'MB/s', 'server CPU s per download', 'rtmpdump CPU s', 'rtmpdump exit'],
      rows,
    ),
    '',
    `- throughput ratio (ours ÷ nginx-rtmp, MB/s): ${ratio(wall('nginx-rtmp').median, wall('rtmp serve').median)}; server CPU ratio ${ratio(spread((samples.get('rtmp serve') ?? []).map((s) => s.serverCpuS)).median, spread((samples.get('nginx-rtmp') ?? []).map((s) => s.serverCpuS)).median)}; \`rtmp serve\` RSS after the runs ${(serverRssKiB / 1024).toFixed(0)} MiB`,
    `- content: rtmpdump's file from \`rtmp serve\` is ${check}`,
  ].join('\n');
};

mainOf(serverBench, import.meta.url);
